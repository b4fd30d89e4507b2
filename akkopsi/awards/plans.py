"""The award's actions that cannot be taken back or touch many nominations, announced
before they are done (ADR 0047): compute (or recompute) the results, publish them, close
the jury, check eligibility again. Each ``plan_...`` says what will happen and to how
many; the action of the same name takes the token the secretariat confirmed and refuses
(``StaleConfirmation``) when the plan changed in between."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from akkopsi.accounts.models import User
from akkopsi.accounts.permissions import Permission, require
from akkopsi.awards import compute, services
from akkopsi.awards.models import (
    Criterion,
    Edition,
    JuryMembership,
    JuryScore,
    Nomination,
    ResultRun,
    Source,
)
from akkopsi.core.confirm import Plan, check_confirmed


def _confirmed(
    edition: Edition, by: User, expected: str | None, plan: Callable[[Edition], Plan]
) -> Edition:
    """The edition locked, once ``by`` may act and the confirmed plan is still the plan."""
    require(by, Permission.MANAGE_AWARDS)
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    check_confirmed(plan(edition), expected)
    return edition


def jury_pending(edition: Edition) -> tuple[int, int]:
    """How many seated jurors have not finished scoring, and how many nominations still
    wait for one of their scores (nominations not eligible and conflicts left out). A few
    queries per juror, whatever the number of nominations."""
    nominations = list(
        Nomination.objects.filter(edition=edition)
        .exclude(eligible=False)
        .select_related("member__regency")
    )
    criteria: dict[int, list[int]] = defaultdict(list)
    jury = Criterion.objects.filter(category__methodology=edition.methodology, source=Source.JURY)
    for pk, category in jury.values_list("pk", "category_id"):
        criteria[category].append(pk)
    seats: dict[User, list[int]] = defaultdict(list)
    for seat in JuryMembership.objects.filter(edition=edition).select_related("juror"):
        seats[seat.juror].append(seat.category_id)
    scored = set(
        JuryScore.objects.filter(nomination__edition=edition).values_list(
            "juror_id", "nomination_id", "criterion_id"
        )
    )
    jurors, waiting = set(), set()
    for juror, categories in seats.items():
        free = services.conflicts(juror, nominations)
        needed = [c for category in categories for c in criteria[category]]
        for n in nominations:
            if free[n.pk] is None and any((juror.pk, n.pk, c) not in scored for c in needed):
                jurors.add(juror.pk)
                waiting.add(n.pk)
    return len(jurors), len(waiting)


def _jury_warning(edition: Edition) -> tuple[tuple[str, ...], tuple[int, int]]:
    pending = jury_pending(edition)
    if edition.jury_closed or not pending[0]:
        return (), pending
    text = _("%(jurors)s jurors have not finished scoring %(n)s nominations.") % {
        "jurors": pending[0],
        "n": pending[1],
    }
    return (text,), pending


def plan_compute(edition: Edition) -> Plan:
    """What :func:`compute_results` would do: which nominations, what it replaces, and the
    jurors still scoring."""
    units = compute.units_of(edition)
    current = services.latest_run(edition)
    facts: dict[str, Any] = {"n": len(units), "edition": edition}
    lines = [_("The results of %(edition)s are computed for %(n)s eligible nominations.") % facts]
    if current is not None:
        when = date_format(current.computed_at, "j F Y H:i")
        lines.append(
            _("The current result (computed %(when)s) is kept as an earlier result.")
            % {"when": when}
        )
    if edition.published:
        lines.append(_("The results are published: the new result replaces them publicly."))
    warnings, pending = _jury_warning(edition)
    key = (tuple(u.pk for u in units), current and current.pk, edition.published, pending)
    return Plan(len(units), tuple(lines), facts=key, warnings=warnings)


@transaction.atomic
def compute_results(edition: Edition, *, by: User, reason: str, expected: str | None) -> ResultRun:
    """Compute the results (:func:`akkopsi.awards.compute.run`) as announced."""
    edition = _confirmed(edition, by, expected, plan_compute)
    return compute.run(edition, by=by, reason=reason)


def plan_publish(edition: Edition) -> Plan:
    """What :func:`publish_results` would do (refused when there is nothing publishable)."""
    run = services.publishable_run(edition)
    n = len(run.results.get("units", []))
    lines = (
        _("The results of %(edition)s become public: %(n)s members ranked.")
        % {"edition": edition, "n": n},
        _(
            "Publication cannot be undone: a later recomputation needs a reason and keeps the "
            "published result beside the new one."
        ),
    )
    warnings, pending = _jury_warning(edition)
    count = 0 if edition.published else 1
    return Plan(count, lines, facts=(run.pk, edition.published, pending), warnings=warnings)


@transaction.atomic
def publish_results(edition: Edition, *, by: User, expected: str | None) -> None:
    services.publish(_confirmed(edition, by, expected, plan_publish), by=by)


def plan_close_jury(edition: Edition) -> Plan:
    """What :func:`close_jury` would do: no more scoring, every score seen by all jurors."""
    lines = (
        _("The jury of %(edition)s closes: jurors can no longer score.") % {"edition": edition},
        _("Every juror then sees the scores of all jurors."),
    )
    warnings, pending = _jury_warning(edition)
    count = 0 if edition.jury_closed else 1
    return Plan(count, lines, facts=(edition.jury_closed, pending), warnings=warnings)


@transaction.atomic
def close_jury(edition: Edition, *, by: User, expected: str | None) -> None:
    services.close_jury(_confirmed(edition, by, expected, plan_close_jury), by=by)


def plan_recheck(edition: Edition) -> Plan:
    """What :func:`recheck_eligibility` would do: how many nominations are checked again,
    how many decided by hand stay as they are."""
    rows = list(Nomination.objects.filter(edition=edition).values_list("pk", "eligibility_by_hand"))
    auto = [pk for pk, by_hand in rows if not by_hand]
    facts = {"n": len(auto), "hand": len(rows) - len(auto)}
    lines = (
        _("Eligibility is checked again for %(n)s nominations; the outcome may change.") % facts,
        _("Decisions taken by hand stay as they are: %(hand)s.") % facts,
    )
    return Plan(len(auto), lines, facts=tuple(auto))


@transaction.atomic
def recheck_eligibility(edition: Edition, *, by: User, expected: str | None) -> int:
    return services.check_eligibility_all(_confirmed(edition, by, expected, plan_recheck))
