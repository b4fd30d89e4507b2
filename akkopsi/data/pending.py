"""Uploaded files between the dry run and the confirmation: in the default storage under
``pending/`` (MEDIA_ROOT/pending on the local disk, the bucket with S3), so that the worker
that runs the import job (``data/jobs.py``) reads the file on whichever machine it runs. The
session says which tokens are this user's; the job carries the token and the file's hash."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from akkopsi.core import files


def name(token: str) -> str:
    """The file's name in the default storage; ``akkopsi expire_uploads`` deletes those never
    confirmed (``core.files.PENDING``)."""
    return f"{files.PENDING}/{token}.bin"


def store(session: Any, data: bytes, filename: str, unexplained: list[str] | None = None) -> str:
    """Keep ``data`` under a new token; ``unexplained``: the flagged cells the dry run found
    without an explanation (the confirmation asks for them without reading the file again)."""
    token = secrets.token_urlsafe(16)
    default_storage.save(name(token), ContentFile(data))
    pending = session.get("pending_uploads", {})
    pending[token] = {
        "name": filename,
        "sha256": hashlib.sha256(data).hexdigest(),
        "unexplained": unexplained or [],
    }
    session["pending_uploads"] = pending
    return token


def entry(session: Any, token: str) -> dict[str, Any] | None:
    """This session's record of ``token`` (name, sha256, unexplained cells), if the file is
    still there."""
    found = session.get("pending_uploads", {}).get(token)
    if found is None or not default_storage.exists(name(token)):
        return None
    return dict(found)


def read(token: str, sha256: str) -> bytes | None:
    """The file kept under ``token`` if it is still the one with ``sha256``."""
    try:
        with default_storage.open(name(token), "rb") as f:
            data = f.read()
    except FileNotFoundError:
        return None
    return data if hashlib.sha256(data).hexdigest() == sha256 else None


def load(session: Any, token: str) -> tuple[bytes, str] | None:
    found = entry(session, token)
    if found is None:
        return None
    data = read(token, found["sha256"])
    return None if data is None else (data, found["name"])


def forget(session: Any, token: str) -> None:
    """Drop ``token`` from the session (its file stays for the job that imports it)."""
    pending = session.get("pending_uploads", {})
    pending.pop(token, None)
    session["pending_uploads"] = pending


def delete(token: str) -> None:
    default_storage.delete(name(token))


def discard(session: Any, token: str) -> None:
    forget(session, token)
    delete(token)
