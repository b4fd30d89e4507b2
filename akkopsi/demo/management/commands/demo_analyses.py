from typing import Any

from django.core.management.base import BaseCommand

from akkopsi.demo.awards import finish_held_editions
from akkopsi.notifications.services import muted


class Command(BaseCommand):
    help = (
        "Compute and publish the demo's award editions that `akkopsi demo --defer-analyses` "
        "held (uncertainty and sensitivity analysis included). Idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with muted():  # generated history: nobody is notified
            done = finish_held_editions()
        self.stdout.write(f"{done} demo award editions computed and published.")
