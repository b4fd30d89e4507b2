"""The bulletin's jobs (ADR 0054): e-mailing a published edition to its subscribers, and
printing an edition's PDF.

One item a subscriber who has not received the edition; each e-mail and its Delivery row are
one item, so a retry never e-mails a subscriber twice (a Delivery "sent" is skipped). The
request checks the permission and the confirmed plan at once.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from akkopsi.accounts.models import User
from akkopsi.accounts.permissions import Permission, require
from akkopsi.bulletin import printing, services
from akkopsi.bulletin.choices import SendStatus
from akkopsi.bulletin.models import Delivery, Edition, Subscriber
from akkopsi.core.confirm import check_confirmed
from akkopsi.jobs import kinds
from akkopsi.jobs.models import Job

SEND = "bulletin.send"


def _edition(job_or_params: Any) -> Edition:
    params = job_or_params.params if isinstance(job_or_params, Job) else job_or_params
    return Edition.objects.get(number=params["number"])


def _permit(by: User | None, params: dict[str, Any]) -> None:
    require(by, Permission.EDIT_BULLETIN)
    check_confirmed(services.plan_send(_edition(params)), params["expected"])


def _items(job: Job) -> list[Any]:
    active, done = services.recipients(_edition(job))
    return [pk for pk in active.order_by("pk").values_list("pk", flat=True) if pk not in done]


def _do(job: Job, subscriber_id: Any) -> None:
    edition = _edition(job)
    sent = Delivery.objects.filter(edition=edition, subscriber_id=subscriber_id)
    if sent.filter(status=SendStatus.SENT).exists():
        return
    by = job.started_by
    assert by is not None  # _permit let only an editor start it
    context = services.email_context(edition, job.params["base_url"])
    subscriber = Subscriber.objects.get(pk=subscriber_id)
    services.send_to(edition, subscriber, context=context, user=by)


kinds.register(
    kinds.Kind(
        name=SEND,
        label=_("Send the bulletin to its subscribers"),
        items=_items,
        do=_do,
        permit=_permit,
        result_url=lambda job: reverse("bulletin:edition", args=[job.params["number"]]),
        part_size=20,
    )
)


# -- printing ----------------------------------------------------------------------------------
# One item, the edition: printed and stored with its fingerprint (``printing.print_edition``,
# nothing done when the stored PDF is current). Started by publishing and by a change to a
# published edition (low priority, nobody waits), and by an editor who asks for a PDF that is
# not current (who waits on the job page; its result is the PDF).


def _permit_print(by: User | None, params: dict[str, Any]) -> None:
    if by is not None:  # None: the system (a command)
        require(by, Permission.EDIT_BULLETIN)


def _print(job: Job, pk: Any) -> None:
    printing.print_edition(Edition.objects.get(pk=pk))


def _pdf_url(job: Job) -> str:
    number = Edition.objects.values_list("number", flat=True).get(pk=job.params["edition"])
    return reverse("bulletin:edition_pdf", args=[number])


kinds.register(
    kinds.Kind(
        name=printing.PRINT,
        label=_("Print a bulletin edition (PDF)"),
        items=lambda job: [job.params["edition"]],
        do=_print,
        permit=_permit_print,
        result_url=_pdf_url,
        part_size=1,
        title=lambda job: (
            str(_("Print Akkopsinergi no. %(number)s (PDF)"))
            % {"number": job.params.get("number", "?")}
        ),
    )
)
