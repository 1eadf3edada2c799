from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from borough_site import backups


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files with a backup made by backup_database. Stop the site "
        "first. See docs/backup-and-restore.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="the backup's folder, e.g. backups/2025-01-31T020000Z")
        parser.add_argument("--no-media", action="store_true", help="leave the uploaded files as they are")
        parser.add_argument("--no-input", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, backup: Path, no_media=False, no_input=False, **options):
        try:
            manifest = backups.read_manifest(backup)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        target = connection.settings_dict["NAME"]
        if not no_input:
            answer = input(
                f"This replaces everything in the database {target}"
                + ("" if no_media else " and the uploaded files")
                + f" with the backup of {manifest['created_at']}. Is the site stopped, and do you want to go on? "
                "Type 'yes': "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was restored.")
        try:
            backups.restore(backup, include_media=not no_media)
        except backups.BackupError as error:
            raise CommandError(f"The restore failed: {error}") from error
        self.stdout.write(f"Restored {target} from the backup of {manifest['created_at']} in {backup}.")
