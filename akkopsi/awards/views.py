"""Pages of the Sanipura Award. Thin: authorise, call a service or the adapter, render.

Result pages read one saved ResultRun (its JSON), so they take a fixed number of queries
whatever the number of nominations.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from akkopsi.accounts.models import Role, User
from akkopsi.accounts.permissions import ANY_MEMBER, Permission, can, own_member_id, require
from akkopsi.awards import compute, services
from akkopsi.awards.engine_messages import located_text
from akkopsi.awards.forms import (
    CategoryFormSet,
    CriterionFormSet,
    EditionForm,
    EligibilityForm,
    JuryForm,
    NominationForm,
    ScoreForm,
    VersionForm,
)
from akkopsi.awards.models import (
    Aggregation,
    Category,
    Edition,
    JuryMembership,
    MethodologyVersion,
    Nomination,
    ResultRun,
    UncertainImputation,
    UncertainNormalisation,
)
from akkopsi.members.models import Member


def _edition(year: int) -> Edition:
    return get_object_or_404(Edition.objects.select_related("methodology"), year=year)


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for m in exc.messages:
        messages.error(request, m)


def index(request: HttpRequest) -> HttpResponse:
    editions = list(Edition.objects.select_related("methodology"))
    manager = can(request.user, Permission.MANAGE_AWARDS)
    versions = list(MethodologyVersion.objects.all())
    return render(
        request,
        "awards/index.html",
        {"editions": editions, "versions": versions, "manager": manager},
    )


def _outside_band(u: dict[str, Any]) -> bool:
    """The official rank lies outside the 5-95% band of the replications."""
    iv, rank = u.get("interval"), u.get("rank")
    return bool(iv and rank is not None and not iv["q5"] <= rank <= iv["q95"])


def _results(run: ResultRun) -> dict[str, Any]:
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
    winners = []
    for cat in res["categories"]:
        best = [u for u in units if u["category_ranks"].get(cat["code"]) == 1]
        winners.append(
            {
                "category": cat,
                "units": best,
                "score": best[0]["categories"][cat["code"]] if best else None,
            }
        )
    labels = {
        "weights": _("weights"),
        "normalisation": _("normalisation"),
        "aggregation": _("aggregation"),
        "imputation": _("imputation"),
    }
    sa = res.get("sensitivity")
    n_f = len(sa["factors"]) if sa else 0
    sensitivity = (
        [
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
        if sa
        else []
    )
    return {
        "run": run,
        "units": units,
        "winners": winners,
        "categories": res["categories"],
        "sensitivity": sensitivity,
        "sensitivity_runs": sa["runs"] if sa else 0,
        "sensitivity_n": sa["n"] if sa else 0,
        "outside_band": sum(u["outside_band"] for u in units),
        "failed_checks": run.failed_checks,
    }


def edition_detail(request: HttpRequest, year: int) -> HttpResponse:
    edition = _edition(year)
    manager = can(request.user, Permission.MANAGE_AWARDS)
    ctx: dict[str, Any] = {
        "edition": edition,
        "manager": manager,
        "categories": list(edition.open_categories.all()),
        "can_nominate": can(request.user, Permission.NOMINATE, ANY_MEMBER),
        "can_score": can(request.user, Permission.SCORE),
        "versions": [],
    }
    if services.can_see_results(request.user, edition):
        run = services.latest_run(edition)
        earlier = services.superseded_runs(edition)
        shown = request.GET.get("hasil")
        if shown and shown.isdigit():  # an earlier result, kept with why it was replaced
            if not any(r.pk == int(shown) for r in earlier):
                raise Http404
            run = ResultRun.objects.defer("snapshot").get(pk=int(shown))
        if run is not None:
            ctx.update(_results(run))
        ctx["earlier"] = earlier
        ctx["versions"] = list(MethodologyVersion.objects.exclude(pk=edition.methodology_id))
    if manager:
        ctx["nominations"] = list(
            Nomination.objects.filter(edition=edition).select_related("member__regency")
        )
    return render(request, "awards/edition.html", ctx)


def scorecard_context(request: HttpRequest, year: int, code: str) -> dict[str, Any]:
    edition = _edition(year)
    member = get_object_or_404(Member.objects.select_related("regency"), regency_id=code)
    if not services.can_see_scorecard(request.user, edition, member):
        if request.user.is_authenticated:
            raise PermissionDenied
        raise Http404
    run = services.latest_run(edition)
    unit = (
        None if run is None else next((u for u in run.results["units"] if u["code"] == code), None)
    )
    if unit is None:
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
    return {
        "edition": edition,
        "member": member,
        "unit": unit,
        "rows": rows,
        "run": run,
        "n_units": len(run.results["units"]),
        "category_rows": [
            {
                "name": c["name"],
                "score": unit["categories"].get(c["code"]),
                "rank": unit["category_ranks"].get(c["code"]),
            }
            for c in run.results["categories"]
        ],
    }


def scorecard(request: HttpRequest, year: int, code: str) -> HttpResponse:
    return render(request, "awards/scorecard.html", scorecard_context(request, year, code))


def scorecard_pdf(request: HttpRequest, year: int, code: str) -> HttpResponse:
    from akkopsi.core.pdf import pdf_response, render_pdf

    ctx = scorecard_context(request, year, code)
    pdf = render_pdf("awards/scorecard_pdf.html", ctx)
    return pdf_response(pdf, f"sanipura-{year}-{code}")


def methodology_context(version: MethodologyVersion) -> dict[str, Any]:
    """What the methodology page and its PDF show, read from the version itself."""
    from akkopsi.engines.composite import MAX_HALF_WIDTH, MethodologyError

    categories = list(
        version.categories.prefetch_related("criteria__indicator", "criteria__denominator")
    )
    ctx: dict[str, Any] = {
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
        results = compute.ahp_results(version)
    except MethodologyError as exc:
        ctx["ahp_error"] = located_text(exc)
        return ctx
    by_code = {c.code: c for c in categories}
    for code, res in results.items():
        cat = by_code.get(code)
        matrix = cat.pairwise if cat is not None else version.category_pairwise
        ctx["ahp"].append(
            {
                "what": cat.name if cat is not None else _("the categories"),
                "labels": list(res.labels),
                "rows": [
                    {"label": label, "values": row, "weight": float(w)}
                    for label, row, w in zip(res.labels, matrix, res.weights, strict=True)
                ],
                "cr": res.cr,
                "consistent": res.consistent,
            }
        )
    return ctx


def methodology_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(MethodologyVersion, pk=pk)
    ctx = methodology_context(version)
    ctx["manager"] = can(request.user, Permission.MANAGE_AWARDS)
    return render(request, "awards/methodology.html", ctx)


@login_required
@require_POST
def methodology_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Permission.MANAGE_AWARDS)
    version = get_object_or_404(MethodologyVersion, pk=pk)
    copy = services.new_version(version, by=request.user)
    messages.success(request, _("New version %(v)s created as a draft.") % {"v": copy})
    return redirect("awards:methodology_edit", pk=copy.pk)


def _draft(request: HttpRequest, pk: int) -> MethodologyVersion | None:
    require(request.user, Permission.MANAGE_AWARDS)
    version = get_object_or_404(MethodologyVersion, pk=pk)
    if version.is_locked:
        messages.error(
            request, _("This methodology version is used by an edition; make a new version.")
        )
        return None
    return version


@login_required
def methodology_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft version's settings and its categories (a formset)."""
    version = _draft(request, pk)
    if version is None:
        return redirect("awards:methodology", pk=pk)
    data = request.POST if request.method == "POST" else None
    form = VersionForm(data, instance=version)
    formset = CategoryFormSet(data, instance=version, prefix="cat")
    if data is not None and all([form.is_valid(), formset.is_valid()]):
        try:
            services.save_methodology(form, formset, by=request.user)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Methodology saved."))
            return redirect("awards:methodology_edit", pk=pk)
    return render(
        request,
        "awards/methodology_form.html",
        {
            "version": version,
            "form": form,
            "formset": formset,
            "ahp_order": compute.ahp_order(version),
            "categories": list(version.categories.all()),
        },
    )


