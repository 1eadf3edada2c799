from champions.management.commands._base import TaskCommand
from champions.tasks import inactivity


class Command(TaskCommand):
    help = "Warn champions after 11 months without activity, and mark them inactive at 12 months. Run daily."

    def handle(self, *args, **options):
        result = inactivity(self.now(options))
        self.stdout.write(f"Warnings sent: {result['warned']}. Made inactive: {result['made_inactive']}.")
