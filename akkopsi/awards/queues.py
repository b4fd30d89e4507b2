"""A juror's work queue (the role homes, ``akkopsi.workspace``): per edition whose jury is
still open and where the juror sits, the nominations to score with how far the juror got.

The nominations offered are those the jury page offers (``pages.jury_context``): not found
ineligible; and of those, the ones the juror may score (``services.conflicts``: not of the
juror's province, no declared conflict). A fixed number of queries.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from akkopsi.accounts.models import User
from akkopsi.awards import services
from akkopsi.awards.models import Criterion, Edition, JuryMembership, JuryScore, Nomination


@dataclass(frozen=True, slots=True)
class ToScore:
    """One nomination on a juror's queue: the juror's scores given and needed."""

    nomination: Nomination
    scored: int
    needed: int

    @property
    def done(self) -> bool:
        return self.scored >= self.needed


@dataclass(slots=True)
class JurorEdition:
    edition: Edition
    items: list[ToScore] = field(default_factory=list)

    @property
    def pending(self) -> int:
        return sum(1 for i in self.items if not i.done)


def juror_queue(juror: User) -> list[JurorEdition]:
    """The editions with an open jury the juror sits on, each with its nominations to score
    (pending first, then by member)."""
    seats = list(
        JuryMembership.objects.filter(juror=juror, edition__jury_closed=False)
        .select_related("edition")
        .order_by("edition__year")
    )
    if not seats:
        return []
    categories = {s.category_id for s in seats}
    per_category = Counter(
        Criterion.objects.filter(category_id__in=categories, source="jury").values_list(
            "category_id", flat=True
        )
    )
    needed: dict[int, int] = defaultdict(int)
    out: dict[int, JurorEdition] = {}
    for seat in seats:
        needed[seat.edition_id] += per_category[seat.category_id]
        out.setdefault(seat.edition_id, JurorEdition(seat.edition))
    nominations = list(
        Nomination.objects.filter(edition_id__in=needed)
        .exclude(eligible=False)
        .select_related("member__regency__province")
        .order_by("edition__year", "member__regency__name")
    )
    why_not = services.conflicts(juror, nominations)
    scored = dict(
        JuryScore.objects.filter(
            juror=juror, nomination__in=nominations, criterion__category_id__in=categories
        )
        .order_by()
        .values_list("nomination_id")
        .annotate(n=Count("id"))
        .values_list("nomination_id", "n")
    )
    for n in nominations:
        if why_not[n.pk] is None:
            out[n.edition_id].items.append(ToScore(n, scored.get(n.pk, 0), needed[n.edition_id]))
    for queue in out.values():
        queue.items.sort(key=lambda i: i.done)
    return list(out.values())