@login_required
def category_edit(request: HttpRequest, pk: int, category: int) -> HttpResponse:
    """The criteria of one category of a draft version (a formset)."""
    version = _draft(request, pk)
    if version is None:
        return redirect("awards:methodology", pk=pk)
    cat = get_object_or_404(Category, pk=category, methodology=version)
    data = request.POST if request.method == "POST" else None
    formset = CriterionFormSet(data, instance=cat, prefix="crit")
    if data is not None and formset.is_valid():
        try:
            services.save_criteria(cat, formset, by=request.user)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Criteria saved."))
            return redirect("awards:category_edit", pk=pk, category=category)
    return render(
        request,
        "awards/category_form.html",
        {
            "version": version,
            "category": cat,
            "formset": formset,
            "ahp_order": compute.ahp_order(version, cat),
        },
    )


@login_required
def edition_form(request: HttpRequest, year: int | None = None) -> HttpResponse:
    """Create (no year) or change an edition: timeline, methodology, categories open."""
    require(request.user, Permission.MANAGE_AWARDS)
    edition = _edition(year) if year is not None else Edition()
    form = EditionForm(request.POST or None, instance=edition)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_edition(form, by=request.user)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Edition saved."))
            return redirect("awards:edition", year=saved.year)
    return render(request, "awards/edition_form.html", {"edition": edition, "form": form})


