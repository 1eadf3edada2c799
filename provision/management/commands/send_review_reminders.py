import datetime as dt

from django.core.management.base import BaseCommand

from provision.reviews import send_review_reminders


class Command(BaseCommand):
    help = (
        "Ask partners to check listings not reviewed for 6 months, and tell the lead about those not reviewed for "
        "12 (run daily from cron). Safe to run again: each reminder is sent once per review date."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", type=dt.date.fromisoformat, help="Act as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, today=None, **options):
        run = send_review_reminders(today=today)
        self.stdout.write(
            f"Asked partners to check {len(run.reminded)} listing(s); "
            f"told the lead about {len(run.out_of_date)} listing(s) that may be out of date."
        )
