from typing import Any

from django.core.management.base import BaseCommand

from akkopsi.jobs import services as jobs
from akkopsi.jobs.models import State
from akkopsi.planning.jobs import SOLVE


class Command(BaseCommand):
    help = (
        "Solve investment-plan scenarios as a job (ADR 0054): by default every scenario never "
        "solved (e.g. the demo's plans); --all solves every scenario again (e.g. after the unit "
        "costs changed). Each solve is saved as a new result. Without --enqueue the job runs "
        "in this process; with it, the task workers (`akkopsi db_worker`) run it."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--all", action="store_true", help="Every scenario, solved before or not."
        )
        parser.add_argument(
            "--member",
            action="append",
            default=[],
            metavar="CODE",
            help="Only the plans of this member (kabupaten/kota code); may be repeated.",
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="Leave the work to the task workers."
        )
        parser.add_argument(
            "--priority",
            type=int,
            default=0,
            help="The tasks' priority, -100 to 100 (the demo's background solve: -50).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        params: dict[str, Any] = {} if options["all"] else {"unsolved": True}
        if options["member"]:
            params["members"] = options["member"]
        now = not options["enqueue"]
        job = jobs.start(SOLVE, by=None, params=params, priority=options["priority"], now=now)
        if not now:
            self.stdout.write(f"Job {job.pk} enqueued: /tugas/{job.pk}/")
            return
        if job.total == 0 and job.state == State.SUCCEEDED:
            self.stdout.write("No scenario to solve.")
            return
        for note in job.notes:
            self.stderr.write(f"  {note}")
        self.stdout.write(f"{job.done} solved, {job.failed_items} without a result ({job.status}).")
        if job.error:
            self.stderr.write(job.error)
