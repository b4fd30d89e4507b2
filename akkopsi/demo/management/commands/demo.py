from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from akkopsi.demo import awards, coordination, data, dues, members, national
from akkopsi.demo.bulletin import load_bulletin
from akkopsi.demo.planning import load_plans
from akkopsi.demo.rapor import load_rapor
from akkopsi.demo.requests import load_requests
from akkopsi.notifications.services import muted
from akkopsi.planning.solve import unsolved
from akkopsi.regions.models import Regency


class Command(BaseCommand):
    help = "Load the deterministic demo: AKKOPSI as on 19 May 2015 (349 members), growing to 492."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the demo logins."
        )
        parser.add_argument(
            "--defer-analyses",
            action="store_true",
            help="Hold the award editions after 2015 with their jury closed and leave their "
            "computation (the slow uncertainty analysis) to `akkopsi demo_analyses`.",
        )
        parser.add_argument(
            "--scale",
            choices=["demo", "national"],
            default="demo",
            help="national: then every kabupaten/kota a member with 15 years of data (slow).",
        )
        parser.add_argument(
            "--provinces", default="", help="With --scale national: only these province codes."
        )
        parser.add_argument(
            "--solve", type=int, default=40, help="With --scale national: plans to solve."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if Regency.objects.count() < 514:
            call_command("load_regions", stdout=self.stdout)
        with transaction.atomic(), muted():  # generated history: nobody is notified
            created, logins = members.load()
            data.load_data()
            load_plans()
            awards.load_awards(defer=options["defer_analyses"])
            dues.load_dues()
            load_requests()
            coordination.load_coordination()
            load_rapor()
            load_bulletin()
        self.stdout.write(
            "Demo data loaded." if created else "Demo data already present; left as it is."
        )
        held = len(awards.held_editions())
        if held and options["defer_analyses"]:
            self.stdout.write(
                f"{held} award editions wait for their analysis: `akkopsi demo_analyses` "
                "computes and publishes them (make run starts it in the background)."
            )
        elif held:
            with muted():
                awards.finish_held_editions()
        if options["scale"] == "national":
            self.stdout.write("National scale:")
            with transaction.atomic(), muted():
                national.load_national(
                    provinces=[p for p in options["provinces"].split(",") if p.strip()],
                    solve=options["solve"],
                    log=self.stdout.write,
                )
        pending = unsolved().count()
        if pending:
            self.stdout.write(
                f"{pending} investment-plan scenarios are not solved yet: `akkopsi solve_plans` "
                "solves them (make run starts it in the background)."
            )
        if not options["quiet_logins"]:
            self.stdout.write(f"Demo logins (password: {members.DEMO_PASSWORD}):")
            for username, what in logins:
                self.stdout.write(f"  {username:<14} {what}")
            self.stdout.write(
                "  staf-<kode>    member staff of any member, e.g. staf-6474 (Kota Bontang)"
            )
