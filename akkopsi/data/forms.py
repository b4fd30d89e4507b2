from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from akkopsi.core import money
from akkopsi.data.choices import ValueKind
from akkopsi.data.models import ApbdTotal, BudgetLine, Indicator, NationalTarget

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment on the flagged values"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OpenYearForm(forms.Form):
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"step": 1, "inputmode": "numeric"}),
        localize=False,
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=DATE)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)


class DeadlineForm(forms.Form):
    """A new deadline for one open year; ``confirmed`` is set by the confirmation step."""

    deadline = forms.DateField(label=_("New deadline"), widget=DATE)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why should it be opened again?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the data not opened again?"),
        help_text=_("The member's staff read this in their inbox and by e-mail."),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}))


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "code",
            "name_id",
            "name_en",
            "unit",
            "subsector",
            "kind",
            "direction",
            "min_value",
            "max_value",
            "yoy_threshold",
            "definition",
            "source",
            "position",
            "active",
        ]
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}


class TargetForm(forms.ModelForm):
    class Meta:
        model = NationalTarget
        fields = ["indicator", "year", "value", "source"]


class RupiahTextField(forms.CharField):
    """Rupiah as people type it ("1.234.567", "1234567", "Rp 1.234.567,50"), read by the one
    money rule (core.money.parse_money); cleaned to plain digits for the importer's checks."""

    def __init__(self, *, maximum: Decimal, **kwargs: Any) -> None:
        self.maximum = maximum
        attrs = {"inputmode": "decimal", "autocomplete": "off", "data-rupiah": "1"}
        attrs.update(kwargs.pop("attrs", {}))
        super().__init__(required=False, widget=forms.TextInput(attrs=attrs), **kwargs)

    def clean(self, value: Any) -> str:
        text = str(super().clean(value) or "").strip()
        if not text or text in {"-", "–"}:
            return ""
        try:
            amount = money.parse_money(text, maximum=self.maximum)
        except money.MoneyError as exc:
            raise forms.ValidationError(
                gettext("The amount %(problem)s.") % {"problem": exc}
            ) from exc
        return format(amount, "f")


YES_NO = [("1", _("Yes")), ("0", _("No"))]


def indicator_field(ind: Indicator) -> forms.Field:
    """The input of one indicator by its kind: a year is a year, yes/no a choice, a
    percentage a number with %."""
    low, high = ind.min_value.normalize(), ind.max_value.normalize()
    if ind.kind == ValueKind.BOOLEAN:
        return forms.ChoiceField(
            label=ind.name, required=False, choices=YES_NO, widget=forms.RadioSelect
        )
    if ind.kind == ValueKind.YEAR:
        attrs: dict[str, Any] = {"step": 1, "min": f"{low:f}", "max": f"{high:f}"}
        return forms.CharField(
            label=ind.name,
            required=False,
            widget=forms.NumberInput(attrs={**attrs, "inputmode": "numeric"}),
            help_text=_("a year of four digits, for example 2015"),
        )
    whole = ind.kind in {ValueKind.COUNT, ValueKind.LEVEL}
    help_text = gettext("%(unit)s, from %(low)s to %(high)s") % {
        "unit": ind.unit,
        "low": f"{low:f}".replace(".", ","),
        "high": f"{high:f}".replace(".", ","),
    }
    if ind.kind == ValueKind.LEVEL and ind.definition:
        help_text = ind.definition
    return forms.CharField(
        label=ind.name,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric" if whole else "decimal"}),
        help_text=help_text,
    )


class EntryForm(forms.Form):
    """A member's data for one year on one page; values go through the same checks as uploads."""

    def __init__(
        self,
        *args: Any,
        indicators: list[Indicator],
        budget_keys: list[tuple[str, str, str]],
        budget_labels: dict[tuple[str, str, str], str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for ind in indicators:
            self.fields[f"ind_{ind.code}"] = indicator_field(ind)
        apbd_max = money.column_maximum(ApbdTotal._meta.get_field("amount"))
        self.fields["apbd_planned"] = RupiahTextField(
            label=_("APBD total, planned"), maximum=apbd_max
        )
        self.fields["apbd_realised"] = RupiahTextField(
            label=_("APBD total, realised"), maximum=apbd_max
        )
        line_max = money.column_maximum(BudgetLine._meta.get_field("amount"))
        for key in budget_keys:
            label = budget_labels[key]
            self.fields["b_{}_{}_{}".format(*key)] = RupiahTextField(
                label=label, maximum=line_max, attrs={"aria-label": label}
            )
        self.fields["komentar"] = forms.CharField(
            label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
        )
        # The stored state the form was opened on (importing.preview.fingerprint): a save is
        # refused when someone else saved meanwhile.
        self.fields["version"] = forms.CharField(required=False, widget=forms.HiddenInput)


class ReviewForm(forms.Form):
    """The secretariat's decision on a submission: approve it, or return it with a reason
    per value and/or for the whole submission. A POST without a decision approves (the
    verify page's single button before the review screen)."""

    APPROVE, RETURN = "approve", "return"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(APPROVE, _("Approve")), (RETURN, _("Return for correction"))],
        required=False,
    )
    comment = forms.CharField(
        label=_("Reason for the whole submission"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, indicators: list[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for ind in indicators:
            self.fields[f"reason_{ind.pk}"] = forms.CharField(
                label=_("Reason to return this value"),
                required=False,
                max_length=1000,
                widget=forms.TextInput(attrs={"placeholder": _("what has to be corrected")}),
            )

    def reasons(self) -> dict[int, str]:
        """Indicator id -> the reason typed for returning that value."""
        return {
            int(name.removeprefix("reason_")): text
            for name, text in self.cleaned_data.items()
            if name.startswith("reason_") and text.strip()
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        returning = data.get("decision") == self.RETURN
        if not returning and (data.get("comment", "").strip() or self.reasons()):
            raise forms.ValidationError(
                _(
                    "You wrote reasons for returning the data: press Return, or clear them to approve."
                )
            )
        return data
