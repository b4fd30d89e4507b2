"""The import job: a confirmed upload written on the task queue (ADR 0061, ADR 0054).

One item, the confirmation token. The request checks what it can without reading the file
(the permission, the token this session's and unused, every flagged value explained); the
worker checks the file again against the data as it is now and writes it in one transaction
(``uploads.run_import``) as the person who confirmed it. A refusal (errors, the data changed
since the preview, the file gone) is noted on the job page with the importer's messages and
nothing is written; the job page links the import's record once written.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from akkopsi.accounts.models import User
from akkopsi.accounts.permissions import ANY_MEMBER, Permission, require
from akkopsi.data import uploads
from akkopsi.data.importing.records import Where
from akkopsi.data.importing.service import ImportRefused
from akkopsi.jobs import kinds
from akkopsi.jobs.models import Job

#: Where the importer notes a problem of the whole import (``service._with_error``).
NOWHERE = Where("-", "-")


def _permit(by: User | None, params: dict[str, Any]) -> None:
    require(by, Permission.SUBMIT_DATA, ANY_MEMBER)


def _do(job: Job, token: Any) -> None:
    by = job.started_by
    assert by is not None  # _permit let only a user who may submit data start it
    uploads.run_import(job.params, by)


def _describe(token: Any, exc: Exception) -> list[str]:
    if isinstance(exc, ImportRefused):
        # the file's problems by sheet and cell; the import's own (no cell) by their message
        preview = exc.preview
        listed = [p.message if p.where == NOWHERE else str(p) for p in preview.listed_errors]
        return listed + [str(o) for o in preview.more_errors]
    return [str(exc)]


def _result_url(job: Job) -> str:
    batch = uploads.imported_batch(job.params["token"])
    return "" if batch is None else reverse("data:batch_detail", kwargs={"pk": batch})


kinds.register(
    kinds.Kind(
        name=uploads.IMPORT,
        label=_("Import a data file"),
        items=lambda job: [job.params["token"]],
        do=_do,
        permit=_permit,
        result_url=_result_url,
        expected=(ImportRefused, uploads.Unavailable),
        describe=_describe,
        part_size=1,
        title=lambda job: str(_("Import %(name)s")) % {"name": job.params.get("name", "")},
    )
)
