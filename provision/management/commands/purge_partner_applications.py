import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from provision.retention import purge_stale_partner_applications


class Command(BaseCommand):
    help = (
        "Delete requests to list services that were declined, or never decided, more than "
        "PARTNER_APPLICATION_RETENTION_MONTHS (default 6) ago. Run daily. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", type=dt.date.fromisoformat, help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, today=None, **options):
        now = timezone.make_aware(dt.datetime.combine(today, dt.time(9))) if today else None
        counts = purge_stale_partner_applications(now)
        self.stdout.write(
            f"Requests to list services deleted: {counts['declined']} declined, "
            f"{counts['never_decided']} never decided."
        )