@login_required
def jury_setup(request: HttpRequest, year: int) -> HttpResponse:
    """Who sits on the jury of each category of the edition."""
    require(request.user, Permission.MANAGE_AWARDS)
    edition = _edition(year)
    categories = list(edition.open_categories.all()) or list(edition.methodology.categories.all())
    jurors = User.objects.filter(role=Role.JURY, is_active=True).order_by("username")
    seats = JuryMembership.objects.filter(edition=edition).values_list("juror_id", "category_id")
    form = JuryForm(request.POST or None, categories=categories, jurors=jurors, seats=list(seats))
    if request.method == "POST" and form.is_valid():
        try:
            for cat in categories:
                services.set_jury(
                    edition, cat, form.cleaned_data[f"jury_{cat.pk}"], by=request.user
                )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Juries saved."))
            return redirect("awards:jury", year=year)
    return render(request, "awards/jury_setup.html", {"edition": edition, "form": form})


@login_required
@require_POST
def recheck_eligibility(request: HttpRequest, year: int) -> HttpResponse:
    require(request.user, Permission.MANAGE_AWARDS)
    n = services.check_eligibility_all(_edition(year))
    messages.success(request, _("Eligibility checked again for %(n)s nominations.") % {"n": n})
    return redirect("awards:edition", year=year)


def comparison(request: HttpRequest, year: int) -> HttpResponse:
    edition = _edition(year)
    if not services.can_see_results(request.user, edition):
        raise Http404
    other = MethodologyVersion.objects.exclude(pk=edition.methodology_id)
    try:
        version_b = other.get(pk=int(request.GET.get("b", "")))
    except (ValueError, MethodologyVersion.DoesNotExist):
        version_b = other.order_by("-created_at").first()
    rows = compute.compare_versions(edition, version_b) if version_b else []
    shifts = [abs(r["shift"]) for r in rows if r["shift"] is not None]
    return render(
        request,
        "awards/comparison.html",
        {
            "edition": edition,
            "version_b": version_b,
            "versions": list(other),
            "rows": rows,
            "mean_shift": sum(shifts) / len(shifts) if shifts else 0,
            "moved": sum(1 for s in shifts if s),
        },
    )


