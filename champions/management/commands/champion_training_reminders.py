from champions.management.commands._base import TaskCommand
from champions.tasks import training_reminders_and_lapses


class Command(TaskCommand):
    help = "Remind champions 30 days before required training runs out, and mark them lapsed once it has. Run daily."

    def handle(self, *args, **options):
        result = training_reminders_and_lapses(self.today(options))
        self.stdout.write(f"Reminders sent: {result['reminded']}. Newly lapsed: {result['lapsed']}.")
