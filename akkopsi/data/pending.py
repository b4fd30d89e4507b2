"""Uploaded files between the dry run and the confirmation, kept per user under MEDIA_ROOT/pending."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path
from typing import Any

from akkopsi.core import files


def _dir() -> Path:
    return files.pending_folder()


def folder() -> Path:
    """Where pending uploads wait; ``akkopsi expire_uploads`` deletes those never confirmed."""
    return _dir()


def store(session: Any, data: bytes, filename: str) -> str:
    token = secrets.token_urlsafe(16)
    (_dir() / f"{token}.bin").write_bytes(data)
    pending = session.get("pending_uploads", {})
    pending[token] = {"name": filename, "sha256": hashlib.sha256(data).hexdigest()}
    session["pending_uploads"] = pending
    return token


def load(session: Any, token: str) -> tuple[bytes, str] | None:
    entry = session.get("pending_uploads", {}).get(token)
    path = _dir() / f"{token}.bin"
    if entry is None or not path.exists():
        return None
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        return None
    return data, entry["name"]


def discard(session: Any, token: str) -> None:
    pending = session.get("pending_uploads", {})
    pending.pop(token, None)
    session["pending_uploads"] = pending
    (_dir() / f"{token}.bin").unlink(missing_ok=True)
