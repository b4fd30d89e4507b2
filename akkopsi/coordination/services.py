"""Writes of the coordination app: keyword-only, atomic, the actor explicit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.urls import reverse
from django.utils.translation import gettext as _

from akkopsi.coordination.models import (
    TRANSITIONS,
    ActionItem,
    ActionStatus,
    AdvocacyVisit,
    AgendaItem,
    Delegate,
    DelegateStatus,
    Division,
    Meeting,
    Summit,
    WorkingGroup,
)
from akkopsi.coordination.models.summits import SECRETARIAT_ONLY
from akkopsi.core.dates import today
from akkopsi.core.history import save_with_history
from akkopsi.core.models import VoidableModel
from akkopsi.dues import services as dues
from akkopsi.members.models import Member
from akkopsi.notifications.kinds import Kind
from akkopsi.notifications.recipients import member_staff
from akkopsi.notifications.services import notify

if TYPE_CHECKING:
    from akkopsi.accounts.models import User

R = TypeVar("R", bound=VoidableModel)
M = TypeVar("M", bound=Model)


def _as(record: M, by: User | None) -> M:
    """Name ``by`` as the author of the next history entry of ``record``."""
    setattr(record, "_history_user", by)  # noqa: B010 (simple-history's attribute, not a field)
    return record


#: Days a member has to pay a summit fee invoice (at the latest by the summit's first day).
FEE_DUE_DAYS = 30


def _check_members(members: Iterable[Member], day: date, field: str) -> list[Member]:
    members = list(members)
    active = set(
        Member.objects.active_on(day)
        .filter(pk__in=[m.pk for m in members])
        .values_list("pk", flat=True)
    )
    outsiders = [str(m) for m in members if m.pk not in active]
    if outsiders:
        raise ValidationError(
            {
                field: _("Not a member on the day of the meeting: %(names)s.")
                % {"names": ", ".join(outsiders)}
            }
        )
    return members


@transaction.atomic
def save_meeting(
    *,
    meeting: Meeting,
    attending: Iterable[Member] = (),
    invited: Iterable[Member] = (),
    by: User | None,
) -> Meeting:
    """Create or update a meeting with its attendance; only members on that day may attend."""
    meeting.full_clean()
    attending = _check_members(attending, meeting.day, "attending")
    invited = _check_members(invited, meeting.day, "invited")
    _as(meeting, by)
    meeting.save()
    meeting.attending.set(attending)
    meeting.invited.set(invited)
    return meeting


@transaction.atomic
def add_agenda_item(
    *, meeting: Meeting, title: str, minutes: str = "", decisions: str = "", by: User | None
) -> AgendaItem:
    last = meeting.agenda.order_by("-position").values_list("position", flat=True).first()
    item = AgendaItem(
        meeting=meeting,
        position=(last or 0) + 1,
        title=title,
        minutes=minutes,
        decisions=decisions,
    )
    item.full_clean()
    _as(item, by)
    item.save()
    return item


@transaction.atomic
def add_action(
    *,
    what: str,
    due_on: date,
    owner_member: Member | None = None,
    owner_person: str = "",
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
    summit: Summit | None = None,
    advocacy: AdvocacyVisit | None = None,
    by: User | None,
) -> ActionItem:
    if agenda_item is not None and meeting is None:
        meeting = agenda_item.meeting
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:  # type: ignore[union-attr]
        raise ValidationError({"agenda_item": _("The agenda item belongs to another meeting.")})
    action = ActionItem(
        what=what,
        due_on=due_on,
        owner_member=owner_member,
        owner_person=owner_person,
        meeting=meeting,
        agenda_item=agenda_item,
        summit=summit,
        advocacy=advocacy,
    )
    return save_action(action=action, by=by)


@transaction.atomic
def save_action(*, action: ActionItem, by: User | None) -> ActionItem:
    """Create or edit an action item (owner, due date not before its meeting)."""
    item = action.agenda_item
    if item is not None and item.meeting_id != action.meeting_id:
        raise ValidationError({"agenda_item": _("The agenda item belongs to another meeting.")})
    action.owner_person = action.owner_person.strip()
    action.full_clean()
    before = ActionItem.objects.filter(pk=action.pk).values_list("owner_member_id", flat=True)
    newly_owned = action.owner_member_id is not None and (
        action._state.adding or before.first() != action.owner_member_id
    )
    _as(action, by)
    action.save()
    if newly_owned:
        notify(
            _staff(action.owner_member_id, by),
            Kind.ACTION_ASSIGNED,
            context={"action": action},
            link=reverse("coordination:action_list"),
        )
    return action


def _staff(member_id: int | None, by: User | None) -> Any:
    """The member's staff, without the person who did it (they know)."""
    staff = member_staff([member_id] if member_id else [])
    return staff.exclude(pk=by.pk) if by is not None else staff


def _dependants(record: VoidableModel) -> list[str]:
    """What still depends on ``record`` and must be voided (or cancelled) first."""
    checks: list[tuple[str, Any]] = []
    if isinstance(record, Division):
        checks = [(_("work programme activities"), record.activities.live())]
    elif isinstance(record, AgendaItem):
        checks = [(_("action items"), record.actions.live())]
    elif isinstance(record, AdvocacyVisit):
        checks = [(_("follow-up actions"), record.follow_ups.live())]
    elif isinstance(record, Summit):
        checks = [
            (
                _("delegates not cancelled"),
                record.delegates.live().exclude(status=DelegateStatus.CANCELLED),
            ),
            (_("preparation tasks"), record.tasks.live()),
            (_("sessions"), record.meetings.live()),
        ]
    return [label for label, qs in checks if qs.exists()]


