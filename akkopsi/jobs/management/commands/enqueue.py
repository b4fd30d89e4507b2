from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from akkopsi.jobs import services
from akkopsi.jobs.jobs import COMMAND, SCHEDULED


class Command(BaseCommand):
    help = (
        "Enqueue a scheduled command as a low-priority job for the task workers (the cron "
        "entry's alternative to running it here; ADR 0054). Commands: " + ", ".join(SCHEDULED)
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("name", help="The command to run.")
        parser.add_argument("args", nargs="*", help="Its arguments (after --).")
        parser.add_argument("--priority", type=int, default=services.LOW_PRIORITY)

    def handle(self, *args: Any, **options: Any) -> None:
        params = {"name": options["name"], "args": list(args)}
        try:
            job = services.start(COMMAND, by=None, params=params, priority=options["priority"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Job {job.pk} enqueued: /tugas/{job.pk}/")
