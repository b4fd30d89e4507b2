"""The kinds of job: each app declares its own in its ``jobs.py`` with :func:`register`.

A kind says how a job's parameters become a list of items (``items``, JSON values such as
primary keys) and what one item's work is (``do``, run inside a transaction with the item's
progress, so an item is either done and counted or not done at all). The runner
(:mod:`akkopsi.jobs.tasks`) cuts the items into parts of ``part_size``, one task each, so that
several workers share one job.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from akkopsi.accounts.models import User
    from akkopsi.jobs.models import Job


def _nothing(job: Job) -> str:
    return ""


def _allow(by: User | None, params: dict[str, Any]) -> None:
    """Anyone: a kind that needs a permission passes its own check."""


@dataclass(frozen=True)
class Kind:
    name: str
    label: Any  # a lazy translation
    items: Callable[[Job], list[Any]]
    do: Callable[[Job, Any], None]
    #: Raises PermissionDenied (``accounts.permissions.require``) when ``by`` may not start it.
    permit: Callable[[User | None, dict[str, Any]], None] = _allow
    result_url: Callable[[Job], str] = _nothing
    #: After every item is done, in the transaction that marks the job finished.
    finish: Callable[[Job], None] | None = None
    #: Errors of one item that are noted (with ``describe``: one note, or several, such as an
    #: import's error list) and skipped, not the job's end.
    expected: tuple[type[Exception], ...] = ()
    describe: Callable[[Any, Exception], str | list[str]] = field(
        default=lambda item, exc: str(exc)
    )
    part_size: int = 10
    #: The job's own title, where the kind's label is not enough (which command ran).
    title: Callable[[Job], str] | None = None
    #: Whether an item of this job reads the database as one snapshot: its transaction runs at
    #: REPEATABLE READ on PostgreSQL (a backup); the level must be set before its first query.
    snapshot: Callable[[Job], bool] = field(default=lambda job: False)


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.name] = kind
    return kind


def get(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise LookupError(f"no job kind {name!r}") from None