@transaction.atomic
def save_record(*, record: R, by: User | None) -> R:
    """Validate and save a plain edit (or creation) of a division, activity, summit, agenda item
    or advocacy visit, recording who made it."""
    return save_with_history(record, by=by)


@transaction.atomic
def void_record(*, record: R, reason: str, by: User | None) -> R:
    """Void a division, activity, summit, agenda item or action item with a reason.

    Records that others still depend on (a division's activities, an agenda item's actions,
    a summit's delegates, tasks and sessions) are refused until those are voided.
    """
    record = type(record).objects.select_for_update().get(pk=record.pk)
    blocking = _dependants(record)
    if blocking:
        raise ValidationError(
            _("%(record)s still has %(what)s; void them first.")
            % {"record": record, "what": ", ".join(blocking)}
        )
    _as(record, by)
    record.void(by=by, reason=reason)
    return record


@transaction.atomic
def set_action_status(
    *, action: ActionItem, status: str, note: str = "", on: date, by: User | None
) -> ActionItem:
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    action = ActionItem.objects.select_for_update().get(pk=action.pk)
    if action.is_void:
        raise ValidationError(_("This action is void."))
    action.status = status
    action.done_on = on if status == ActionStatus.DONE else None
    if note.strip():
        action.note = note.strip()
    _as(action, by)
    action.save()
    return action


@transaction.atomic
def register_delegate(
    *,
    summit: Summit,
    member: Member,
    name: str,
    position: str = "",
    email: str = "",
    phone: str = "",
    by: User | None,
) -> Delegate:
    """Register a delegate; past the summit's capacity the delegate is waitlisted."""
    summit = Summit.objects.select_for_update().get(pk=summit.pk)
    if not summit.registration_open:
        raise ValidationError(_("Registration for this summit is closed."))
    day = summit.starts_on or date(summit.year, 1, 1)
    if not member.is_active_on(day):
        raise ValidationError({"member": _("%(member)s is not a member.") % {"member": member}})
    taken = summit.delegates.live().filter(
        status__in=[DelegateStatus.REGISTERED, DelegateStatus.ATTENDED]
    )
    full = summit.capacity is not None and taken.count() >= summit.capacity
    delegate = Delegate(
        summit=summit,
        member=member,
        name=name.strip(),
        position=position,
        email=email,
        phone=phone,
        status=DelegateStatus.WAITLISTED if full else DelegateStatus.REGISTERED,
    )
    delegate.full_clean()
    _invoice_fee(delegate, summit, by)
    _as(delegate, by)
    delegate.save()
    return delegate


def _invoice_fee(delegate: Delegate, summit: Summit, by: User | None) -> None:
    """Invoice the summit fee to the member once, when the delegate's place is confirmed."""
    if delegate.status != DelegateStatus.REGISTERED or delegate.fee_invoice_id or not summit.fee:
        return
    issued = today()
    due = issued + timedelta(days=FEE_DUE_DAYS)
    if summit.starts_on and issued <= summit.starts_on < due:
        due = summit.starts_on
    delegate.fee_invoice = dues.create_invoice(
        member=delegate.member,
        description=_("City Sanitation Summit %(numeral)s fee, delegate %(name)s")
        % {"numeral": summit.numeral, "name": delegate.name},
        amount=summit.fee,
        due_on=due,
        issued_on=issued,
        by=by,
    )


def _release_fee(delegate: Delegate, by: User | None) -> str:
    """Void the fee invoice of a cancelled delegate when nothing was settled against it.

    Under the dues rules an invoice with payments, credit or waivers is not voided: it
    stays for the treasurer (refund or keep). Returns a note for the user, or "".
    """
    invoice = delegate.fee_invoice
    if invoice is None or invoice.is_void:
        return ""
    reason = _("Delegate %(name)s cancelled") % {"name": delegate.name}
    try:
        dues.void_invoice(invoice=invoice, reason=reason, by=by)
    except ValidationError:
        return _(
            "The fee invoice %(number)s has payments or credit and stays; the treasurer settles it."
        ) % {"number": invoice.number}
    return _("The fee invoice %(number)s is void.") % {"number": invoice.number}


@transaction.atomic
def change_delegate_status(
    *, delegate: Delegate, status: str, by: User | None, by_secretariat: bool
) -> Delegate:
    """Move a delegate along an allowed transition; attendance is the secretariat's."""
    delegate = Delegate.objects.select_for_update().get(pk=delegate.pk)
    if status not in TRANSITIONS.get(delegate.status, frozenset()):
        raise ValidationError(
            {
                "status": _("A delegate cannot go from %(old)s to %(new)s.")
                % {
                    "old": DelegateStatus(delegate.status).label,
                    "new": DelegateStatus(status).label
                    if status in DelegateStatus.values
                    else status,
                }
            }
        )
    if status in SECRETARIAT_ONLY and not by_secretariat:
        raise ValidationError({"status": _("Only the secretariat records this status.")})
    delegate.status = status
    _invoice_fee(delegate, delegate.summit, by)
    delegate.fee_note = _release_fee(delegate, by) if status == DelegateStatus.CANCELLED else ""
    _as(delegate, by)
    delegate.save()
    link = reverse("coordination:summit_detail", args=[delegate.summit.number])
    notify(
        _staff(delegate.member_id, by),
        Kind.DELEGATE_STATUS,
        context={"delegate": delegate},
        link=link,
    )
    return delegate


@transaction.atomic
def form_working_group(
    *, group: WorkingGroup, members: Iterable[Member] = (), by: User | None
) -> WorkingGroup:
    """Record the forming of a working group (at a meeting, where it was decided at one)."""
    group.full_clean()
    _as(group, by)
    group.save()
    group.members.set(list(members))
    return group
