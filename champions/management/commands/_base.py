import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class TaskCommand(BaseCommand):
    """A scheduled job with an optional --date (to catch up, or to try it out) and a summary line."""

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as if today were this date (YYYY-MM-DD).")

    def today(self, options) -> dt.date:
        if not options.get("date"):
            return timezone.localdate()
        try:
            return dt.date.fromisoformat(options["date"])
        except ValueError as error:
            raise CommandError("Give the date as YYYY-MM-DD.") from error

    def now(self, options) -> dt.datetime:
        if not options.get("date"):
            return timezone.now()
        return timezone.make_aware(dt.datetime.combine(self.today(options), dt.time(9, 0)))
