from django.core.management import call_command

from champions.management.commands._base import TaskCommand


class Command(TaskCommand):
    help = "Run every daily Digital Champions job: training reminders and lapses, inactivity, purges, erasing those who left, ended sessions."

    def handle(self, *args, **options):
        for name in (
            "champion_training_reminders",
            "champion_inactivity",
            "purge_declined_applications",
            "erase_departed_champions",
            "unpublish_ended_help_sessions",
        ):
            call_command(name, date=options.get("date"), stdout=self.stdout)
