"""The data cycle's pages: upload (dry run, then confirm), entry form, submission workflow,
the secretariat's cycle overview, import records, value history and the catalogue."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from akkopsi.accounts.permissions import ANY_MEMBER, Permission, can, own_member_id, require
from akkopsi.core.dates import today
from akkopsi.core.uploads import upload_refused
from akkopsi.data import pending, services
from akkopsi.data.choices import FundingSource, Stage, SubmissionStatus, SubSector
from akkopsi.data.forms import (
    CommentForm,
    ConfirmForm,
    EntryForm,
    IndicatorForm,
    OpenYearForm,
    TargetForm,
    UploadForm,
)
from akkopsi.data.importing import reading
from akkopsi.data.importing.reading import Cell, Row, Sheet
from akkopsi.data.importing.service import (
    AlreadyConfirmed,
    ImportConflict,
    ImportRefused,
    changed_message,
    commit,
    dry_run_file,
    dry_run_sheets,
    fingerprint,
    form_scope,
    issue_token,
    token_used,
)
from akkopsi.data.models import (
    ApbdTotal,
    BudgetLine,
    ImportBatch,
    Indicator,
    IndicatorValue,
    ReportingYear,
    Submission,
)
from akkopsi.data.reminders import send_reminders
from akkopsi.data.workbook import build_template
from akkopsi.members.access import member_for_user
from akkopsi.members.models import Member

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BUDGET_KEYS = [
    (sub, src, Stage.PLANNED) for sub in SubSector.values for src in FundingSource.values
] + [(sub, src, Stage.REALISED) for sub in SubSector.values for src in FundingSource.values]


# -- upload ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.SUBMIT_DATA, ANY_MEMBER)
    form = UploadForm(request.POST or None, request.FILES or None)
    refused = upload_refused(request) if request.method == "POST" else None
    if refused:
        form = UploadForm(request.POST, request.FILES)
        form.is_valid()
        form.errors.clear()
        form.add_error("file", refused)
    elif request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        if f.size > reading.MAX_BYTES:  # checked before reading the file into memory
            form.add_error(
                "file",
                _("The file %(name)s is larger than %(mb)s MB.")
                % {"name": f.name, "mb": reading.MAX_BYTES // (1024 * 1024)},
            )
            return render(request, "data/upload.html", _upload_context(request, form))
        data = f.read()
        preview = dry_run_file(data, f.name, request.user, current_year=today().year)
        token = pending.store(request.session, data, f.name) if preview.ok else ""
        if token:
            issue_token(token, preview, request.user)
        context = {
            "preview": preview,
            "counts": preview.counts(),
            "filename": f.name,
            "confirm": ConfirmForm(initial={"token": token}),
            "token": token,
        }
        template = "data/_preview.html" if request.htmx else "data/preview.html"
        return render(request, template, context)
    return render(request, "data/upload.html", _upload_context(request, form))


def _upload_context(request: HttpRequest, form: UploadForm) -> dict[str, Any]:
    open_years = (
        ReportingYear.objects.filter(is_open=True).order_by("-year").values_list("year", flat=True)
    )
    default_year = next(iter(open_years[:1]), today().year - 1)
    return {"form": form, "recent": _recent_batches(request.user), "default_year": default_year}


@login_required
@require_POST
def upload_confirm(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.SUBMIT_DATA, ANY_MEMBER)
    form = ConfirmForm(request.POST)
    if form.is_valid() and (used := token_used(form.cleaned_data["token"], request.user)):
        return _already_confirmed(request, used)
    if (
        not form.is_valid()
        or (loaded := pending.load(request.session, form.cleaned_data["token"])) is None
    ):
        if form.is_valid() and (used := token_used(form.cleaned_data["token"], request.user)):
            return _already_confirmed(request, used)  # confirmed meanwhile by the first click
        messages.error(request, _("That upload is no longer available; upload the file again."))
        return redirect("data:upload")
    data, name = loaded
    preview = dry_run_file(data, name, request.user, current_year=today().year)
    own = own_member_id(request.user)
    try:
        batch = commit(
            preview,
            by=request.user,
            data=data,
            filename=name,
            comment=form.cleaned_data["comment"],
            member=Member.objects.get(pk=own) if own else None,
            token=form.cleaned_data["token"],
        )
    except AlreadyConfirmed as used:
        return _already_confirmed(request, used)
    except ImportConflict:
        # Look again: the same file compared with the data as it is now, under a new token.
        pending.discard(request.session, form.cleaned_data["token"])
        preview = dry_run_file(data, name, request.user, current_year=today().year)
        token = pending.store(request.session, data, name) if preview.ok else ""
        if token:
            issue_token(token, preview, request.user)
        context = {
            "preview": preview,
            "counts": preview.counts(),
            "filename": name,
            "confirm": ConfirmForm(initial={"token": token}),
            "token": token,
            "conflict": changed_message(),
        }
        return render(request, "data/preview.html", context, status=409)
    except ImportRefused as refused:
        context = {
            "preview": refused.preview,
            "counts": refused.preview.counts(),
            "filename": name,
            "confirm": form,
            "token": form.cleaned_data["token"],
        }
        return render(request, "data/preview.html", context, status=400)
    pending.discard(request.session, form.cleaned_data["token"])
    messages.success(
        request,
        _("Imported: %(new)s new, %(changed)s changed, %(same)s unchanged values.")
        % {"new": batch.created, "changed": batch.changed, "same": batch.unchanged},
    )
    return redirect("data:batch_detail", pk=batch.pk)


def _already_confirmed(request: HttpRequest, used: AlreadyConfirmed) -> HttpResponse:
    """A second click on "confirm" (or a replayed form): the first one's import, not a second."""
    messages.info(request, str(used))
    if used.batch_id is not None:
        return redirect("data:batch_detail", pk=used.batch_id)
    return redirect("data:upload")


