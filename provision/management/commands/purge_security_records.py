from axes.helpers import get_cool_off
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.management.base import BaseCommand
from django.utils import timezone

from provision import ratelimit

# Sign-in logs are switched off (settings: AXES_DISABLE_ACCESS_LOG); if a council turns them on, a month.
SIGN_IN_LOG_DAYS = 30


class Command(BaseCommand):
    help = (
        "Delete abuse-protection records nobody needs any more: rate-limit counters older than a day and "
        "sign-in attempts (usernames, addresses) once their lockout has passed. Run daily. Safe to run again."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        counters = ratelimit.purge_expired(older_than_seconds=24 * 60 * 60)
        attempts, _ = AccessAttempt.objects.filter(attempt_time__lt=now - get_cool_off()).delete()
        log_cutoff = now - timezone.timedelta(days=SIGN_IN_LOG_DAYS)
        logs = AccessLog.objects.filter(attempt_time__lt=log_cutoff).delete()[0]
        logs += AccessFailureLog.objects.filter(attempt_time__lt=log_cutoff).delete()[0]
        self.stdout.write(
            f"Deleted {counters} rate-limit counter(s), {attempts} sign-in attempt record(s) "
            f"and {logs} sign-in log entr{'y' if logs == 1 else 'ies'}."
        )
