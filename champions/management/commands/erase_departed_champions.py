from champions.management.commands._base import TaskCommand
from champions.tasks import erase_departed_champions


class Command(TaskCommand):
    help = "Erase champions 12 months after they left, or at once if they asked us to delete their details. Run daily."

    def handle(self, *args, **options):
        count = erase_departed_champions(self.now(options))
        self.stdout.write(f"Champions who left erased: {count}.")
