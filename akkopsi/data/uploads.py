"""The upload flow around the importer: a file is checked (dry run), kept under a one-time
token until the user confirms it, then committed with the actor. Pages call these functions;
the importer itself is ``data.importing.service``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
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
    ImportConflict,
    ImportRefused,
    changed_message,
    commit,
    dry_run_file,
    issue_token,
    token_used,
)
from akkopsi.data.models import ImportBatch
from akkopsi.data.workbook import open_reporting_year


class Unavailable(Exception):
    """The pending upload of a token is gone (expired, another session, never stored)."""


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
    token = pending.store(session, data, filename) if preview.ok else ""
    if token:
        issue_token(token, preview, by)
    return preview_context(preview, filename, token)


def confirm(
    session: SessionBase,
    token: str,
    comment: str,
    by: User,
    explanations: Mapping[str, str] | None = None,
) -> ImportBatch:
    """Import the file kept under ``token``, checked again against the data as it is now, with
    the ``explanations`` of flagged values typed in the preview (by cell).

    Raises ``AlreadyConfirmed`` (the token's import was made), ``Unavailable``, or
    ``PreviewAgain`` (a conflict: the file previewed afresh under a new token; or refused).
    """
    if token and (used := token_used(token, by)):
        raise used
    loaded = pending.load(session, token) if token else None
    if loaded is None:
        if token and (used := token_used(token, by)):
            raise used  # confirmed meanwhile by the first click
        raise Unavailable
    data, name = loaded
    preview = dry_run_file(data, name, by, current_year=today().year)
    preview.explain(explanations or {})
    if preview.ok and preview.unexplained and not comment.strip():
        context = {
            **preview_context(preview, name, token),
            "explain_error": _(
                "Explain each flagged value (%(n)s without an explanation) before confirming."
            )
            % {"n": len(preview.unexplained)},
        }
        raise PreviewAgain(context, 400)
    try:
        batch = commit(
            preview,
            by=by,
            data=data,
            filename=name,
            comment=comment,
            member=own_member(by),
            token=token,
        )
    except ImportConflict:
        # Look again: the same file compared with the data as it is now, under a new token.
        pending.discard(session, token)
        context = {**check(session, data, name, by), "conflict": changed_message()}
        raise PreviewAgain(context, 409) from None
    except ImportRefused as refused:
        context = {**preview_context(refused.preview, name, token)}
        raise PreviewAgain(context, 400) from None
    pending.discard(session, token)
    return batch