@login_required
def nominate(request: HttpRequest, year: int) -> HttpResponse:
    edition = _edition(year)
    require(request.user, Permission.NOMINATE, ANY_MEMBER)
    own = own_member_id(request.user)
    members = Member.objects.select_related("regency").order_by("regency__name")
    if own is not None:
        members = members.filter(pk=own)
    form = NominationForm(request.POST or None, request.FILES or None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            nom = services.nominate(
                edition=edition,
                member=form.cleaned_data["member"],
                narrative=form.cleaned_data["narrative"],
                evidence=form.cleaned_data.get("evidence"),
                by=request.user,
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(
                request, _("Nomination saved. %(note)s") % {"note": nom.eligibility_note}
            )
            return redirect("awards:edition", year=year)
    mine = Nomination.objects.filter(edition=edition).select_related("member__regency")
    if own is not None:
        mine = mine.filter(member_id=own)
    return render(
        request,
        "awards/nominate.html",
        {"edition": edition, "form": form, "nominations": list(mine)},
    )


@login_required
def eligibility(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    require(request.user, Permission.MANAGE_AWARDS)
    nomination = get_object_or_404(
        Nomination.objects.select_related("member__regency", "edition"), pk=pk, edition__year=year
    )
    form = EligibilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.set_eligibility(
            nomination,
            eligible=form.cleaned_data["eligible"],
            note=form.cleaned_data["note"],
            by=request.user,
        )
        return redirect("awards:edition", year=year)
    return render(
        request,
        "awards/eligibility.html",
        {"edition": nomination.edition, "nomination": nomination, "form": form},
    )


@login_required
def jury(request: HttpRequest, year: int) -> HttpResponse:
    edition = _edition(year)
    if not (can(request.user, Permission.SCORE) or can(request.user, Permission.MANAGE_AWARDS)):
        raise PermissionDenied
    nominations = list(
        Nomination.objects.filter(edition=edition)
        .exclude(eligible=False)
        .select_related("member__regency__province")
    )
    scores = list(services.visible_scores(request.user, edition))
    criteria = {c.pk: c for c in services.jury_criteria(edition)}
    noms = {n.pk: n for n in nominations}
    spreads = [
        {"nomination": noms.get(s.nomination_id), "criterion": criteria.get(s.criterion_id), "s": s}
        for s in services.spreads(edition, scores)
    ]
    show_all = can(request.user, Permission.MANAGE_AWARDS) or edition.jury_closed
    jurors: dict[int, set[int]] = {}
    for sc in scores:
        jurors.setdefault(sc.nomination_id, set()).add(sc.juror_id)
    need = edition.methodology.min_jurors
    juror = can(request.user, Permission.SCORE)
    my_seats = services.seats(request.user, edition) if juror else set()
    juries: dict[int, list[str]] = {}
    for seat in JuryMembership.objects.filter(edition=edition).select_related("category", "juror"):
        juries.setdefault(seat.category_id, [seat.category.name]).append(
            seat.juror.get_full_name() or seat.juror.username
        )
    why_not = services.conflicts(request.user, nominations) if juror else {}
    rows = []
    for n in nominations:
        why = why_not.get(n.pk)
        if juror and why is None and not my_seats:
            why = _("You do not sit on any jury of this edition.")
        count = len(jurors.get(n.pk, ()))
        rows.append({"nomination": n, "conflict": why, "jurors": count, "short": count < need})
    return render(
        request,
        "awards/jury.html",
        {
            "edition": edition,
            "rows": rows,
            "scores": scores,
            "spreads": spreads if show_all else [],
            "show_all": show_all,
            "juries": list(juries.values()),
            "manager": can(request.user, Permission.MANAGE_AWARDS),
        },
    )


@login_required
def jury_score(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    edition = _edition(year)
    require(request.user, Permission.SCORE)
    nomination = get_object_or_404(
        Nomination.objects.select_related("member__regency__province", "edition__methodology"),
        pk=pk,
        edition=edition,
    )
    why = services.conflict(request.user, nomination)
    if why:
        raise PermissionDenied(why)
    criteria = services.jury_criteria(edition, request.user)
    if not criteria:
        raise PermissionDenied(_("You do not sit on any jury of this edition."))
    mine = {
        s.criterion_id: s
        for s in services.visible_scores(request.user, edition).filter(
            nomination=nomination, juror=request.user
        )
    }
    form = ScoreForm(request.POST or None, criteria=criteria, initial_scores=mine)
    if request.method == "POST" and form.is_valid():
        try:
            for c in criteria:
                raw = form.cleaned_data.get(f"score_{c.pk}")
                if raw in ("", None):
                    continue
                services.score(
                    nomination=nomination,
                    criterion=c,
                    value=Decimal(raw),
                    comment=form.cleaned_data.get(f"comment_{c.pk}", ""),
                    by=request.user,
                )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Scores saved."))
            return redirect("awards:jury", year=year)
    return render(
        request,
        "awards/jury_score.html",
        {"edition": edition, "nomination": nomination, "form": form},
    )


@login_required
@require_POST
def close_jury(request: HttpRequest, year: int) -> HttpResponse:
    services.close_jury(_edition(year), by=request.user)
    messages.success(request, _("The jury is closed; scores are now visible to all jurors."))
    return redirect("awards:jury", year=year)


@login_required
@require_POST
def compute_results(request: HttpRequest, year: int) -> HttpResponse:
    require(request.user, Permission.MANAGE_AWARDS)
    edition = _edition(year)
    try:
        compute.run(edition, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        _errors(request, exc)
    except Exception as exc:  # the engine's errors name the row and column
        from akkopsi.engines.errors import EngineError

        if not isinstance(exc, EngineError):
            raise
        messages.error(request, located_text(exc))
    else:
        messages.success(request, _("Results computed."))
    return redirect("awards:edition", year=year)


@login_required
@require_POST
def publish(request: HttpRequest, year: int) -> HttpResponse:
    try:
        services.publish(_edition(year), by=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Results published."))
    return redirect("awards:edition", year=year)


@login_required
def evidence(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    """The evidence file of a nomination, for those who may see the nomination."""
    nomination = get_object_or_404(
        Nomination.objects.select_related("member__regency"), pk=pk, edition__year=year
    )
    if not services.can_see_nomination(request.user, nomination):
        raise PermissionDenied
    if not nomination.evidence:
        raise Http404
    return FileResponse(nomination.evidence.open("rb"), as_attachment=True)


def methodology_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from akkopsi.core.pdf import pdf_response, render_pdf

    version = get_object_or_404(MethodologyVersion, pk=pk)
    pdf = render_pdf("awards/methodology_pdf.html", methodology_context(version))
    return pdf_response(pdf, f"metodologi-sanipura-v{version.version}")
