from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from borough_site import backups


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite or PostgreSQL) and the uploaded files to a new folder under --output-dir "
        "(default: $BACKUP_DIR, or backups/). Safe while the site runs. See docs/backup-and-restore.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output-dir", type=Path, help="where to make the backup's folder")
        parser.add_argument("--no-media", action="store_true", help="leave out the uploaded files")

    def handle(self, *args, output_dir=None, no_media=False, **options):
        try:
            folder = backups.back_up(output_dir or backups.default_backup_root(), include_media=not no_media)
        except backups.BackupError as error:
            raise CommandError(f"No backup was made: {error}") from error
        manifest = backups.read_manifest(folder)
        media = manifest["media"]
        self.stdout.write(
            f"Backed up the {manifest['engine']} database ({manifest['database_bytes']:,} bytes)"
            + (f" and {media['files']} uploaded file(s)" if media else "")
            + f" to {folder}"
        )
