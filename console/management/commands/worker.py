import importlib
import time

from django.apps import apps
from django.core.management.base import BaseCommand

from console.tasks import run_one, worker_name


def load_handlers() -> None:
    """Import every installed app's `tasks` module so its handlers register."""
    for config in apps.get_app_configs():
        try:
            importlib.import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.tasks":
                raise


class Command(BaseCommand):
    help = "Run queued tasks (bulk actions, exports, import uploads) from the database."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run what is queued, then stop.")
        parser.add_argument("--sleep", type=float, default=1.0)

    def handle(self, *args, once, sleep, **options):
        load_handlers()
        name = worker_name()
        self.stdout.write(f"Worker {name} started.")
        while True:
            task = run_one(name)
            if task is not None:
                self.stdout.write(f"{task.kind} #{task.pk}: {task.status}")
                continue
            if once:
                return
            time.sleep(sleep)
