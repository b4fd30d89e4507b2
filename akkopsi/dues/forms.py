"""Forms check the shape of input; the services check the rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from akkopsi.core.dates import today
from akkopsi.core.money import MoneyError, column_maximum, parse_money
from akkopsi.dues.choices import PaymentMethod, Prorate
from akkopsi.dues.due import DEFAULT_GRACE_DAYS, MAX_GRACE_DAYS
from akkopsi.dues.models import DuesSchedule
from akkopsi.members.forms import DATE, RegencyCodeField
from akkopsi.members.models import Member
from akkopsi.regions.models import RegencyKind


def parse_rupiah(text: str, decimal_sep: str, group_sep: str, maximum: Decimal) -> Decimal:
    """'Rp1.500.000,50' (Indonesian) or '1,500,000.50' (English) -> Decimal('1500000.50'),
    by the one money rule (akkopsi.core.money.parse_money); MoneyError otherwise.

    Group separators must group by three, so '1500.50' typed in Indonesian is refused
    rather than read as 150050.
    """
    return parse_money(
        text,
        maximum=maximum,
        decimal_sep=decimal_sep,
        group_sep=group_sep,
        allow_negative=True,
    )


class RupiahField(forms.DecimalField):
    """An amount typed the Indonesian way (1.500.000,50) or the English way in English."""

    default_error_messages = {
        "invalid": _("Type the amount in rupiah, for example 1.500.000 or 1.500.000,50."),
        "min_value": _("The amount must be more than zero."),
        "max_decimal_places": _("Rupiah amounts have at most two decimals (sen)."),
        "max_digits": _("The amount is too large."),
        "max_whole_digits": _("The amount is too large."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 20)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0.01"))
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int):
            return Decimal(value)
        try:
            return parse_rupiah(
                str(value),
                get_format("DECIMAL_SEPARATOR"),
                get_format("THOUSAND_SEPARATOR"),
                column_maximum(self),
            )
        except MoneyError as exc:
            key = {"decimals": "max_decimal_places", "too_large": "max_digits"}.get(
                exc.code, "invalid"
            )
            raise forms.ValidationError(self.error_messages[key], code=key) from exc

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None and value <= 0:
            raise forms.ValidationError(self.error_messages["min_value"], code="min_value")

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            text = f"{value:f}"
            return text.replace(".", get_format("DECIMAL_SEPARATOR"))
        return value


class ScheduleForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2009, max_value=2100)
    prorate = forms.ChoiceField(label=_("Members joining during the year"), choices=Prorate.choices)
    due_on = forms.DateField(label=_("Due date"), widget=DATE)
    grace_days = forms.IntegerField(
        label=_("Grace period (days)"),
        required=False,
        min_value=0,
        max_value=MAX_GRACE_DAYS,
        initial=DEFAULT_GRACE_DAYS,
        help_text=_(
            "Invoices issued later than this many days before the due date are due this many "
            "days after their date of issue instead."
        ),
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    decision_reference = forms.CharField(
        label=_("Decision reference"),
        max_length=200,
        help_text=_("The board decision that set these dues, for example its number and meeting."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, fixed_year: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in RegencyKind.choices:
            self.fields[f"amount_{value}"] = RupiahField(
                label=_("Yearly dues of a %(class)s") % {"class": label}
            )
        if fixed_year is not None:
            self.fields["year"].initial = fixed_year
            self.fields["year"].disabled = True

    @staticmethod
    def initial_for(schedule: DuesSchedule) -> dict[str, Any]:
        """The form's initial data from ``schedule`` (to correct it or to supersede it)."""
        initial: dict[str, Any] = {
            "year": schedule.year,
            "prorate": schedule.prorate,
            "due_on": schedule.due_on,
            "grace_days": schedule.grace_days,
            "decided_on": schedule.decided_on,
            "decision_reference": schedule.decision_reference,
            "notes": schedule.notes,
        }
        initial.update(
            {f"amount_{line.member_class}": line.amount for line in schedule.lines.all()}
        )
        return initial

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "amounts": {value: data[f"amount_{value}"] for value in RegencyKind.values},
            "prorate": data["prorate"],
            "due_on": data["due_on"],
            "grace_days": (
                DEFAULT_GRACE_DAYS if data["grace_days"] is None else data["grace_days"]
            ),
            "decided_on": data["decided_on"],
            "decision_reference": data["decision_reference"],
            "notes": data["notes"],
        }


class GenerateForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2009, max_value=2100)
    issued_on = forms.DateField(
        label=_("Date of issue"),
        required=False,
        widget=DATE,
        help_text=_(
            "Leave empty for today. Members who join later are billed from their joining date."
        ),
    )


class InvoiceForm(forms.Form):
    member = RegencyCodeField(label=_("Member (kabupaten/kota code)"), max_length=4)
    description = forms.CharField(
        label=_("Description"),
        max_length=300,
        help_text=_("For example: Registration fee, City Sanitation Summit XV, Padang 2015."),
    )
    amount = RupiahField(label=_("Amount (Rp)"))
    issued_on = forms.DateField(label=_("Date of issue"), widget=DATE, initial=today)
    due_on = forms.DateField(label=_("Due date"), widget=DATE)

    def clean_member(self) -> Member:
        regency = self.cleaned_data["member"]
        try:
            return Member.objects.get(regency=regency)
        except Member.DoesNotExist as exc:
            raise forms.ValidationError(
                _("%(name)s is not a member.") % {"name": regency.display_name}
            ) from exc


class PaidForm(forms.Form):
    """What was paid, when, how: the treasurer's payment and the staff's confirmation."""

    amount = RupiahField(label=_("Amount received (Rp)"))
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE, initial=today)
    method = forms.ChoiceField(label=_("Method"), choices=PaymentMethod.choices)
    bank_reference = forms.CharField(
        label=_("Bank reference"),
        max_length=100,
        required=False,
        help_text=_("The transfer's reference number, or the cash book page."),
    )

    def clean_paid_on(self) -> date:
        paid_on: date = self.cleaned_data["paid_on"]
        if paid_on > today():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return paid_on


class PaymentForm(PaidForm):
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=100)


class WaiverForm(forms.Form):
    amount = RupiahField(
        label=_("Amount waived (Rp)"),
        required=False,
        help_text=_("Leave empty to waive the whole balance."),
    )
    decision_reference = forms.CharField(label=_("Decision reference"), max_length=200)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class AsOfForm(forms.Form):
    """The date a report is "as of" (default today)."""

    on = forms.DateField(label=_("As of"), required=False, widget=DATE)

    @property
    def day(self) -> date:
        if self.is_valid() and self.cleaned_data.get("on"):
            return self.cleaned_data["on"]
        return today()


_ATTACHMENT_HELP = _("Optional: one PDF, JPG or PNG file of at most 5 MB.")


class NoticeForm(PaidForm):
    """ "Konfirmasi pembayaran": what member staff paid, for the treasurer to record."""

    amount = RupiahField(label=_("Amount paid (Rp)"))
    proof = forms.FileField(label=_("Proof of payment"), required=False, help_text=_ATTACHMENT_HELP)


class WaiverRequestForm(forms.Form):
    """ "Permohonan keringanan iuran": what member staff ask to be waived, and why."""

    amount = RupiahField(
        label=_("Amount to waive (Rp)"),
        required=False,
        help_text=_("Leave empty to ask for the whole balance."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    letter = forms.FileField(label=_("Letter"), required=False, help_text=_ATTACHMENT_HELP)


class DecisionReasonForm(forms.Form):
    """Why a request is rejected or refused: the member's staff are told."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The member's staff receive it."),
    )
