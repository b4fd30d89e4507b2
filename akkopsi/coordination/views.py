from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Model, Prefetch, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from akkopsi.accounts.permissions import Permission, can, own_member_id, require
from akkopsi.coordination import ics, services
from akkopsi.coordination.access import (
    action_for_user,
    delegate_for_user,
    meeting_for_user,
    meetings_for_user,
)
from akkopsi.coordination.forms import (
    ActionForm,
    ActionStatusForm,
    ActivityForm,
    AdvocacyForm,
    AgendaItemEditForm,
    AgendaItemForm,
    DelegateForm,
    DelegateStatusForm,
    DivisionForm,
    MeetingForm,
    SummitForm,
    WorkingGroupForm,
    add_service_errors,
)
from akkopsi.coordination.models import (
    ROLE_ORDER,
    TRANSITIONS,
    ActionItem,
    AdvocacyVisit,
    AgendaItem,
    BoardPosition,
    DelegateStatus,
    Division,
    Meeting,
    MeetingKind,
    ProgrammeActivity,
    Summit,
    WorkingGroup,
)
from akkopsi.core.dates import today
from akkopsi.core.history import save_with_history
from akkopsi.core.pdf import pdf_response, render_pdf
from akkopsi.members.access import member_for_user
from akkopsi.members.forms import VoidForm


def board(request: HttpRequest) -> HttpResponse:
    """The board at any date (default today)."""
    require(request.user, Permission.VIEW_PUBLIC)
    day = today()
    if request.GET.get("on"):
        try:
            day = date.fromisoformat(request.GET["on"])
        except ValueError:
            messages.error(
                request,
                _("The date %(text)s is not valid; use YYYY-MM-DD.") % {"text": request.GET["on"]},
            )
    positions = sorted(
        BoardPosition.objects.on(day).select_related("member__regency", "elected_by"),
        key=lambda p: (ROLE_ORDER[p.role], p.portfolio),
    )
    return render(request, "coordination/board.html", {"positions": positions, "day": day})


# Meetings -----------------------------------------------------------------------------


def meeting_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_PUBLIC)
    meetings = meetings_for_user(request.user).annotate(n_attending=Count("attending"))
    kind = request.GET.get("kind", "")
    if kind:
        meetings = meetings.filter(kind=kind)
    return render(
        request,
        "coordination/meeting_list.html",
        {"meetings": meetings, "kind": kind, "kinds": Meeting._meta.get_field("kind").choices},
    )


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk)
    manage = can(request.user, Permission.MANAGE_COORDINATION)
    agenda = meeting.agenda.live().prefetch_related(
        Prefetch(
            "actions", queryset=ActionItem.objects.live().select_related("owner_member__regency")
        )
    )
    context = {
        "meeting": meeting,
        "agenda": agenda,
        "attending": meeting.attending.select_related("regency"),
        "invited": meeting.invited.select_related("regency"),
        "other_actions": meeting.actions.live()
        .filter(agenda_item__isnull=True)
        .select_related("owner_member__regency"),
        "manage": manage,
        "today": today(),
        "advocacy": meeting.advocacy_reports.live() if manage else [],
        "groups": meeting.groups_formed.live() if manage else [],
    }
    return render(request, "coordination/meeting_detail.html", context)


