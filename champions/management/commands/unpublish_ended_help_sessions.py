from champions.management.commands._base import TaskCommand
from champions.tasks import unpublish_ended


class Command(TaskCommand):
    help = "Take help sessions whose last date has passed out of the public directory. Run daily."

    def handle(self, *args, **options):
        count = unpublish_ended(self.today(options))
        self.stdout.write(f"Listings unpublished: {count}.")
