"""The data cycle's work queues (the role homes, ``akkopsi.workspace``): small set-based reads,
a fixed number of queries whatever the number of members.

- the reporting year a member fills in now (:func:`open_reporting_year`, :func:`entry_year`);
- how much of it is filled (:func:`completeness`);
- what waits for the member (:func:`returned_submissions`) and for the secretariat
  (:func:`awaiting_verification` with each submission's :func:`flag_counts`,
  :func:`not_reporting`, :func:`reopen_requests`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Q

from akkopsi.data.choices import SubmissionStatus
from akkopsi.data.flags import Spread, is_jump
from akkopsi.data.models import (
    Indicator,
    IndicatorValue,
    ReopenRequest,
    ReportingYear,
    Submission,
)
from akkopsi.data.queries import members_of_year
from akkopsi.members.models import Member

#: Submitted or verified: a member-year that no longer waits for its member (the reminders'
#: rule, ``data.reminders.send_reminders``).
REPORTED = (SubmissionStatus.SUBMITTED, SubmissionStatus.VERIFIED)


def open_reporting_year(on: date) -> ReportingYear | None:
    """The latest reporting year open on day ``on`` (None when none is open)."""
    return ReportingYear.objects.filter(is_open=True, opens_on__lte=on).order_by("-year").first()


def entry_year(on: date, reporting_year: ReportingYear | None = None) -> int:
    """The year a member fills in on day ``on``: the open reporting year, else last year
    (the data page's default)."""
    return reporting_year.year if reporting_year is not None else on.year - 1


@dataclass(frozen=True, slots=True)
class Completeness:
    """How many of the active indicators of the catalogue a member-year has a value for."""

    filled: int
    total: int

    @property
    def done(self) -> bool:
        return self.filled >= self.total


def completeness(member_ids: list[int], year: int) -> dict[int, Completeness]:
    """member_id -> its :class:`Completeness` for ``year`` (two queries)."""
    total = Indicator.objects.filter(active=True).count()
    filled = dict(
        IndicatorValue.objects.filter(member_id__in=member_ids, year=year, indicator__active=True)
        .order_by()
        .values_list("member_id")
        .annotate(n=Count("id"))
        .values_list("member_id", "n")
    )
    return {m: Completeness(filled.get(m, 0), total) for m in member_ids}


def submission_of(member_id: int, year: int) -> Submission | None:
    """The state of the member's data for ``year`` (None: nothing entered yet)."""
    return Submission.objects.filter(member_id=member_id, year=year).first()


def returned_submissions(member_id: int) -> list[Submission]:
    """The member's submissions returned for correction, newest year first; ``comment`` is
    the secretariat's reason (one query)."""
    return list(
        Submission.objects.filter(member_id=member_id, status=SubmissionStatus.RETURNED).order_by(
            "-year"
        )
    )


def awaiting_verification(limit: int) -> tuple[int, list[Submission]]:
    """How many submissions wait for verification, and the ``limit`` oldest (by the time they
    were submitted; those loaded without one first), each with ``flags``: its :func:`flag_counts` (four queries)."""
    waiting = Submission.objects.filter(status=SubmissionStatus.SUBMITTED)
    rows = list(
        waiting.select_related("member__regency").order_by(
            F("submitted_at").asc(nulls_first=True), "year", "pk"
        )[:limit]
    )
    flags = flag_counts([(s.member_id, s.year) for s in rows])
    for s in rows:
        s.flags = flags.get((s.member_id, s.year), 0)  # type: ignore[attr-defined]
    return waiting.count(), rows


def flag_counts(keys: list[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """(member_id, year) -> how many of its values the import checks would flag: a change
    from the year before larger than the indicator's threshold, or a value far from the other
    members' of that year (``data.flags``, the rules of the import and the review screen). Two queries."""
    if not keys:
        return {}
    years = {y for _m, y in keys}
    rows = IndicatorValue.objects.filter(
        year__in=years | {y - 1 for y in years}, indicator__active=True
    ).values_list("member_id", "indicator_id", "year", "value", "indicator__yoy_threshold")
    stored: dict[tuple[int, int, int], Decimal] = {}
    pool: dict[tuple[int, int], list[Decimal]] = defaultdict(list)
    limits: dict[int, Decimal | None] = {}
    for member_id, indicator_id, year, value, limit in rows:
        stored[(member_id, indicator_id, year)] = value
        limits[indicator_id] = limit
        if year in years:
            pool[(indicator_id, year)].append(value)
    spread = {key: Spread.of(values) for key, values in pool.items()}
    wanted = set(keys)
    out: dict[tuple[int, int], int] = dict.fromkeys(keys, 0)
    for (member_id, indicator_id, year), value in stored.items():
        if (member_id, year) not in wanted:
            continue
        before = stored.get((member_id, indicator_id, year - 1))
        limit = limits[indicator_id]
        usual = spread[(indicator_id, year)]
        far = usual is not None and usual.is_outlier(value)
        out[(member_id, year)] += int(is_jump(value, before, limit) or far)
    return out


def not_reporting(year: int, limit: int) -> tuple[int, list[Member]]:
    """The members active in ``year`` whose data for it is neither submitted nor verified:
    how many, and the first ``limit`` by code (two queries)."""
    members = members_of_year(year).filter(
        Q(submission_status__isnull=True) | ~Q(submission_status__in=REPORTED)
    )
    first = list(members[:limit])
    for m in first:  # the label of the status, as the cycle page shows it
        status = m.submission_status  # type: ignore[attr-defined]
        m.status_label = SubmissionStatus(status).label if status else None  # type: ignore[attr-defined]
    return members.count(), first


def reopen_requests(limit: int) -> tuple[int, list[ReopenRequest]]:
    """The requests to open submitted data again that wait for the secretariat: how many,
    and the ``limit`` oldest, with their member and who asked (one query; two when there
    are ``limit`` or more)."""
    pending = ReopenRequest.objects.pending()
    rows = list(
        pending.select_related("submission__member__regency", "requested_by").order_by(
            "created_at", "pk"
        )[:limit]
    )
    return (pending.count() if len(rows) >= limit else len(rows)), rows
