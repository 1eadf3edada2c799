"""Backup and restore round trip: back up, change and delete data and uploads, restore, and it is all back.

The commands run as an operator runs them (`manage.py` in a separate process, DATABASE_URL and MEDIA_ROOT in
the environment), against whichever engine this test run uses: on SQLite a file database copied from the test
database, on PostgreSQL the test database, restored into a scratch database (pg_dump and pg_restore). A missing
pg_dump or pg_restore fails the test: CI runs it on both engines.
"""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from wagtail.models import Page

from champions.factories import CampaignPageFactory, ChampionFactory
from champions.models import Champion
from locations.factories import LocationFactory
from locations.models import Location
from provision.factories import OrganisationFactory, ServiceFactory
from provision.models import Service, ServiceLocation

pytestmark = pytest.mark.django_db(transaction=True)

PHOTO = b"\x89PNG not really, but bytes all the same"


def manage(*args, database_url: str, media_root: Path) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "DJANGO_SETTINGS_MODULE": "borough_site.settings.dev",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


class Database:
    """Plain SQL on a database outside Django's connection: the copy the commands work on."""

    def __init__(self, url: str, *, sqlite_path: Path | None = None, pg_name: str = ""):
        self.url, self.sqlite_path, self.pg_name = url, sqlite_path, pg_name

    def execute(self, sql: str) -> list[tuple]:
        if self.sqlite_path:
            with sqlite3.connect(self.sqlite_path) as database:
                return database.execute(sql).fetchall()
        import psycopg

        params = connection.settings_dict
        with psycopg.connect(
            dbname=self.pg_name,
            user=params["USER"],
            password=params["PASSWORD"],
            host=params["HOST"],
            port=params["PORT"] or 5432,
            autocommit=True,
        ) as database:
            cursor = database.execute(sql)
            return cursor.fetchall() if cursor.description else []

    def snapshot(self) -> dict:
        def rows(model, *columns):
            table = model._meta.db_table
            return self.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {columns[0]}")  # noqa: S608

        return {
            "services": rows(Service, "name", "summary"),
            "places": rows(Location, "name", "postcode"),
            "service places": len(rows(ServiceLocation, "id")),
            "champions": rows(Champion, "email", "first_name", "last_name", "phone", "home_postcode"),
            "pages": rows(Page, "url_path", "title"),
        }


def build_data(home_page):
    organisation = OrganisationFactory(name="Balham Digital Hub")
    place = LocationFactory(name="Balham Library", postcode="SW12 9BW")
    for number in range(3):
        ServiceFactory(
            name=f"Computer club {number}", summary="Help with phones.", organisation=organisation, locations=[place]
        )
    ChampionFactory(
        first_name="Amina",
        last_name="Okafor",
        email="amina@example.org",
        phone="07700 900 982",
        home_postcode="SW18 2PU",
    )
    CampaignPageFactory(parent=home_page, title="Volunteer with us", slug="volunteer")


def change_and_delete(database: Database, media_root: Path):
    for sql in (
        f"UPDATE {Champion._meta.db_table} SET email = 'someone-else@example.org', phone = ''",  # noqa: S608
        f"UPDATE {Service._meta.db_table} SET name = 'Renamed', summary = 'Changed'",  # noqa: S608
        f"DELETE FROM {ServiceLocation._meta.db_table}",  # noqa: S608
        f"UPDATE {Page._meta.db_table} SET title = 'Changed' WHERE slug = 'volunteer'",  # noqa: S608
    ):
        database.execute(sql)
    (media_root / "images" / "photo.png").write_bytes(b"overwritten")
    (media_root / "documents" / "rota.txt").unlink()


@pytest.fixture
def media_root(tmp_path) -> Path:
    root = tmp_path / "media"
    (root / "images").mkdir(parents=True)
    (root / "documents").mkdir()
    (root / "images" / "photo.png").write_bytes(PHOTO)
    (root / "documents" / "rota.txt").write_text("Tuesday: Amina")
    return root


def test_a_backup_restores_the_data_and_uploads_that_were_changed_or_deleted_since(home_page, tmp_path, media_root):
    build_data(home_page)
    backups_dir = tmp_path / "backups"

    if connection.vendor == "sqlite":
        # The test database lives in memory: the site's database is a file copy of it.
        path = tmp_path / "site.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
        source = target = Database(f"sqlite:///{path}", sqlite_path=path)
    else:
        params = connection.settings_dict
        server = (
            f"postgres://{quote(params['USER'])}:{quote(params['PASSWORD'])}@{params['HOST']}:{params['PORT'] or 5432}"
        )
        scratch = f"{params['NAME']}_restored"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
            cursor.execute(f'CREATE DATABASE "{scratch}"')
        source = Database(f"{server}/{params['NAME']}", pg_name=params["NAME"])
        target = Database(f"{server}/{scratch}", pg_name=scratch)
    original = source.snapshot()
    assert len(original["services"]) == 3 and original["service places"] == 3
    assert ("amina@example.org", "Amina", "Okafor", "07700 900 982", "SW18 2PU") in original["champions"]
    assert any(title == "Volunteer with us" for _, title in original["pages"])

    try:
        output = manage(
            "backup_database", f"--output-dir={backups_dir}", database_url=source.url, media_root=media_root
        )
        (folder,) = backups_dir.iterdir()
        assert f"and 2 uploaded file(s) to {folder}" in output
        if target is not source:
            # A new, empty PostgreSQL database first, as on a new server.
            manage("restore_database", str(folder), "--no-input", database_url=target.url, media_root=media_root)
            assert target.snapshot() == original

        change_and_delete(target, media_root)
        assert target.snapshot() != original

        output = manage("restore_database", str(folder), "--no-input", database_url=target.url, media_root=media_root)

        assert output.startswith("Restored ")
        assert target.snapshot() == original
        assert (media_root / "images" / "photo.png").read_bytes() == PHOTO
        assert (media_root / "documents" / "rota.txt").read_text() == "Tuesday: Amina"
    finally:
        if target is not source:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{target.pg_name}" WITH (FORCE)')


def test_restoring_a_folder_that_is_not_a_backup_changes_nothing_and_says_why(tmp_path):
    with pytest.raises(CommandError, match="is not a backup made by backup_database"):
        call_command("restore_database", str(tmp_path), no_input=True)


def test_a_backup_from_the_other_engine_is_refused(tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    (tmp_path / "manifest.json").write_text(f'{{"engine": "{other}", "created_at": "2025-01-31T02:00:00+00:00"}}')

    with pytest.raises(CommandError, match=f"is a {other} backup and this site uses {connection.vendor}"):
        call_command("restore_database", str(tmp_path), no_input=True)
