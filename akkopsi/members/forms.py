from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from akkopsi.members.models import Contact, HeadOfRegion, HeadTitle, Member
from akkopsi.regions.models import Regency

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RegencyCodeField(forms.CharField):
    """A kabupaten/kota given by its four-digit Kemendagri code."""

    default_error_messages = {
        "format": _("A kabupaten/kota code has four digits, for example 6474 for Kota Bontang."),
        "unknown": _("There is no kabupaten/kota with code %(code)s."),
    }

    def clean(self, value: Any) -> Regency:
        code = super().clean(value).strip()
        if not (len(code) == 4 and code.isdigit()):
            raise forms.ValidationError(self.error_messages["format"], code="format")
        try:
            return Regency.objects.select_related("province").get(code=code)
        except Regency.DoesNotExist as exc:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"code": code}
            ) from exc


class MemberCreateForm(forms.Form):
    regency = RegencyCodeField(label=_("Kabupaten/kota code"), max_length=4)
    membership_number = forms.CharField(label=_("Membership number"), max_length=30)
    joined_on = forms.DateField(label=_("Joined on"), widget=DATE)
    join_note = forms.CharField(label=_("Joining note"), max_length=200, required=False)


class MemberProfileForm(forms.ModelForm):
    """What member staff may change about their own kabupaten/kota."""

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Member
        fields = ["address", "phone", "email", "website", "pokja_decree", "notes"]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class MemberAdminForm(MemberProfileForm):
    """The secretariat also corrects the membership number."""

    class Meta(MemberProfileForm.Meta):
        fields = ["membership_number", *MemberProfileForm.Meta.fields]


class JoinForm(forms.Form):
    joined_on = forms.DateField(label=_("Joined on"), widget=DATE)
    join_note = forms.CharField(label=_("Joining note"), max_length=200, required=False)


class LeaveForm(forms.Form):
    left_on = forms.DateField(
        label=_("Left on"), widget=DATE, help_text=_("The first day it is no longer a member.")
    )
    leave_reason = forms.CharField(
        label=_("Reason for leaving"), widget=forms.Textarea(attrs={"rows": 2})
    )


class HeadForm(forms.ModelForm):
    class Meta:
        model = HeadOfRegion
        fields = ["title", "name", "term_start", "term_end"]
        widgets = {"term_start": DATE, "term_end": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        title = self.fields["title"]
        assert isinstance(title, forms.ChoiceField)
        title.choices = HeadTitle.choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("term_start"), data.get("term_end")
        if start and end and end <= start:
            self.add_error("term_end", _("The end of the term must be after its start."))
        return data


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "position", "institution", "email", "phone", "is_primary"]
