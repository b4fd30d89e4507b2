"""The change log of one member: every change to it, its periods, heads and contacts."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from akkopsi.members.models import Contact, HeadOfRegion, Member, MembershipPeriod

SKIPPED_FIELDS = frozenset({"updated_at", "created_at"})


@dataclass(frozen=True)
class Change:
    """One historical record: who, when, what it was (``changes``: label, old, new)."""

    record: Any
    model: str
    changes: list[tuple[str, object, object]] = field(default_factory=list)


def _changes(record: Any) -> list[tuple[str, object, object]]:
    if record.history_type != "~" or record.prev_record is None:
        return []
    delta = record.diff_against(record.prev_record)
    return [
        (record.instance._meta.get_field(c.field).verbose_name, c.old, c.new)
        for c in delta.changes
        if c.field not in SKIPPED_FIELDS
    ]


def change_log(member: Member) -> list[Change]:
    """Newest first, across the member and the records that belong to it."""
    records = chain(
        Member.history.filter(id=member.pk).select_related("history_user"),
        MembershipPeriod.history.filter(member_id=member.pk).select_related("history_user"),
        HeadOfRegion.history.filter(member_id=member.pk).select_related("history_user"),
        Contact.history.filter(member_id=member.pk).select_related("history_user"),
    )
    return [
        Change(record=r, model=str(r.instance._meta.verbose_name), changes=_changes(r))
        for r in sorted(records, key=lambda r: r.history_date, reverse=True)
    ]
