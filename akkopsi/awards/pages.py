"""What the award pages show, assembled from the models and the saved results (read only).

Result pages read one saved ResultRun (its JSON), so they take a fixed number of queries
whatever the number of nominations. The views call these functions after their access
checks (:mod:`akkopsi.awards.access`) and render what they return.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import Http404
from django.utils.translation import gettext as _

from akkopsi.accounts.models import User
from akkopsi.accounts.permissions import ANY_MEMBER, Permission, can
from akkopsi.awards import access, compute, services
from akkopsi.awards.charts import result_charts
from akkopsi.awards.engine_messages import located_text
from akkopsi.awards.models import (
    Aggregation,
    Category,
    Edition,
    JuryMembership,
    JuryScore,
    MethodologyVersion,
    Nomination,
    ResultRun,
    UncertainImputation,
    UncertainNormalisation,
)
from akkopsi.members.models import Member

if TYPE_CHECKING:
    from akkopsi.awards.access import Viewer

Context = dict[str, Any]

# -- results -------------------------------------------------------------------------------------


def _outside_band(u: dict[str, Any]) -> bool:
    """The official rank lies outside the 5-95% band of the replications."""
    iv, rank = u.get("interval"), u.get("rank")
    return bool(iv and rank is not None and not iv["q5"] <= rank <= iv["q95"])


def _winners(categories: list[dict[str, Any]], units: list[dict[str, Any]]) -> list[Context]:
    winners = []
    for cat in categories:
        best = [u for u in units if u["category_ranks"].get(cat["code"]) == 1]
        score = best[0]["categories"][cat["code"]] if best else None
        winners.append({"category": cat, "units": best, "score": score})
    return winners


def _sensitivity(sa: dict[str, Any] | None) -> list[Context]:
    """One row per uncertain factor: first-order and total indices with their intervals."""
    if not sa:
        return []
    labels = {
        "weights": _("weights"),
        "normalisation": _("normalisation"),
        "aggregation": _("aggregation"),
        "imputation": _("imputation"),
    }
    n_f = len(sa["factors"])
    return [
        {"factor": labels.get(f, f), "first": s1, "total": st, "first_ci": c1, "total_ci": ct}
        for f, s1, st, c1, ct in zip(
            sa["factors"],
            sa["first_order"],
            sa["total"],
            sa.get("first_order_ci") or [None] * n_f,
            sa.get("total_ci") or [None] * n_f,
            strict=True,
        )
    ]


def results_context(run: ResultRun) -> Context:
    """The results of ``run`` as the edition page shows them."""
    res = run.results
    # JSON objects lose their key order on PostgreSQL (jsonb): follow the category list.
    units = [
        {
            **u,
            "category_scores": [u["categories"].get(c["code"]) for c in res["categories"]],
            "outside_band": _outside_band(u),
        }
        for u in res["units"]
    ]
    sa = res.get("sensitivity")
    return {
        "run": run,
        "units": units,
        "winners": _winners(res["categories"], units),
        "categories": res["categories"],
        "sensitivity": _sensitivity(sa),
        "sensitivity_runs": sa["runs"] if sa else 0,
        "sensitivity_n": sa["n"] if sa else 0,
        "outside_band": sum(u["outside_band"] for u in units),
        "failed_checks": run.failed_checks,
        "charts": result_charts(res),
    }


def edition_context(user: Viewer, edition: Edition, shown: str | None) -> Context:
    """The edition page: timeline and categories; results (current or an earlier one,
    ``shown``) to those who may see them; the nominations to the secretariat."""
    manager = can(user, Permission.MANAGE_AWARDS)
    ctx: Context = {
        "edition": edition,
        "manager": manager,
        "categories": list(edition.open_categories.all()),
        "can_nominate": can(user, Permission.NOMINATE, ANY_MEMBER),
        "can_score": can(user, Permission.SCORE),
        "versions": [],
    }
    if access.can_see_results(user, edition):
        earlier = services.superseded_runs(edition)
        run = access.shown_run(edition, shown, earlier)
        if run is not None:
            ctx.update(results_context(run))
        ctx["earlier"] = earlier
        ctx["versions"] = list(MethodologyVersion.objects.exclude(pk=edition.methodology_id))
    if manager:
        ctx["nominations"] = list(
            Nomination.objects.filter(edition=edition).select_related("member__regency")
        )
    return ctx


def scorecard_context(edition: Edition, member: Member) -> Context:
    """A member's scorecard in the edition's current result (404 when it has none)."""
    run = services.latest_run(edition)
    code = member.regency_id
    units = [] if run is None else run.results["units"]
    unit = next((u for u in units if u["code"] == code), None)
    if run is None or unit is None:
        raise Http404
    cats = {c["code"]: c["name"] for c in run.results["categories"]}
    rows = [
        {
            "code": c["code"],
            "name": c["name"],
            "category": cats.get(c["category"], c["category"]),
            "value": unit["values"].get(c["code"]),
            "normalised": unit["normalised"].get(c["code"]),
            "contribution": unit["contributions"].get(c["code"]),
            "whatif": unit["whatif"].get(c["code"]),
        }
        for c in run.results["criteria"]
    ]
    category_rows = [
        {
            "name": c["name"],
            "score": unit["categories"].get(c["code"]),
            "rank": unit["category_ranks"].get(c["code"]),
        }
        for c in run.results["categories"]
    ]
    return {
        "edition": edition,
        "member": member,
        "unit": unit,
        "rows": rows,
        "run": run,
        "n_units": len(units),
        "category_rows": category_rows,
    }


def comparison_context(edition: Edition, b: str | None) -> Context:
    """The edition's ranks under its methodology and under version ``b`` (by default the
    newest other version)."""
    other = MethodologyVersion.objects.exclude(pk=edition.methodology_id)
    version_b: MethodologyVersion | None
    try:
        version_b = other.get(pk=int(b or ""))
    except (ValueError, MethodologyVersion.DoesNotExist):
        version_b = other.order_by("-created_at").first()
    rows = compute.compare_versions(edition, version_b) if version_b else []
    shifts = [abs(r["shift"]) for r in rows if r["shift"] is not None]
    return {
        "edition": edition,
        "version_b": version_b,
        "versions": list(other),
        "rows": rows,
        "mean_shift": sum(shifts) / len(shifts) if shifts else 0,
        "moved": sum(1 for s in shifts if s),
    }


# -- methodology ---------------------------------------------------------------------------------


def _ahp_tables(version: MethodologyVersion, categories: list[Category]) -> list[Context]:
    """Each AHP matrix of the version with its weights and consistency (raises the
    engine's MethodologyError when one cannot be computed)."""
    by_code = {c.code: c for c in categories}
    tables = []
    for code, res in compute.ahp_results(version).items():
        cat = by_code.get(code)
        matrix = cat.pairwise if cat is not None else version.category_pairwise
        rows = [
            {"label": label, "values": row, "weight": float(w)}
            for label, row, w in zip(res.labels, matrix, res.weights, strict=True)
        ]
        tables.append(
            {
                "what": cat.name if cat is not None else _("the categories"),
                "labels": list(res.labels),
                "rows": rows,
                "cr": res.cr,
                "consistent": res.consistent,
            }
        )
    return tables


def methodology_context(version: MethodologyVersion) -> Context:
    """What the methodology page and its PDF show, read from the version itself."""
    from akkopsi.engines.composite import MAX_HALF_WIDTH, MethodologyError

    categories = list(
        version.categories.prefetch_related("criteria__indicator", "criteria__denominator")
    )
    ctx: Context = {
        "version": version,
        "categories": categories,
        "editions": list(version.editions.all()),
        "uncertain": {
            "normalisations": [
                UncertainNormalisation(v).label for v in version.uncertain_normalisations
            ],
            "aggregations": [Aggregation(v).label for v in version.uncertain_aggregations],
            "imputations": [UncertainImputation(v).label for v in version.uncertain_imputations],
        },
        "ahp": [],
        "ahp_error": None,
        "replications": compute.DEFAULT_REPLICATIONS,
        "sensitivity_sizes": compute.SENSITIVITY_SIZES,
        "max_half_width": MAX_HALF_WIDTH,
    }
    try:
        ctx["ahp"] = _ahp_tables(version, categories)
    except MethodologyError as exc:
        ctx["ahp_error"] = located_text(exc)
    return ctx


# -- jury ----------------------------------------------------------------------------------------


def _jury_names(edition: Edition) -> list[list[str]]:
    """Per category: its name, then the names of the jurors sitting on its jury."""
    juries: dict[int, list[str]] = {}
    for seat in JuryMembership.objects.filter(edition=edition).select_related("category", "juror"):
        juries.setdefault(seat.category_id, [seat.category.name]).append(
            seat.juror.get_full_name() or seat.juror.username
        )
    return list(juries.values())


def _nomination_rows(
    user: Viewer, edition: Edition, nominations: list[Nomination], scores: list[JuryScore]
) -> list[Context]:
    """Per nomination: why ``user`` may not score it (for a juror), and whether enough
    jurors have scored it."""
    jurors: dict[int, set[int]] = {}
    for sc in scores:
        jurors.setdefault(sc.nomination_id, set()).add(sc.juror_id)
    need = edition.methodology.min_jurors
    juror = user if isinstance(user, User) and can(user, Permission.SCORE) else None
    my_seats = services.seats(juror, edition) if juror else set()
    why_not = services.conflicts(juror, nominations) if juror else {}
    rows = []
    for n in nominations:
        why = why_not.get(n.pk)
        if juror and why is None and not my_seats:
            why = access.no_seat_reason()
        count = len(jurors.get(n.pk, ()))
        rows.append({"nomination": n, "conflict": why, "jurors": count, "short": count < need})
    return rows


def jury_context(user: Viewer, edition: Edition) -> Context:
    """The jury page: the eligible nominations, the scores ``user`` may see, the spreads
    of the jurors' scores (to the secretariat, or once the jury has closed), the juries."""
    nominations = list(
        Nomination.objects.filter(edition=edition)
        .exclude(eligible=False)
        .select_related("member__regency__province")
    )
    scores = list(access.visible_scores(user, edition))
    criteria = {c.pk: c for c in services.jury_criteria(edition)}
    noms = {n.pk: n for n in nominations}
    spreads = [
        {"nomination": noms.get(s.nomination_id), "criterion": criteria.get(s.criterion_id), "s": s}
        for s in services.spreads(edition, scores)
    ]
    manager = can(user, Permission.MANAGE_AWARDS)
    show_all = manager or edition.jury_closed
    return {
        "edition": edition,
        "rows": _nomination_rows(user, edition, nominations, scores),
        "scores": scores,
        "spreads": spreads if show_all else [],
        "show_all": show_all,
        "juries": _jury_names(edition),
        "manager": manager,
    }
