"""History-aware writes: every change to data is recorded with who made it and why."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from django.db.models import Model

M = TypeVar("M", bound=Model)


def save_with_history(
    obj: M, *, by: object, reason: str = "", fields: Sequence[str] | None = None
) -> M:
    """Validate and save a plain edit of one record, recording who made it (and why);
    ``fields``: only these columns are written (with ``updated_at`` where the model has it)."""
    obj._history_user = by  # type: ignore[attr-defined]
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]
    obj.full_clean()
    if fields is None:
        obj.save()
    else:
        stamped = any(f.name == "updated_at" for f in obj._meta.concrete_fields)
        obj.save(update_fields=[*fields, *["updated_at"] * stamped])
    return obj
