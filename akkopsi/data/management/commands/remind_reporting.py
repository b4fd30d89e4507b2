from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from akkopsi.data.models import ReportingYear
from akkopsi.data.reminders import send_reminders


class Command(BaseCommand):
    help = "E-mail members that have not submitted, for open reporting years whose deadline is near (run daily from cron)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=14,
            help="Remind when the deadline is at most this many days away.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        for ry in ReportingYear.objects.filter(
            is_open=True, deadline__gte=today, deadline__lte=today + timedelta(days=options["days"])
        ):
            n = send_reminders(ry)
            self.stdout.write(f"{ry.year}: {n} reminders sent")
