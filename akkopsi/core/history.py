"""History-aware writes: every change to data is recorded with who made it and why."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model

M = TypeVar("M", bound=Model)


def save_with_history(obj: M, *, by: object, reason: str = "") -> M:
    """Validate and save a plain edit of one record, recording who made it (and why)."""
    obj._history_user = by  # type: ignore[attr-defined]
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]
    obj.full_clean()
    obj.save()
    return obj