def _meeting_form(request: HttpRequest, meeting: Meeting | None) -> HttpResponse:
    require(request.user, Permission.MANAGE_COORDINATION)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_meeting(
                meeting=form.save(commit=False),
                attending=form.cleaned_data["attending_members"],
                invited=form.cleaned_data["invited_members"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect("coordination:meeting_detail", saved.pk)
    title = _("Edit meeting") if meeting else _("New meeting")
    return render(request, "coordination/form.html", {"form": form, "title": title})


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    return _meeting_form(request, None)


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Permission.MANAGE_COORDINATION)
    return _meeting_form(request, get_object_or_404(Meeting.objects.live(), pk=pk))


@login_required
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk, Permission.MANAGE_COORDINATION)
    form = AgendaItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_agenda_item(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The agenda item is added."))
            return redirect("coordination:meeting_detail", meeting.pk)
    ctx = {"form": form, "title": _("Add agenda item"), "meeting": meeting}
    return render(request, "coordination/form.html", ctx)


@login_required
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk, Permission.MANAGE_COORDINATION)
    form = ActionForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_action(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The action item is added."))
            return redirect("coordination:meeting_detail", meeting.pk)
    ctx = {"form": form, "title": _("Add action item"), "meeting": meeting}
    return render(request, "coordination/form.html", ctx)


@login_required
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    action = action_for_user(request.user, pk)
    form = ActionStatusForm(request.POST or None, initial={"status": action.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_action_status(
                action=action, on=today(), by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The status of the action is updated."))
            if action.owner_member_id and not can(request.user, Permission.MANAGE_COORDINATION):
                return redirect("members:member_detail", action.owner_member.code)
            return redirect("coordination:action_list")
    ctx = {"form": form, "title": _("Update action"), "action": action}
    return render(request, "coordination/form.html", ctx)


@login_required
def action_list(request: HttpRequest) -> HttpResponse:
    """Open actions, overdue first; the secretariat follows them to completion."""
    require(request.user, Permission.MANAGE_COORDINATION)
    day = today()
    actions = ActionItem.objects.open().select_related("owner_member__regency", "meeting")
    if request.GET.get("overdue"):
        actions = actions.filter(due_on__lt=day)
    return render(
        request,
        "coordination/action_list.html",
        {"actions": actions, "today": day, "overdue": bool(request.GET.get("overdue"))},
    )


def _ics(request: HttpRequest, meetings: list[Meeting], name: str, filename: str) -> HttpResponse:
    pairs = [
        (m, request.build_absolute_uri(reverse("coordination:meeting_detail", args=[m.pk])))
        for m in meetings
    ]
    text = ics.calendar(pairs, name=name, stamp=timezone.now())
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk)
    return _ics(request, [meeting], meeting.title, f"rapat-{meeting.pk}.ics")


def meeting_feed(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_PUBLIC)
    meetings = list(meetings_for_user(request.user).order_by("starts_at")[:500])
    return _ics(request, meetings, _("AKKOPSI meetings"), "akkopsi.ics")


# City Sanitation Summit ----------------------------------------------------------------


def summit_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_PUBLIC)
    summits = (
        Summit.objects.live()
        .select_related("host__regency")
        .annotate(n_delegates=Count("delegates", filter=Q(delegates__voided_at__isnull=True)))
    )
    manage = can(request.user, Permission.MANAGE_COORDINATION)
    return render(request, "coordination/summit_list.html", {"summits": summits, "manage": manage})


def summit_detail(request: HttpRequest, number: int) -> HttpResponse:
    require(request.user, Permission.VIEW_PUBLIC)
    summit = get_object_or_404(Summit.objects.live().select_related("host__regency"), number=number)
    manage = can(request.user, Permission.MANAGE_COORDINATION)
    delegates = summit.delegates.live().select_related("member__regency", "fee_invoice")
    own = own_member_id(request.user)
    if not manage:
        delegates = delegates.filter(member_id=own) if own else delegates.none()
    for d in delegates:
        d.next_statuses = [(s, DelegateStatus(s).label) for s in sorted(TRANSITIONS[d.status])]
    context = {
        "summit": summit,
        "delegates": delegates,
        "manage": manage,
        "own_code": request.user.member.code if own else None,  # type: ignore[union-attr]
        "tasks": summit.tasks.live().select_related("owner_member__regency") if manage else [],
        "meetings": summit.meetings.published(),
        "today": today(),
    }
    return render(request, "coordination/summit_detail.html", context)


@login_required
def delegate_register(request: HttpRequest, number: int, code: str) -> HttpResponse:
    member = member_for_user(request.user, code, Permission.REGISTER_DELEGATES)
    summit = get_object_or_404(Summit.objects.live(), number=number)
    form = DelegateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            d = services.register_delegate(
                summit=summit, member=member, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is %(status)s.") % {"name": d.name, "status": d.get_status_display()},
            )
            return redirect("coordination:summit_detail", summit.number)
    title = _("Register a delegate for %(summit)s") % {"summit": summit}
    return render(
        request, "coordination/form.html", {"form": form, "title": title, "member": member}
    )


@login_required
@require_POST
def delegate_status(request: HttpRequest, pk: int) -> HttpResponse:
    delegate = delegate_for_user(request.user, pk)
    form = DelegateStatusForm(request.POST, choices=DelegateStatus.choices)
    if form.is_valid():
        try:
            delegate = services.change_delegate_status(
                delegate=delegate,
                status=form.cleaned_data["status"],
                by=request.user,
                by_secretariat=can(request.user, Permission.MANAGE_COORDINATION),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The delegate's status is updated."))
            if delegate.fee_note:
                messages.info(request, delegate.fee_note)
    return redirect("coordination:summit_detail", delegate.summit.number)


# Work programme, working groups, advocacy ---------------------------------------------------


def _programme_year(request: HttpRequest) -> tuple[int, list[int]]:
    years = list(
        ProgrammeActivity.objects.live().order_by("-year").values_list("year", flat=True).distinct()
    )
    try:
        year = int(request.GET.get("year") or (years[0] if years else today().year))
    except ValueError:
        year = today().year
    return year, years


def _programme_context(year: int, *, all_divisions: bool) -> dict[str, Any]:
    """Activities per division for ``year`` with their budget and progress."""
    activities = ProgrammeActivity.objects.live().filter(year=year)
    divisions = Division.objects.live().prefetch_related(
        Prefetch("activities", queryset=activities, to_attr="year_activities")
    )
    totals = activities.aggregate(budget=Sum("budget"), n=Count("pk"))
    return {
        "year": year,
        "divisions": [d for d in divisions if all_divisions or d.year_activities],
        "totals": totals,
        "printed_on": today(),
    }


@login_required
def programme(request: HttpRequest) -> HttpResponse:
    """The yearly work programme per division: the secretariat's operational report at a rakor."""
    require(request.user, Permission.MANAGE_COORDINATION)
    year, years = _programme_year(request)
    context = _programme_context(year, all_divisions=True)
    context["years"] = years
    context["rakors"] = meetings_for_user(request.user).filter(kind=MeetingKind.RAKOR)[:20]
    return render(request, "coordination/programme.html", context)


@login_required
def programme_pdf(request: HttpRequest) -> HttpResponse:
    """The secretariat's operational update for a rakor: the programme's progress, as a PDF."""
    require(request.user, Permission.MANAGE_COORDINATION)
    meeting = None
    if (request.GET.get("meeting") or "").isdigit():
        meeting = meeting_for_user(
            request.user, int(request.GET["meeting"]), Permission.MANAGE_COORDINATION
        )
    if meeting is not None and not request.GET.get("year"):
        year = meeting.day.year
    else:
        year, _years = _programme_year(request)
    context = _programme_context(year, all_divisions=False)
    context["meeting"] = meeting
    pdf = render_pdf("coordination/programme_pdf.html", context)
    return pdf_response(pdf, f"program-kerja-{year}")


@login_required
def working_group_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.MANAGE_COORDINATION)
    groups = (
        WorkingGroup.objects.live()
        .select_related("formed_at", "province")
        .prefetch_related("members__regency")
    )
    return render(request, "coordination/working_group_list.html", {"groups": groups})


@login_required
def working_group_add(request: HttpRequest) -> HttpResponse:
    """Record the forming of a working group, linked to the meeting that decided it."""
    require(request.user, Permission.MANAGE_COORDINATION)
    form = WorkingGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        members = form.cleaned_data["group_members"]
        try:
            services.form_working_group(
                group=form.save(commit=False), members=members, by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The working group is recorded."))
            return redirect("coordination:working_group_list")
    title = _("Form a working group")
    return render(request, "coordination/form.html", {"form": form, "title": title})


@login_required
def advocacy_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.MANAGE_COORDINATION)
    visits = (
        AdvocacyVisit.objects.live()
        .select_related("reported_at")
        .prefetch_related(Prefetch("follow_ups", queryset=ActionItem.objects.live()))
    )
    return render(request, "coordination/advocacy_list.html", {"visits": visits})


@login_required
def advocacy_add(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.MANAGE_COORDINATION)
    form = AdvocacyForm(request.POST or None)
    form.fields["reported_at"].queryset = Meeting.objects.live()
    if request.method == "POST" and form.is_valid():
        visit = form.save(commit=False)
        visit._history_user = request.user
        visit.save()
        messages.success(request, _("The advocacy visit is recorded."))
        return redirect("coordination:advocacy_list")
    return render(
        request, "coordination/form.html", {"form": form, "title": _("Record an advocacy visit")}
    )


# Editing and voiding records -----------------------------------------------------------------


def _form_page(
    request: HttpRequest, form: Any, *, title: str, back: str, save: Any, **context: Any
) -> HttpResponse:
    """Show ``form``; on a valid POST call ``save(form)`` and go back (or where ``save``
    says when it returns a URL), else show the errors."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(result if isinstance(result, str) else back)
    context.update({"form": form, "title": title, "back": back})
    return render(request, "coordination/form.html", context)


def _void_page(
    request: HttpRequest, record: Model, *, title: str, back: str, **context: Any
) -> HttpResponse:
    """Ask for the reason and void ``record`` (the service refuses records still in use)."""
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.void_record(record=record, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(record)s is void.") % {"record": record})
            return redirect(back)
    context.update({"form": form, "title": title, "back": back, "record": record})
    return render(request, "coordination/form.html", context)


def _save(form: Any, by: Any) -> Any:
    return save_with_history(form.save(commit=False), by=by)


@login_required
@require_http_methods(["GET", "POST"])
def division_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(request.user, Permission.MANAGE_COORDINATION)
    division = get_object_or_404(Division.objects.live(), pk=pk) if pk else None
    return _form_page(
        request,
        DivisionForm(request.POST or None, instance=division),
        title=_("Edit division") if division else _("New division"),
        back=reverse("coordination:programme"),
        save=lambda form: _save(form, request.user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def division_void(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Permission.MANAGE_COORDINATION)
    division = get_object_or_404(Division.objects.live(), pk=pk)
    return _void_page(
        request,
        division,
        title=_("Void division %(name)s") % {"name": division},
        back=reverse("coordination:programme"),
    )


def _programme_url(year: int) -> str:
    return f"{reverse('coordination:programme')}?year={year}"


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(request.user, Permission.MANAGE_COORDINATION)
    activity = get_object_or_404(ProgrammeActivity.objects.live(), pk=pk) if pk else None
    initial: dict[str, Any] = {"year": today().year}
    if request.GET.get("division", "").isdigit():
        initial["division"] = int(request.GET["division"])
    if request.GET.get("year", "").isdigit():
        initial["year"] = int(request.GET["year"])
    form = ActivityForm(request.POST or None, instance=activity, initial=initial)
    year = activity.year if activity else initial["year"]
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"]
    return _form_page(
        request,
        form,
        title=_("Edit activity") if activity else _("New work programme activity"),
        back=_programme_url(year),
        save=lambda form: _save(form, request.user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_void(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Permission.MANAGE_COORDINATION)
    activity = get_object_or_404(ProgrammeActivity.objects.live(), pk=pk)
    return _void_page(
        request,
        activity,
        title=_("Void activity %(name)s") % {"name": activity},
        back=_programme_url(activity.year),
    )


@login_required
@require_http_methods(["GET", "POST"])
def summit_edit(request: HttpRequest, number: int | None = None) -> HttpResponse:
    require(request.user, Permission.MANAGE_COORDINATION)
    summit = get_object_or_404(Summit.objects.live(), number=number) if number else None
    form = SummitForm(request.POST or None, instance=summit)

    def save(form: Any) -> str:
        saved = _save(form, request.user)
        return reverse("coordination:summit_detail", args=[saved.number])

    back = (
        reverse("coordination:summit_detail", args=[summit.number])
        if summit
        else reverse("coordination:summit_list")
    )
    return _form_page(
        request,
        form,
        title=_("Edit summit") if summit else _("New summit edition"),
        back=back,
        save=save,
    )


@login_required
@require_http_methods(["GET", "POST"])
def summit_void(request: HttpRequest, number: int) -> HttpResponse:
    require(request.user, Permission.MANAGE_COORDINATION)
    summit = get_object_or_404(Summit.objects.live(), number=number)
    return _void_page(
        request,
        summit,
        title=_("Void %(summit)s") % {"summit": summit},
        back=reverse("coordination:summit_list"),
    )


def _agenda_item(request: HttpRequest, pk: int) -> AgendaItem:
    require(request.user, Permission.MANAGE_COORDINATION)
    return get_object_or_404(
        AgendaItem.objects.live().filter(meeting__voided_at__isnull=True).select_related("meeting"),
        pk=pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _agenda_item(request, pk)
    return _form_page(
        request,
        AgendaItemEditForm(request.POST or None, instance=item),
        title=_("Edit agenda item"),
        back=reverse("coordination:meeting_detail", args=[item.meeting_id]),
        save=lambda form: _save(form, request.user),
        meeting=item.meeting,
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_void(request: HttpRequest, pk: int) -> HttpResponse:
    item = _agenda_item(request, pk)
    return _void_page(
        request,
        item,
        title=_("Void agenda item %(item)s") % {"item": item},
        back=reverse("coordination:meeting_detail", args=[item.meeting_id]),
        meeting=item.meeting,
    )


def _managed_action(request: HttpRequest, pk: int) -> ActionItem:
    require(request.user, Permission.MANAGE_COORDINATION)
    return get_object_or_404(
        ActionItem.objects.live().select_related("meeting", "owner_member__regency"), pk=pk
    )


def _action_back(action: ActionItem) -> str:
    if action.meeting_id:
        return reverse("coordination:meeting_detail", args=[action.meeting_id])
    return reverse("coordination:action_list")


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat edits every field of an action; its status has its own page."""
    action = _managed_action(request, pk)
    return _form_page(
        request,
        ActionForm(request.POST or None, instance=action, meeting=action.meeting),
        title=_("Edit action item"),
        back=_action_back(action),
        save=lambda form: services.save_action(action=form.instance, by=request.user),
        meeting=action.meeting,
        action=action,
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_void(request: HttpRequest, pk: int) -> HttpResponse:
    action = _managed_action(request, pk)
    return _void_page(
        request,
        action,
        title=_("Void action item"),
        back=_action_back(action),
        meeting=action.meeting,
        action=action,
    )
