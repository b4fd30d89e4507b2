"""The Rapor's job: every member's Rapor Sanitasi of a year as PDFs, in one zip (ADR 0054).

Items are the members active at the end of the year (or today, for the current year). Each
item prints one report as the PDF page does (Indonesian, numbered: ``services.issue_number``)
into the job's folder of the default storage, in the item's transaction (a rolled-back item
leaves neither its number nor its file). When every item is done the files go into one zip,
which the job page links to (``jobs:file``: only who may see the job).
"""

from __future__ import annotations

import zipfile
from datetime import date
from io import BytesIO
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from akkopsi.accounts.models import User
from akkopsi.accounts.permissions import Permission, require
from akkopsi.core.dates import today
from akkopsi.jobs import kinds
from akkopsi.jobs.files import job_folder, zip_name
from akkopsi.jobs.models import Job
from akkopsi.members.models import Member
from akkopsi.rapor import services
from akkopsi.rapor.charts import attach_charts

PDFS = "rapor.pdfs"


def _on(year: int) -> date:
    return min(date(year, 12, 31), today())


def _permit(by: User | None, params: dict[str, Any]) -> None:
    if by is not None:
        require(by, Permission.VIEW_UNVERIFIED_DATA)  # every member's report: not a member's staff


def _items(job: Job) -> list[Any]:
    members = Member.objects.active_on(_on(job.params["year"])).order_by("regency_id")
    return list(members.values_list("regency_id", flat=True))


def _name(job: Job, code: str) -> str:
    return f"{job_folder(job)}/rapor-sanitasi-{code}-{job.params['year']}.pdf"


def _do(job: Job, code: Any) -> None:
    from akkopsi.core.pdf import render_pdf  # WeasyPrint loads late

    member = Member.objects.select_related("regency").get(regency_id=code)
    on = _on(job.params["year"])
    with translation.override("id"):
        report = attach_charts(services.build(member, job.started_by, on=on))
        issued = services.issue_number(
            member=member, by=job.started_by, public=report.audience.public, on=on
        )
        context = {"report": report, "member": member, "full": report.audience.unverified}
        pdf = render_pdf("rapor/report_pdf.html", context | {"issued": issued})
    name = _name(job, code)
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(pdf))


def _finish(job: Job) -> None:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for code in job.items:
            name = _name(job, code)
            if default_storage.exists(name):
                with default_storage.open(name, "rb") as pdf:
                    archive.writestr(name.rsplit("/", 1)[-1], pdf.read())
    default_storage.save(zip_name(job), ContentFile(buffer.getvalue()))


kinds.register(
    kinds.Kind(
        name=PDFS,
        label=_("All Rapor Sanitasi of a year (zip)"),
        items=_items,
        do=_do,
        permit=_permit,
        finish=_finish,
        result_url=lambda job: reverse("jobs:file", args=[job.pk]),
        part_size=5,
    )
)
