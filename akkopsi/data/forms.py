from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from akkopsi.data.models import Indicator, NationalTarget

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
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    opens_on = forms.DateField(label=_("Opens on"), widget=DATE)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)


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


class EntryForm(forms.Form):
    """A member's data for one year on one page; values go through the same checks as uploads."""

    def __init__(
        self,
        *args: Any,
        indicators: list[Indicator],
        budget_keys: list[tuple[str, str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for ind in indicators:
            self.fields[f"ind_{ind.code}"] = forms.CharField(
                label=ind.name,
                required=False,
                help_text=f"{ind.unit}; {ind.min_value.normalize():f}–{ind.max_value.normalize():f}",
            )
        self.fields["apbd_planned"] = forms.CharField(
            label=_("APBD total, planned"), required=False
        )
        self.fields["apbd_realised"] = forms.CharField(
            label=_("APBD total, realised"), required=False
        )
        for sub, src, stage in budget_keys:
            self.fields[f"b_{sub}_{src}_{stage}"] = forms.CharField(required=False, label="")
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
        choices=[(APPROVE, _("Approve")), (RETURN, _("Return for correction"))], required=False
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