def _recent_batches(user: Any) -> Any:
    qs = ImportBatch.objects.select_related("uploaded_by", "member__regency").order_by(
        "-created_at"
    )
    own = own_member_id(user)
    return qs.filter(member_id=own)[:10] if own else qs[:10]


@login_required
def batch_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.SUBMIT_DATA, ANY_MEMBER)
    return render(
        request,
        "data/batch_list.html",
        {
            "batches": _recent_batches(request.user)[:200]
            if own_member_id(request.user)
            else ImportBatch.objects.select_related("uploaded_by", "member__regency")[:200]
        },
    )


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(
        ImportBatch.objects.select_related("uploaded_by", "member__regency"), pk=pk
    )
    own = own_member_id(request.user)
    if own is not None and batch.member_id != own:
        raise Http404
    require(request.user, Permission.SUBMIT_DATA, batch.member or ANY_MEMBER)
    return render(request, "data/batch_detail.html", {"batch": batch})


# -- template --------------------------------------------------------------------------------


@login_required
def template_download(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.SUBMIT_DATA, ANY_MEMBER)
    year = _year(request.GET.get("year"), today().year)
    own = own_member_id(request.user)
    code = request.GET.get("member", "")
    if own is not None or code:
        member = member_for_user(
            request.user, code or Member.objects.get(pk=own).code, Permission.SUBMIT_DATA
        )
        members, name = [member], f"templat-data-{member.code}-{year}"
    else:
        members = list(Member.objects.active_on(date(year, 12, 31)).select_related("regency"))
        name = f"templat-data-nasional-{year}"
    per_member = request.GET.get("sheets") == "member"
    response = HttpResponse(
        build_template(members, year, per_member_sheets=per_member), content_type=XLSX
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _year(raw: Any, default: int) -> int:
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


# -- entry form ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, code: str, year: int) -> HttpResponse:
    member = member_for_user(request.user, code, Permission.SUBMIT_DATA)
    indicators = list(Indicator.objects.filter(active=True))
    submission = Submission.objects.filter(member=member, year=year).first()
    # The version of what the form shows, read before the values (optimistic concurrency).
    scope = form_scope(member.pk, year, [i.pk for i in indicators], BUDGET_KEYS)
    version = fingerprint(scope) if request.method != "POST" else ""
    initial = {**_entry_initial(member, year), "version": version}
    form = EntryForm(
        request.POST or None, initial=initial, indicators=indicators, budget_keys=BUDGET_KEYS
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        sheets = _entry_sheets(member, year, form.cleaned_data, indicators)
        preview = dry_run_sheets(sheets, request.user, current_year=today().year)
        for problem in preview.errors:
            field = problem.where.cell
            form.add_error(field if field in form.fields else None, problem.message)
        if preview.ok and (not preview.warnings or form.cleaned_data["komentar"].strip()):
            seen = form.cleaned_data["version"]
            try:
                commit(
                    preview,
                    by=request.user,
                    comment=form.cleaned_data["komentar"],
                    filename=_("web form"),
                    member=member,
                    expected=[(scope, seen)] if seen else None,
                )
            except ImportConflict:
                # Someone saved meanwhile: show it; the typed values stay, under the new version.
                data = request.POST.copy()
                data["version"] = fingerprint(scope)
                form = EntryForm(data, indicators=indicators, budget_keys=BUDGET_KEYS)
                form.is_valid()
                form.add_error(
                    None,
                    _(
                        "The data changed since you opened this form (someone else saved it); "
                        "look again at the values stored now and save again."
                    ),
                )
                submission = Submission.objects.filter(member=member, year=year).first()
            else:
                messages.success(request, _("The data of %(year)s was saved.") % {"year": year})
                return redirect("data:member_data", code=member.code)
        elif preview.ok:
            form.add_error(
                "komentar",
                _("Some values were flagged; explain them in the comment before saving."),
            )
    grid = [
        (
            sub_label,
            [
                (
                    src_label,
                    form[f"b_{sub}_{src}_{Stage.PLANNED}"],
                    form[f"b_{sub}_{src}_{Stage.REALISED}"],
                )
                for src, src_label in FundingSource.choices
            ],
        )
        for sub, sub_label in SubSector.choices
    ]
    context = {
        "member": member,
        "year": year,
        "form": form,
        "indicators": indicators,
        "grid": grid,
        "submission": submission,
        "preview": preview,
        "indicator_fields": [form[f"ind_{i.code}"] for i in indicators],
    }
    return render(request, "data/entry.html", context)


def _entry_initial(member: Member, year: int) -> dict[str, Any]:
    def text(value: Any) -> str:
        return format(value.normalize(), "f").replace(".", ",")

    initial: dict[str, Any] = {}
    for code, value in IndicatorValue.objects.filter(member=member, year=year).values_list(
        "indicator__code", "value"
    ):
        initial[f"ind_{code}"] = text(value)
    for stage, amount in ApbdTotal.objects.filter(member=member, year=year).values_list(
        "stage", "amount"
    ):
        initial[f"apbd_{stage}"] = text(amount)
    for sub, src, stage, amount in BudgetLine.objects.filter(member=member, year=year).values_list(
        "subsector", "source", "stage", "amount"
    ):
        initial[f"b_{sub}_{src}_{stage}"] = text(amount)
    return initial


def _entry_sheets(
    member: Member, year: int, data: dict[str, Any], indicators: list[Indicator]
) -> list[Sheet]:
    """The form as the importer reads files: cells are named by their form field."""
    rows: list[Row] = []
    key = {"kode": Cell("kode", member.code), "tahun": Cell("tahun", year)}
    comment = Cell("komentar", data.get("komentar", ""))
    for i, ind in enumerate(indicators):
        field = f"ind_{ind.code}"
        if data.get(field, "").strip():
            rows.append(
                Row(
                    i,
                    {
                        **key,
                        "indikator": Cell(field, ind.code),
                        "nilai": Cell(field, data[field]),
                        "komentar": comment,
                    },
                )
            )
    sheet = Sheet(
        name=_("form"), header=["kode", "tahun", "indikator", "nilai", "komentar"], rows=rows
    )
    budget = Sheet(
        name=_("form"), header=["kode", "tahun", "subsektor", "sumber", "tahap", "nilai"]
    )
    for sub, src, stage in BUDGET_KEYS:
        field = f"b_{sub}_{src}_{stage}"
        if data.get(field, "").strip():
            budget.rows.append(
                Row(
                    0,
                    {
                        **key,
                        "subsektor": Cell(field, sub),
                        "sumber": Cell(field, src),
                        "tahap": Cell(field, stage),
                        "nilai": Cell(field, data[field]),
                    },
                )
            )
    apbd = Sheet(name=_("form"), header=["kode", "tahun", "tahap", "apbd"])
    for stage in Stage.values:
        field = f"apbd_{stage}"
        if data.get(field, "").strip():
            apbd.rows.append(
                Row(0, {**key, "tahap": Cell(field, stage), "apbd": Cell(field, data[field])})
            )
    return [sheet, budget, apbd]


# -- workflow --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def submission_action(request: HttpRequest, code: str, year: int, action: str) -> HttpResponse:
    if action == "submit":
        member = member_for_user(request.user, code, Permission.SUBMIT_DATA)
    elif action in {"verify", "return", "reopen"}:
        member = member_for_user(request.user, code, Permission.VERIFY_DATA)
    else:
        raise Http404
    needs_comment = action in {"return", "reopen"}
    form = CommentForm(request.POST or None) if needs_comment else None
    if request.method == "POST" and (form is None or form.is_valid()):
        comment = form.cleaned_data["comment"] if form else ""
        try:
            if action == "submit":
                services.submit(member=member, year=year, by=request.user)
            elif action == "verify":
                services.verify(member=member, year=year, by=request.user)
            elif action == "return":
                services.return_for_correction(
                    member=member, year=year, comment=comment, by=request.user
                )
            else:
                services.reopen(member=member, year=year, reason=comment, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Done."))
        return redirect("data:member_data", code=member.code)
    titles = {
        "submit": _("Submit the data"),
        "verify": _("Verify the data"),
        "return": _("Return for correction"),
        "reopen": _("Reopen verified data"),
    }
    return render(
        request,
        "data/confirm_action.html",
        {"member": member, "year": year, "form": form, "title": titles[action]},
    )


# -- cycle -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def cycle(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.VERIFY_DATA)
    form = OpenYearForm(
        request.POST or None,
        initial={
            "year": today().year - 1,
            "opens_on": today(),
            "deadline": today() + timedelta(days=60),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.open_year(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request, _("Reporting year %(year)s is open.") % {"year": form.cleaned_data["year"]}
            )
            return redirect("data:cycle_year", year=form.cleaned_data["year"])
    years = list(ReportingYear.objects.all())
    counts = {y: dict(c) for y, c in _status_counts([r.year for r in years]).items()}
    return render(
        request,
        "data/cycle.html",
        {"form": form, "years": [(r, counts.get(r.year, {})) for r in years]},
    )


def _status_counts(years: list[int]) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = {y: {} for y in years}
    for year, status, n in (
        Submission.objects.filter(year__in=years)
        .values_list("year", "status")
        .annotate(n=Count("id"))
    ):
        out[year][status] = n
    return out


@login_required
@require_http_methods(["GET", "POST"])
def cycle_year(request: HttpRequest, year: int) -> HttpResponse:
    require(request.user, Permission.VERIFY_DATA)
    reporting_year = get_object_or_404(ReportingYear, year=year)
    if request.method == "POST" and request.POST.get("action") == "remind":
        sent = send_reminders(reporting_year)
        messages.success(request, _("Reminders sent to %(n)s members.") % {"n": sent})
        return redirect("data:cycle_year", year=year)
    if request.method == "POST" and request.POST.get("action") == "close":
        services.close_year(reporting_year=reporting_year, by=request.user)
        return redirect("data:cycle_year", year=year)
    status = request.GET.get("status", "")
    members = (
        Member.objects.active_on(date(year, 12, 31))
        .select_related("regency__province")
        .order_by("regency_id")
    )
    subs = {s.member_id: s for s in Submission.objects.filter(year=year)}
    rows = [(m, subs.get(m.pk)) for m in members]
    if status == "none":
        rows = [r for r in rows if r[1] is None]
    elif status:
        rows = [r for r in rows if r[1] is not None and r[1].status == status]
    return render(
        request,
        "data/cycle_year.html",
        {
            "reporting_year": reporting_year,
            "rows": rows,
            "status": status,
            "statuses": SubmissionStatus.choices,
            "counts": _status_counts([year])[year],
        },
    )


# -- catalogue -------------------------------------------------------------------------------


def catalogue(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_PUBLIC)
    indicators = Indicator.objects.prefetch_related("targets")
    return render(
        request,
        "data/catalogue.html",
        {"indicators": indicators, "can_edit": can(request.user, Permission.MANAGE_CATALOGUE)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(request.user, Permission.MANAGE_CATALOGUE)
    instance = get_object_or_404(Indicator, pk=pk) if pk else Indicator()
    form = IndicatorForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj._history_user = request.user
        obj.save()
        messages.success(request, _("The indicator was saved."))
        return redirect("data:catalogue")
    return render(
        request,
        "data/simple_form.html",
        {"form": form, "title": _("Indicator"), "back": "data:catalogue"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.MANAGE_CATALOGUE)
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj._history_user = request.user
        obj.save()
        messages.success(request, _("The target was saved."))
        return redirect("data:catalogue")
    return render(
        request,
        "data/simple_form.html",
        {"form": form, "title": _("National target"), "back": "data:catalogue"},
    )


# -- history ---------------------------------------------------------------------------------


@login_required
def value_history(request: HttpRequest, code: str) -> HttpResponse:
    """Who changed which value, when, from what, and from which file."""
    member = member_for_user(request.user, code, Permission.VIEW_UNVERIFIED_DATA)
    records = (
        IndicatorValue.history.filter(member_id=member.pk)
        .select_related("history_user", "indicator", "batch")
        .order_by("indicator_id", "year", "history_date")
    )
    previous: dict[tuple[int, int], Any] = {}
    entries = []
    for r in records:
        key = (r.indicator_id, r.year)
        entries.append({"record": r, "old": previous.get(key)})
        previous[key] = r.value
    entries.reverse()
    return render(request, "data/value_history.html", {"member": member, "entries": entries[:500]})
