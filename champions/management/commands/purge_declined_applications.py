from champions.management.commands._base import TaskCommand
from champions.tasks import purge_declined_applications


class Command(TaskCommand):
    help = "Delete declined applications 6 months after the decision. Run daily."

    def handle(self, *args, **options):
        count = purge_declined_applications(self.now(options))
        self.stdout.write(f"Declined applications deleted: {count}.")
