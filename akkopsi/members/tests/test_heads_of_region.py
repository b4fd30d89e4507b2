"""Who heads a region on a date: one rule (``HeadOfRegion.objects.serving_on``) for the Rapor,
the member list and every page naming the head on a date."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from akkopsi.members.models import HeadOfRegion, HeadTitle

pytestmark = pytest.mark.django_db

START = date(2010, 1, 1)

#: A term: start (days after START), length in days or None (still in office), voided.
terms = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=3000),
        st.one_of(st.none(), st.integers(min_value=1, max_value=2000)),
        st.booleans(),
    ),
    max_size=6,
)


def _expected(rows: list[HeadOfRegion], day: date) -> HeadOfRegion | None:
    """The definition: a live term with start <= day < end (no end: still in office); of
    overlapping terms (bad data), the one that started last."""
    serving = [
        h
        for h in rows
        if h.voided_at is None and h.term_start <= day and (h.term_end is None or day < h.term_end)
    ]
    return max(serving, key=lambda h: (h.term_start, h.pk), default=None)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(terms=terms, day=st.integers(min_value=-10, max_value=5500))
def test_the_head_on_a_date_over_overlapping_open_and_ended_terms(
    members: dict[str, Any], terms: list[tuple[int, int | None, bool]], day: int
) -> None:
    member = members["6474"]
    on = START + timedelta(days=day)
    with transaction.atomic():
        rows = []
        for i, (start, length, voided) in enumerate(terms):
            begin = START + timedelta(days=start)
            rows.append(
                HeadOfRegion.objects.create(
                    member=member,
                    name=f"Kepala {i}",
                    title=HeadTitle.WALI_KOTA,
                    term_start=begin,
                    term_end=begin + timedelta(days=length) if length else None,
                    voided_at=timezone.now() if voided else None,
                )
            )
        found = HeadOfRegion.objects.serving_on(on).filter(member=member).first()
        assert found == _expected(rows, on)
        # the last day of a term is the day before its end: the successor's first day
        for h in rows:
            if h.term_end is not None and h.voided_at is None:
                assert h not in HeadOfRegion.objects.serving_on(h.term_end)
        transaction.set_rollback(True)


def test_member_list_names_the_head_on_the_date_asked(client: Any, members: dict[str, Any]) -> None:
    member = members["6474"]
    HeadOfRegion.objects.create(
        member=member,
        name="Basri Rase",
        title=HeadTitle.WALI_KOTA,
        term_start=date(2016, 2, 17),
        term_end=date(2021, 2, 17),
    )
    HeadOfRegion.objects.create(
        member=member,
        name="Neni Moerniaeni",
        title=HeadTitle.WALI_KOTA,
        term_start=date(2011, 7, 20),
        term_end=date(2016, 2, 17),
    )
    url = reverse("members:member_list")
    page = client.get(url, {"q": "Bontang", "active_on": "2015-06-01"}).content.decode()
    assert "Neni Moerniaeni" in page and "Basri Rase" not in page
    # after the last term ended nobody is named (the old list named whoever started last)
    page = client.get(url, {"q": "Bontang", "active_on": "2023-06-01"}).content.decode()
    assert "Basri Rase" not in page and "Neni Moerniaeni" not in page
