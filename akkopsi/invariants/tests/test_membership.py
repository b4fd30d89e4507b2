"""Counts of members never exceed the members active on the date they are counted for."""

from __future__ import annotations

from datetime import date

import pytest

from akkopsi.members.growth import membership_counts
from akkopsi.members.models import Member

pytestmark = pytest.mark.django_db


def test_member_counts_match_membership_periods(demo: None) -> None:
    days = [date(y, 12, 31) for y in range(2009, 2026)]
    members = list(Member.objects.prefetch_related("periods"))
    expected = [sum(1 for m in members if m.is_active_on(d)) for d in days]
    assert membership_counts(days) == expected
    # ... and the members' own EXISTS query on the periods agrees on every day (492 members
    # at the end of 2025 on the demo, more at national scale).
    assert expected == [Member.objects.active_on(d).count() for d in days]
    assert 0 < expected[-1] <= len(members)
