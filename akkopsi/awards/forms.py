from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from akkopsi.members.models import Member


class NominationForm(forms.Form):
    member = forms.ModelChoiceField(queryset=Member.objects.none(), label=_("Member"))
    narrative = forms.CharField(
        label=_("Narrative"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the kabupaten/kota achieved in sanitation, with the evidence."),
    )
    evidence = forms.FileField(
        label=_("Evidence"),
        required=False,
        help_text=_("One PDF or image file, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        if members.count() == 1:
            self.fields["member"].initial = members.first()


class ScoreForm(forms.Form):
    """One rubric choice and a comment per jury criterion."""

    def __init__(
        self, *args: Any, criteria: list[Any], initial_scores: dict[int, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            prev = initial_scores.get(c.pk)
            self.fields[f"score_{c.pk}"] = forms.TypedChoiceField(
                label=c.name,
                choices=[("", "–")]
                + [(str(lv["score"]), f"{lv['score']} – {lv['label']}") for lv in c.rubric],
                required=False,
                initial=None
                if prev is None
                else str(int(prev.score) if prev.score == int(prev.score) else prev.score),
            )
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial="" if prev is None else prev.comment,
            )


class EligibilityForm(forms.Form):
    eligible = forms.TypedChoiceField(
        label=_("Eligible"),
        choices=[("1", _("Yes")), ("0", _("No"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("Reason"), max_length=500)
