"""The upload flow around the importer: a file is checked (dry run), kept under a one-time
token until the user confirms it, then committed with the actor. Pages call these functions;
the importer itself is ``data.importing.service``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from akkopsi.accounts.models import User
from akkopsi.core.dates import today
from akkopsi.core.uploads import upload_refused
from akkopsi.data import pending
from akkopsi.data.access import batches_for, own_member
from akkopsi.data.choices import FundingSource, Stage, SubSector
from akkopsi.data.forms import ConfirmForm, UploadForm
from akkopsi.data.importing import reading
from akkopsi.data.importing.preview import Preview
from akkopsi.data.importing.service import (
    AlreadyConfirmed,
    commit,
    dry_run_file,
    issue_token,
    token_used,
)
from akkopsi.data.models import ConfirmToken, ImportBatch
from akkopsi.data.workbook import open_reporting_year
from akkopsi.jobs import services
from akkopsi.jobs.models import Job


class Unavailable(Exception):
    """The pending upload of a token is gone (expired, another session, never stored)."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)


class PreviewAgain(Exception):
    """Nothing was imported: the preview page is shown again with ``context`` and ``status``."""

    def __init__(self, context: dict[str, Any], status: int) -> None:
        super().__init__(status)
        self.context = context
        self.status = status


def upload_form(request: HttpRequest) -> UploadForm:
    """The upload form of a request; a POST the upload guard refused says why on it."""
    form = UploadForm(request.POST or None, request.FILES or None)  # parses the upload
    refused = upload_refused(request) if request.method == "POST" else None
    if refused:
        form = UploadForm(request.POST, request.FILES)
        form.is_valid()
        form.errors.clear()
        form.add_error("file", refused)
    return form


