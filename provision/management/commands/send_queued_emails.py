from django.core.management.base import BaseCommand

from provision.outbox import send_queued


class Command(BaseCommand):
    help = "Send emails that could not be sent earlier (run every few minutes from cron). Safe to run again."

    def handle(self, *args, **options):
        sent, waiting = send_queued()
        self.stdout.write(f"Sent {sent} email(s); {waiting} still waiting.")
