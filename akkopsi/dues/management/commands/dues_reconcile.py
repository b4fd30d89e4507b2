from typing import Any

from django.core.management.base import BaseCommand, CommandError

from akkopsi.core.formatting import format_rupiah
from akkopsi.dues.reconcile import reconcile


class Command(BaseCommand):
    help = (
        "Prove the dues books agree: the sum of ledger entries, the invoice balances and "
        "member credit worked out from the documents, and the member statements. "
        "Exits with an error listing every disagreement."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = reconcile()
        self.stdout.write(
            f"{result.entries} ledger entries, {result.invoices} invoices, "
            f"{result.members} member accounts\n"
            f"  ledger (sum of entries)         {format_rupiah(result.ledger_total, True)}\n"
            f"  documents (invoice balances     {format_rupiah(result.invoice_balances, True)}\n"
            f"             less member credit   {format_rupiah(result.member_credit, True)})\n"
            f"                                = {format_rupiah(result.documents_total, True)}\n"
            f"  member statements (closing)     {format_rupiah(result.statements_total, True)}"
        )
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(f"  - {problem}")
            raise CommandError(f"The dues books do not reconcile: {len(result.problems)} problems.")
        self.stdout.write(self.style.SUCCESS("The dues books reconcile."))