def readable(form: UploadForm) -> bool:
    """Is the posted file one to read? If not, the reason is on ``form``."""
    if not form.is_valid():
        return False
    f = form.cleaned_data["file"]
    if f.size > reading.MAX_BYTES:  # checked before reading the file into memory
        form.add_error(
            "file",
            _("The file %(name)s is larger than %(mb)s MB.")
            % {"name": f.name, "mb": reading.MAX_BYTES // (1024 * 1024)},
        )
        return False
    return True


def upload_context(user: User, form: UploadForm) -> dict[str, Any]:
    """The upload page: the form, the user's recent imports and the year to offer."""
    return {"form": form, "recent": batches_for(user)[:10], "default_year": open_reporting_year()}


#: The name of the field an explanation of a flagged value is typed in: the prefix and the cell.
EXPLAIN = "penjelasan:"


def typed_explanations(post: Mapping[str, Any]) -> dict[str, str]:
    """Explanations typed in the preview, by cell ("Data!F2")."""
    return {k[len(EXPLAIN) :]: str(v) for k, v in post.items() if k.startswith(EXPLAIN)}


#: Rows of each listing on the preview page (the counts above them count all).
LISTED = 200


def preview_context(preview: Preview, filename: str, token: str) -> dict[str, Any]:
    return {
        "preview": preview,
        "counts": preview.counts(),
        "flagged": preview.flagged[:LISTED],
        "new_values": preview.values.new[:LISTED],
        "changed_values": preview.values.changed[:LISTED],
        "money": money_rows(preview),
        "explain_prefix": EXPLAIN,
        "filename": filename,
        "confirm": ConfirmForm(initial={"token": token}),
        "token": token,
    }


def money_rows(preview: Preview) -> list[dict[str, Any]]:
    """New and changed budget lines and APBD totals, as the preview lists them."""
    subs, sources = dict(SubSector.choices), dict(FundingSource.choices)
    stages = dict(Stage.choices)
    rows: list[dict[str, Any]] = []
    for diff in (preview.budget, preview.apbd):
        pairs = [(None, r) for r in diff.new] + [(old.amount, r) for old, r in diff.changed]
        for old, r in pairs:
            what = (
                f"{subs.get(r.subsector, r.subsector)} · {sources.get(r.source, r.source)}"
                if hasattr(r, "subsector")
                else _("APBD total")
            )
            rows.append(
                {
                    "where": r.where,
                    "code": r.code,
                    "year": r.year,
                    "what": what,
                    "stage": stages.get(r.stage, r.stage),
                    "old": old,
                    "new": r.amount,
                }
            )
    return rows[:LISTED]


def check(session: SessionBase, data: bytes, filename: str, by: User) -> dict[str, Any]:
    """Dry-run a file; when it may be imported, keep it under a new token to confirm."""
    preview = dry_run_file(data, filename, by, current_year=today().year)
    unexplained = [f.key for f in preview.unexplained]
    token = pending.store(session, data, filename, unexplained) if preview.ok else ""
    if token:
        issue_token(token, preview, by)
    return preview_context(preview, filename, token)


#: The job that imports a confirmed upload (``data/jobs.py``).
IMPORT = "data.import"


def confirm(
    session: SessionBase,
    token: str,
    comment: str,
    by: User,
    explanations: Mapping[str, str] | None = None,
) -> Job:
    """Start the import of the file kept under ``token`` as a job (``run_import`` on a worker),
    with the ``explanations`` of flagged values typed in the preview (by cell); the same
    upload confirmed twice (a second click) is the first one's job.

    Raises ``AlreadyConfirmed`` (the token's import was made), ``Unavailable``, or
    ``PreviewAgain`` (a flagged value still without an explanation, or the file refused now:
    the preview shown again, the file read once more only then).
    """
    if token and (used := token_used(token, by)):
        raise used
    found = pending.entry(session, token) if token else None
    if found is None:
        raise Unavailable(_("That upload is no longer available; upload the file again."))
    typed = {k: v.strip()[:2000] for k, v in (explanations or {}).items() if v.strip()}
    if not comment.strip() and any(cell not in typed for cell in found.get("unexplained", [])):
        _explained_or_preview_again(session, token, typed, by)
    params = {
        "token": token,
        "name": found["name"],
        "sha256": found["sha256"],
        "comment": comment,
        "explanations": typed,
    }
    with transaction.atomic():
        # One confirmation of this person at a time: two clicks that arrive together (two
        # requests, two processes) find the first one's job instead of starting a second.
        User.objects.select_for_update().filter(pk=by.pk).exists()
        started = Job.objects.filter(kind=IMPORT, started_by=by, params__token=token).first()
        if started is not None:
            return started
        job = services.start(IMPORT, by=by, params=params)
    pending.forget(session, token)
    return job


def _explained_or_preview_again(
    session: SessionBase, token: str, explanations: Mapping[str, str], by: User
) -> None:
    """Read the file again: ``PreviewAgain`` with the flagged values still unexplained, or
    with its errors (the data changed meanwhile), the message above them."""
    loaded = pending.load(session, token)
    if loaded is None:
        raise Unavailable(_("That upload is no longer available; upload the file again."))
    data, name = loaded
    preview = dry_run_file(data, name, by, current_year=today().year)
    preview.explain(explanations)
    if preview.ok and not preview.unexplained:
        return
    context = {
        **preview_context(preview, name, token),
        "explain_error": _(
            "Explain each flagged value (%(n)s without an explanation) before confirming."
        )
        % {"n": len(preview.unexplained)},
    }
    raise PreviewAgain(context, 400)


def run_import(params: Mapping[str, Any], by: User) -> ImportBatch | None:
    """The import job's work: the confirmed file checked again against the data as it is now
    and written in one transaction by ``by`` (all or nothing). Nothing is done twice: a token
    already used (a run again, a second job of the same upload) is left as it is (None).

    Raises ``Unavailable`` (the file is gone or not the one previewed), ``ImportRefused`` or
    ``ImportConflict`` (the data changed since the preview): nothing written.
    """
    token = params["token"]
    if token_used(token, by):
        return None
    data = pending.read(token, params["sha256"])
    if data is None:
        raise Unavailable(_("That upload is no longer available; upload the file again."))
    name = params["name"]
    preview = dry_run_file(data, name, by, current_year=today().year)
    preview.explain(params.get("explanations", {}))
    try:
        batch = commit(
            preview,
            by=by,
            data=data,
            filename=name,
            comment=params.get("comment", ""),
            member=own_member(by),
            token=token,
        )
    except AlreadyConfirmed:
        return None  # confirmed meanwhile by the same upload's other job
    transaction.on_commit(lambda: pending.delete(token))
    return batch


def imported_batch(token: str) -> int | None:
    """The import a confirmation token made, if any."""
    return (
        ConfirmToken.objects.filter(token=token, batch__isnull=False)
        .values_list("batch_id", flat=True)
        .first()
    )
