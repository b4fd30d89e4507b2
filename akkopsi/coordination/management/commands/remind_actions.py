from typing import Any

from django.core.management.base import BaseCommand

from akkopsi.coordination.reminders import send_action_reminders
from akkopsi.core.dates import today


class Command(BaseCommand):
    help = "E-mail owners of open action items that are overdue or due soon (run daily from cron)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--days", type=int, default=7, help="Also remind actions due within this many days."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        n = send_action_reminders(day=today(), days_ahead=options["days"])
        self.stdout.write(f"{n} reminders sent")
