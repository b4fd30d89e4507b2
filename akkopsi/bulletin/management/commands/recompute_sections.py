from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from akkopsi.bulletin.management.commands._actor import secretariat_account
from akkopsi.bulletin.models import DataSection, Edition
from akkopsi.bulletin.services import recompute


class Command(BaseCommand):
    help = (
        "Compute the data sections of a published edition again as on its date, when the "
        "rule behind a figure was wrong; the text first published is kept with the reason."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("number", type=int, help="edition number")
        parser.add_argument("--reason", required=True, help="why the figures are recomputed")
        parser.add_argument("--as", dest="username", help="secretariat account that recomputes")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            edition = Edition.objects.published().get(number=options["number"])
        except Edition.DoesNotExist as exc:
            raise CommandError(f"Edisi terbit {options['number']} tidak ada.") from exc
        user = secretariat_account(options["username"], "untuk menghitung ulang")
        changed = 0
        try:
            with transaction.atomic():
                for section in DataSection.objects.live().filter(edition=edition):
                    before = section.frozen
                    changed += (
                        recompute(section, reason=options["reason"], by=user).frozen != before
                    )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"{edition}: {changed} bagian data dihitung ulang, versi lama disimpan.")
