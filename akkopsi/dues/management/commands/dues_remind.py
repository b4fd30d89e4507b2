from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from akkopsi.core.dates import today
from akkopsi.dues.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "E-mail each member with overdue dues invoices one reminder listing them. "
        "Idempotent: an invoice is reminded at most once a day (and once per --every days)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--on", help="The day to act as today (YYYY-MM-DD); default today.")
        parser.add_argument(
            "--every", type=int, default=7, help="Days between two reminders of one invoice (7)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Count, send nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            on = date.fromisoformat(options["on"]) if options["on"] else today()
        except ValueError as exc:
            raise CommandError("--on must be a date, YYYY-MM-DD") from exc
        if options["every"] < 1:
            raise CommandError("--every must be at least 1")
        run = send_reminders(on=on, every_days=options["every"], dry_run=options["dry_run"])
        verb = "would be reminded" if options["dry_run"] else "reminded"
        self.stdout.write(
            f"{run.members} members {verb} of {run.invoices} overdue invoices on {on}: "
            f"{run.sent} sent, {run.failed} failed, {run.skipped} already reminded today."
        )
