from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from akkopsi.bulletin.management.commands._actor import secretariat_account
from akkopsi.bulletin.models import Edition
from akkopsi.bulletin.services import send_edition


class Command(BaseCommand):
    help = (
        "E-mail a published Akkopsinergi edition to its confirmed subscribers (logged, once each)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("number", type=int, help="edition number")
        parser.add_argument(
            "--base-url", required=True, help="address of the platform, e.g. https://akkopsi.or.id"
        )
        parser.add_argument("--as", dest="username", help="secretariat account that sends")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            edition = Edition.objects.get(number=options["number"])
        except Edition.DoesNotExist as exc:
            raise CommandError(f"Edisi {options['number']} tidak ada.") from exc
        user = secretariat_account(options["username"], "untuk mengirim")
        try:
            result = send_edition(edition, by=user, base_url=options["base_url"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            f"Terkirim {result.sent}, gagal {result.failed}, sudah menerima {result.skipped}."
        )
