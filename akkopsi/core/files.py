"""Uploaded files: stored only with their transaction, served only after a permission check,
and swept when nothing refers to them.

- **Storing.** Every FileField writes through :class:`TransactionalStorage` (the default
  storage, on the local disk or an S3-compatible bucket). A file saved inside a transaction is written at once, so it exists when the row
  that names it commits, and is deleted again if that transaction (or any savepoint around it)
  rolls back. A crash between the write and the commit can still leave a file behind; the daily
  ``akkopsi expire_uploads`` removes files no row refers to.
- **Serving.** Nothing serves ``MEDIA_ROOT`` as a folder, in any mode. ``/media/<name>`` goes
  through :func:`owner_of`, which finds the row whose FileField holds that name and asks the
  row's ``file_visible_to(user)``; a name no row holds, or a model without that method, is not
  served. The rules themselves live with the models (and ask ``accounts.permissions.can``).
- **Sweeping.** :func:`orphans` lists the files of the default storage that neither a row nor
  its history refers to (history keeps earlier evidence files reachable). Listing, ages and
  deletions go through the storage's API, so the same code sweeps the local disk and a bucket.
"""

from __future__ import annotations

import logging
import os
import posixpath
import shutil
import tempfile
import weakref
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.encoding import filepath_to_uri
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

log = logging.getLogger("akkopsi.files")


# -- storing --------------------------------------------------------------------------------


class TransactionalStorage(Storage):
    """The project's file storage: a backend (the local disk by default, S3-compatible storage
    when ``AKKOPSI_S3_BUCKET`` is set, ADR 0061) whose files saved inside a transaction vanish
    if it rolls back. ``backend`` is the backend's dotted path, the other options its own.

    Names are never overwritten (a rollback deletes only what it wrote), and ``url`` is always
    ``MEDIA_URL`` + name: every file is served by the permission check below, never straight
    from the disk or the bucket.
    """

    def __init__(
        self, backend: str = "django.core.files.storage.FileSystemStorage", **options: Any
    ):
        self.backend: Storage = import_string(backend)(**options)

    def save(self, name: str | None, content: Any, max_length: int | None = None) -> str:
        name = self.backend.save(name, content, max_length=max_length)
        delete_on_rollback(self, name)
        return name

    def url(self, name: str | None) -> str:
        return urljoin(str(settings.MEDIA_URL), filepath_to_uri(name or ""))

    def __getattr__(self, attr: str) -> Any:  # the backend's own settings (location, bucket)
        return getattr(self.__dict__["backend"], attr)


def _delegate(method: str) -> Any:
    def call(self: TransactionalStorage, *args: Any, **kwargs: Any) -> Any:
        return getattr(self.backend, method)(*args, **kwargs)

    call.__name__ = method
    return call


for _method in (
    "open",
    "delete",
    "exists",
    "listdir",
    "size",
    "path",
    "get_accessed_time",
    "get_created_time",
    "get_modified_time",
    "get_available_name",
    "get_valid_name",
    "get_alternative_name",
    "generate_filename",
):
    setattr(TransactionalStorage, _method, _delegate(_method))


