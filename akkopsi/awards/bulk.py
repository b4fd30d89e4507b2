"""Nominations in bulk: the secretariat nominates many members of an edition at once.

The candidates (members active on the eligibility date, filtered by province and kind,
by default those with verified data for the edition's data year) are read with their
eligibility outcome in one query, by the rule of the automatic check
(:func:`akkopsi.awards.services.eligibility_facts` and ``eligibility_outcome``). A
selection is announced by :func:`plan_nominations` (who will be nominated, who is not
eligible, who is nominated already) and done by :func:`nominate_many` with the token the
secretariat confirmed: eligible members without a nomination are inserted in one
statement with their history; members already nominated are skipped and reported; members
not eligible are not nominated (a nomination the jury may not score helps no one; the
secretariat can still nominate one by hand and decide its eligibility with a reason).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from akkopsi.accounts.models import User
from akkopsi.accounts.permissions import Permission, require
from akkopsi.awards import services
from akkopsi.awards.models import Edition, Nomination
from akkopsi.core.bulk import insert_with_history
from akkopsi.core.confirm import Plan, check_confirmed
from akkopsi.members.models import Member


@dataclass(frozen=True)
class Candidate:
    """A member offered for nomination, with the outcome of the eligibility rule."""

    member: Member
    eligible: bool
    note: str
    nominated: bool  # already nominated for the edition: skipped

    @property
    def will_be_nominated(self) -> bool:
        return self.eligible and not self.nominated


def candidates(
    edition: Edition,
    *,
    province: str = "",
    kind: str = "",
    verified_only: bool = True,
    codes: Iterable[str] | None = None,
) -> list[Candidate]:
    """Members active on the eligibility date (of ``province``, of ``kind``, with verified
    data for the data year when ``verified_only``, among ``codes`` when given), each with
    its eligibility outcome and whether it is nominated already. One query."""
    on = services.eligibility_date(edition)
    nominated = Nomination.objects.filter(edition=edition, member=OuterRef("pk"))
    qs: QuerySet[Member] = (
        Member.objects.active_on(on)
        .select_related("regency__province")
        .annotate(**services.eligibility_facts(edition, on, member="pk"))
        .annotate(nominated=Exists(nominated))
        .order_by("regency_id")
    )
    if province:
        qs = qs.filter(regency__province_id=province)
    if kind:
        qs = qs.filter(regency__kind=kind)
    if verified_only:
        qs = qs.filter(verified=True)  # type: ignore[misc]  # an annotation of eligibility_facts
    if codes is not None:
        qs = qs.filter(regency_id__in=list(codes))
    days = edition.methodology.max_arrears_days
    out = []
    for m in qs:
        ok, note = services.eligibility_outcome(m, edition.data_year, days)
        out.append(Candidate(m, ok, note, bool(m.nominated)))  # type: ignore[attr-defined]
    return out


def plan_nominations(edition: Edition, codes: Iterable[str]) -> tuple[Plan, list[Candidate]]:
    """What :func:`nominate_many` would do with the members ``codes``: the plan and the
    candidates (for the table of outcomes)."""
    rows = candidates(edition, verified_only=False, codes=codes)
    todo = [c for c in rows if c.will_be_nominated]
    facts = {
        "n": len(todo),
        "edition": edition,
        "ineligible": sum(not c.eligible and not c.nominated for c in rows),
        "nominated": sum(c.nominated for c in rows),
    }
    lines = (
        _("Members to nominate for %(edition)s: %(n)s.") % facts,
        _("Not eligible, so not nominated: %(ineligible)s.") % facts,
        _("Nominated already, skipped: %(nominated)s.") % facts,
    )
    key = tuple((c.member.pk, c.eligible, c.nominated) for c in rows)
    return Plan(len(todo), lines, facts=key), rows


@transaction.atomic
def nominate_many(
    edition: Edition, codes: Iterable[str], *, narrative: str, by: User, expected: str | None
) -> int:
    """Nominate the eligible members among ``codes`` not nominated yet, as the plan the
    secretariat confirmed (``expected``) said. Set-based: the same few statements for 5
    members or 500, each new nomination with its history. Returns how many were made."""
    require(by, Permission.MANAGE_AWARDS)
    if not narrative.strip():
        raise ValidationError({"narrative": _("Write the narrative of the nomination.")})
    Edition.objects.select_for_update().filter(pk=edition.pk).first()  # one bulk run at a time
    plan, rows = plan_nominations(edition, list(codes))
    check_confirmed(plan, expected)
    todo = [c for c in rows if c.will_be_nominated]
    now = timezone.now()
    return insert_with_history(
        Nomination,
        ["member", "eligible", "eligibility_note"],
        [(c.member.pk, True, c.note) for c in todo],
        constants={
            "edition": edition,
            "narrative": narrative.strip(),
            "evidence": "",
            "nominated_by": by,
            "eligibility_by_hand": False,
            "created_at": now,
            "updated_at": now,
        },
        marker="created_at",
        key=["member"],
        user=by,
        reason=_("Nominated in bulk."),
    )
