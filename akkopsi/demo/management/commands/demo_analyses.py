from typing import Any

from django.core.management.base import BaseCommand

from akkopsi.demo.awards import finish_held_editions
from akkopsi.jobs import services
from akkopsi.notifications.services import muted


class Command(BaseCommand):
    help = (
        "Compute and publish the demo's award editions that `akkopsi demo --defer-analyses` "
        "held (uncertainty and sensitivity analysis included). Idempotent."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the work to the task workers as one job (one edition an item; make run).",
        )
        parser.add_argument("--priority", type=int, default=services.LOW_PRIORITY)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            from akkopsi.demo.jobs import ANALYSES

            job = services.start(ANALYSES, by=None, priority=options["priority"])
            self.stdout.write(f"Job {job.pk} enqueued: /tugas/{job.pk}/")
            return
        with muted():  # generated history: nobody is notified
            done = finish_held_editions()
        self.stdout.write(f"{done} demo award editions computed and published.")