def delete_on_rollback(storage: Storage, name: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """Delete ``name`` from ``storage`` unless the current transaction commits."""
    on_rollback(lambda: storage.delete(name), using=using, what=name)


def on_rollback(
    undo: Callable[[], None],
    *,
    using: str = DEFAULT_DB_ALIAS,
    what: str = "",
    finally_: Callable[[], None] | None = None,
) -> None:
    """Call ``undo`` if the current transaction rolls back (then ``finally_`` either way).

    Django has no rollback hook, but it drops the ``on_commit`` callbacks of a transaction or
    savepoint that rolls back, and drops them after running them on commit. The callback here
    records the commit; a finalizer on the callback undoes the change when the callback is
    dropped without having run. Outside a transaction the change is final at once.
    """
    connection = connections[using]
    if not connection.in_atomic_block:
        if finally_ is not None:
            finally_()
        return
    state = {"committed": False}

    def committed() -> None:
        state["committed"] = True

    finalizer = weakref.finalize(committed, _unless_committed, state, undo, what, finally_)
    finalizer.atexit = False  # type: ignore[misc]  # at interpreter exit the transaction's fate is unknown: keep
    transaction.on_commit(committed, using=using)


def _unless_committed(
    state: dict[str, bool], undo: Callable[[], None], what: str, finally_: Callable[[], None] | None
) -> None:
    try:
        if not state["committed"]:
            undo()
    except OSError:
        log.exception("could not undo the change to %s after its transaction rolled back", what)
    finally:
        if finally_ is not None:
            finally_()


def replace(name: str, content: Any, storage: Storage = default_storage) -> None:
    """Put ``content`` under ``name`` in place of the file there (or as a new file), inside the
    current transaction: if it rolls back, the earlier file is back under its name.

    Names are never overwritten, so the earlier file is set aside in a local temporary file,
    deleted, and written back on a rollback (the new one deleted first)."""
    backend = storage.backend if isinstance(storage, TransactionalStorage) else storage
    kept: str | None = None
    if backend.exists(name):
        with tempfile.NamedTemporaryFile(prefix="akkopsi-replaced-", delete=False) as out:
            with backend.open(name, "rb") as fh:
                shutil.copyfileobj(fh, out)
            kept = out.name
        backend.delete(name)
    saved = backend.save(name, content)

    def undo() -> None:
        backend.delete(saved)
        if kept is not None:
            with open(kept, "rb") as fh:
                backend.save(name, File(fh, name=name))

    def cleanup() -> None:
        if kept is not None:
            os.unlink(kept)

    on_rollback(undo, what=name, finally_=cleanup)
    if saved != name:
        raise OSError(f"{name} was stored as {saved}")


# -- serving --------------------------------------------------------------------------------


def file_fields() -> Iterator[tuple[type[models.Model], str]]:
    """(model, field name) for every FileField of the project's models (not their history)."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model, field.name


def owner_of(name: str) -> tuple[models.Model, str] | None:
    """The row whose FileField holds ``name``, and the field; None when no row does."""
    if not name:
        return None
    for model, field in file_fields():
        row = model._default_manager.filter(**{field: name}).first()
        if row is not None:
            return row, field
    return None


def visible(row: models.Model, user: AbstractBaseUser | AnonymousUser) -> bool:
    """May ``user`` have the file of ``row``? Models decide with ``file_visible_to``;
    a model without it keeps its files to itself."""
    check = getattr(row, "file_visible_to", None)
    return bool(check is not None and check(user))


def file_response(file: Any, *, inline_type: str | None = None) -> FileResponse:
    """A stored file as a download, or inline as ``inline_type`` (a type checked on upload);
    never sniffed, never run as a page."""
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    if inline_type:
        response = FileResponse(handle, content_type=inline_type)
        response["Content-Disposition"] = "inline"
    else:
        response = FileResponse(handle, as_attachment=True, filename=Path(file.name).name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# -- sweeping -------------------------------------------------------------------------------


def referenced_names() -> set[str]:
    """Every file name a row, or an earlier version of a row in its history, refers to."""
    names: set[str] = set()
    for model, field in file_fields():
        names.update(model._default_manager.exclude(**{field: ""}).values_list(field, flat=True))
        history = getattr(model, "history", None)
        history_model = getattr(history, "model", None)
        # A field left out of the history (a derived file, such as a bulletin's printed PDF)
        # is referred to by the row alone.
        if history_model is not None and _has_field(history_model, field):
            names.update(
                history_model.objects.exclude(**{f"{field}__isnull": True})
                .exclude(**{field: ""})
                .values_list(field, flat=True)
            )
    return names


def _has_field(model: type[models.Model], name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


#: The folder of the default storage where uploads wait for their confirmation.
PENDING = "pending"


def local_root() -> Path | None:
    """The default storage's folder on the local disk; None for a bucket (no local paths)."""
    try:
        return Path(default_storage.path(""))
    except NotImplementedError:
        return None


def guard() -> None:
    """Refuse to sweep a storage folder on the local disk that holds the rest of the
    installation (a sweep would eat it); a bucket holds nothing else of ours."""
    root = local_root()
    if root is None:
        return
    root = root.resolve()
    guarded = [Path(settings.BASE_DIR), Path(settings.VAR_DIR), Path(settings.STATIC_ROOT)]
    for other in guarded:
        other = other.resolve()
        if other == root or root in other.parents:
            raise ValueError(f"MEDIA_ROOT {root} contains {other}; refusing to sweep it")


def _linked(name: str) -> bool:
    """A symbolic link on the local disk (never followed, never deleted); a bucket has none."""
    try:
        return os.path.islink(default_storage.path(name))
    except NotImplementedError:
        return False


def _listdir(folder: str) -> tuple[list[str], list[str]]:
    """The folders and files directly in ``folder`` of the default storage, as full names,
    sorted, links left out; nothing when the folder does not exist."""
    try:
        folders, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return [], []
    full = [posixpath.join(folder, n) for n in (*folders, *names)]
    return (
        sorted(n for n in full[: len(folders)] if not _linked(n)),
        sorted(n for n in full[len(folders) :] if not _linked(n)),
    )


def _empty(folder: str) -> bool:
    try:
        folders, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return False
    return not folders and not names


def _within(name: str, folders: Iterable[str]) -> bool:
    return any(name == f or name.startswith(f"{f}/") for f in folders)


def stored_names(folder: str = "", *, skip: Iterable[str] = ()) -> Iterator[str]:
    """Every file of the default storage under ``folder`` (the whole storage by default), in
    name order, but those under the folders in ``skip``: the same listing on the local disk
    and in a bucket (``Storage.listdir``, folder by folder)."""
    skipped = list(skip)
    folders, names = _listdir(folder)
    yield from names
    for sub in folders:
        if not _within(sub, skipped):
            yield from stored_names(sub, skip=skipped)


def _folders(folder: str = "") -> Iterator[str]:
    for sub in _listdir(folder)[0]:
        yield sub
        yield from _folders(sub)


def _modified_before(name: str, limit: datetime) -> bool:
    """Was ``name`` last written before ``limit``? False when it has gone meanwhile."""
    try:
        return bool(default_storage.get_modified_time(name) < limit)
    except Exception:  # a bucket's backend has its own "not found" (botocore's ClientError)
        if default_storage.exists(name):
            raise
        return False


def older_files(folder: str, older_than: timedelta) -> Iterator[str]:
    """Files of the default storage under ``folder`` last written more than ``older_than`` ago."""
    limit = timezone.now() - older_than
    for name in stored_names(folder):
        if _modified_before(name, limit):
            yield name


def orphans(older_than: timedelta, *, skip: Iterable[str] = (PENDING,)) -> list[str]:
    """Files of the default storage, older than ``older_than``, that no row refers to.

    The age keeps a file of a transaction still running (written, not yet committed) safe.
    Folders in ``skip`` (pending uploads, which have no row by design) are left alone. The
    references are read before the listing, so a file committed meanwhile is too young.
    """
    guard()
    names = referenced_names()
    limit = timezone.now() - older_than
    return [
        name
        for name in stored_names(skip=skip)
        if name not in names and _modified_before(name, limit)
    ]


def remove_empty_folders(older_than: timedelta, *, keep: Iterable[str] = (PENDING,)) -> int:
    """Empty folders of the default storage unchanged for ``older_than`` (a fresh one may be
    about to receive an upload), deepest first; the number removed. Only where folders are
    entries of their own (the local disk): a bucket's "folders" are only the names' prefixes,
    gone with their last file, so there is nothing to remove there."""
    guard()
    kept = set(keep)
    limit = timezone.now() - older_than
    n = 0
    for folder in sorted(_folders(), reverse=True):
        if folder in kept or not _empty(folder) or not default_storage.exists(folder):
            continue
        if _modified_before(folder, limit):
            default_storage.delete(folder)
            n += 1
    return n


def delete(names: Iterable[str], why: str) -> int:
    """Delete ``names`` from the default storage, logging each with ``why``; the number
    deleted (a file gone meanwhile is not counted)."""
    n = 0
    for name in names:
        if not default_storage.exists(name):
            continue
        default_storage.delete(name)
        log.warning("deleted %s: %s", name, why)
        n += 1
    return n
