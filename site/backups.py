"""Back up and restore the database and the uploaded files (MEDIA_ROOT), on SQLite or PostgreSQL.

A backup is a folder, backups/<UTC time>/ by default, holding:

* database.sqlite3: a consistent copy made with SQLite's online backup API, safe while the site runs; or
  database.dump: `pg_dump --format=custom`, also consistent while the site runs;
* media.tar.gz: every uploaded image and document;
* manifest.json: what the folder holds and where it came from.

Restoring puts the database back (SQLite: copied back with the backup API; PostgreSQL: `pg_restore --clean
--if-exists --no-owner` in one transaction) and then the media files. Stop the site first. The PostgreSQL
password goes to pg_dump and pg_restore in PGPASSWORD, never on a command line other users can see.
docs/backup-and-restore.md is the procedure.
"""

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump and pg_restore, with argument lists, never a shell
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connections

DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
MEDIA_FILE = "media.tar.gz"
MANIFEST_FILE = "manifest.json"


class BackupError(Exception):
    """Something an operator can fix; the message says what."""


def engine(alias: str = "default") -> str:
    name = connections[alias].vendor
    if name not in DATABASE_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {name}.")
    return name


def default_backup_root() -> Path:
    return Path(os.environ.get("BACKUP_DIR") or settings.BASE_DIR / "backups")


# Backing up ------------------------------------------------------------------------------------------------


def back_up(root: Path, *, include_media: bool = True, alias: str = "default") -> Path:
    """Make a new backup folder under `root` and return it."""
    vendor = engine(alias)
    folder = Path(root) / dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H%M%SZ")
    folder.parent.mkdir(parents=True, exist_ok=True)
    # It holds residents' and champions' personal details: readable by the site's own account only.
    folder.mkdir(mode=0o700, exist_ok=False)
    database_file = folder / DATABASE_FILES[vendor]
    if vendor == "sqlite":
        _sqlite_backup(connections[alias].settings_dict["NAME"], database_file)
    else:
        _pg_dump(connections[alias], database_file)
    manifest = {
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "engine": vendor,
        "database": database_file.name,
        "database_bytes": database_file.stat().st_size,
        "media": _archive_media(folder / MEDIA_FILE) if include_media else None,
    }
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n")
    for path in folder.iterdir():
        path.chmod(0o600)
    return folder


def _sqlite_backup(source: str, destination: Path) -> None:
    if not Path(source).is_file():
        raise BackupError(f"There is no SQLite database at {source}.")
    with sqlite3.connect(source) as live, sqlite3.connect(destination) as copy:
        # Copies page by page under SQLite's own locking, so a write during the copy makes it start again
        # rather than produce a torn file.
        live.backup(copy)
    _check_sqlite(destination)


def _check_sqlite(path: Path) -> None:
    with sqlite3.connect(path) as database:
        (result,) = database.execute("PRAGMA integrity_check").fetchone()
    if result != "ok":
        raise BackupError(f"{path} failed SQLite's integrity check: {result}")


def _archive_media(destination: Path) -> dict:
    media_root = Path(settings.MEDIA_ROOT)
    count = 0
    with tarfile.open(destination, "w:gz") as archive:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=path.relative_to(media_root).as_posix(), recursive=False)
                    count += 1
    return {"file": destination.name, "files": count, "from": str(media_root)}


# Restoring -------------------------------------------------------------------------------------------------


def read_manifest(folder: Path) -> dict:
    try:
        return json.loads((Path(folder) / MANIFEST_FILE).read_text())
    except FileNotFoundError as error:
        raise BackupError(f"{folder} is not a backup made by backup_database: it has no {MANIFEST_FILE}.") from error
    except ValueError as error:
        raise BackupError(f"{folder}/{MANIFEST_FILE} cannot be read: {error}") from error


def restore(folder: Path, *, include_media: bool = True, alias: str = "default") -> dict:
    """Put the backup in `folder` back. Returns its manifest."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    vendor = engine(alias)
    if manifest.get("engine") != vendor:
        raise BackupError(
            f"{folder} is a {manifest.get('engine')} backup and this site uses {vendor}: "
            "restore it onto the same kind of database."
        )
    database_file = folder / DATABASE_FILES[vendor]
    if not database_file.is_file():
        raise BackupError(f"{database_file} is missing.")
    connection = connections[alias]
    if vendor == "sqlite":
        _check_sqlite(database_file)
        connection.close()
        with sqlite3.connect(database_file) as backup, sqlite3.connect(connection.settings_dict["NAME"]) as live:
            backup.backup(live)
    else:
        connection.close()
        _pg_restore(connection, database_file)
    if include_media and manifest.get("media"):
        _extract_media(folder / manifest["media"]["file"])
    return manifest


def _extract_media(archive_path: Path) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive_path, "r:gz") as archive:
        # The "data" filter refuses absolute paths, "..", links out of the folder and device files.
        archive.extractall(media_root, filter="data")


# PostgreSQL ------------------------------------------------------------------------------------------------


def _pg_tool(name: str, connection) -> str:
    """pg_dump or pg_restore for the server's major version: a dump made with an older pg_dump than the
    server is refused, so Debian's versioned folder is preferred to whatever is first on PATH."""
    override = os.environ.get("PG_BIN_DIR")
    candidates = [Path(override) / name] if override else []
    major = connection.pg_version // 10000
    candidates.append(Path(f"/usr/lib/postgresql/{major}/bin/{name}"))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} was not found. Install the PostgreSQL {major} client tools (Debian: postgresql-client-{major}), "
            "or set PG_BIN_DIR to the folder that holds them."
        )
    return found


def _pg_arguments(settings_dict: dict) -> tuple[list[str], dict]:
    """Connection arguments from Django's settings, and the environment that carries the password."""
    arguments = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            arguments.append(f"{option}={settings_dict[key]}")
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    sslmode = (settings_dict.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return arguments, env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip() or result.stdout.strip()}")


def _pg_dump(connection, destination: Path) -> None:
    arguments, env = _pg_arguments(connection.settings_dict)
    tool = _pg_tool("pg_dump", connection)
    name = connection.settings_dict["NAME"]
    _run([tool, "--format=custom", "--no-password", *arguments, f"--file={destination}", f"--dbname={name}"], env)


def _pg_restore(connection, source: Path) -> None:
    arguments, env = _pg_arguments(connection.settings_dict)
    tool = _pg_tool("pg_restore", connection)
    connection.close()
    name = connection.settings_dict["NAME"]
    _run(
        [
            tool,
            "--clean",
            "--if-exists",
            "--no-owner",
            # All or nothing: a failed restore leaves the database as it was.
            "--single-transaction",
            "--no-password",
            *arguments,
            f"--dbname={name}",
            str(source),
        ],
        env,
    )
