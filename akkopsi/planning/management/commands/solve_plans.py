import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from akkopsi.engines.allocation.batch import workers_for
from akkopsi.planning import solve
from akkopsi.planning.models import Scenario


class Command(BaseCommand):
    help = (
        "Solve investment-plan scenarios in bulk over worker processes: by default every "
        "scenario never solved (e.g. the demo's plans); --all solves every scenario again "
        "(e.g. after the unit costs changed). Each solve is saved as a new result."
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
            "--workers", type=int, default=None, help="Worker processes (default: one per core)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scenarios = Scenario.objects.all() if options["all"] else solve.unsolved()
        if options["member"]:
            scenarios = scenarios.filter(plan__member__regency_id__in=options["member"])
        if options["workers"] is not None and options["workers"] < 1:
            raise CommandError("--workers: give 1 or more.")
        count = scenarios.count()
        if count == 0:
            self.stdout.write("No scenario to solve.")
            return
        workers = workers_for(count, options["workers"])
        self.stdout.write(f"Solving {count} scenarios with {workers} worker processes...")
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"  {done}/{total} solved ({time.perf_counter() - started:.0f} s)")
            self.stdout.flush()

        report = solve.run_many(scenarios, workers=workers, progress=progress)
        for scenario, why in report.failed:
            self.stderr.write(f"  {scenario.plan.member} / {scenario.plan} / {scenario}: {why}")
        self.stdout.write(
            f"{report.solved} solved, {len(report.failed)} without a result, "
            f"in {time.perf_counter() - started:.0f} s."
        )
