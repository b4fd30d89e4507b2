from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.models import construct_instance
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from akkopsi.coordination.models import (
    ActionItem,
    ActionStatus,
    AdvocacyVisit,
    AgendaItem,
    Delegate,
    Division,
    Meeting,
    ProgrammeActivity,
    Summit,
    WorkingGroup,
)
from akkopsi.members.models import Member

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def offer(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """Offer ``queryset`` as the choices of the form's model choice field ``name``."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


def members_field(label: Any, required: bool = False) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Member.objects.select_related("regency"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checks"}),
        required=required,
    )


class MeetingForm(forms.ModelForm):
    invited_members = members_field(_("Invited members"))
    attending_members = members_field(_("Attending members"))

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "host",
            "venue",
            "chair_name",
            "chair_role",
            "invited_people",
            "attending_people",
            "summary",
            "published",
            "summit",
            "working_group",
        ]
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "invited_people": forms.Textarea(attrs={"rows": 2}),
            "attending_people": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer(self, "host", Member.objects.select_related("regency"))
        if self.instance.pk:
            self.fields["invited_members"].initial = list(self.instance.invited.all())
            self.fields["attending_members"].initial = list(self.instance.attending.all())

    def _post_clean(self) -> None:
        # Model validation runs in the service (with the attendance check), all at once.
        self.instance = construct_instance(self, self.instance, self._meta.fields)


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "minutes", "decisions"]
        widgets = {
            "minutes": forms.Textarea(attrs={"rows": 4}),
            "decisions": forms.Textarea(attrs={"rows": 3}),
        }


class AgendaItemEditForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["position", "title", "minutes", "decisions"]
        widgets = AgendaItemForm.Meta.widgets


class ActionForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["what", "agenda_item", "owner_member", "owner_person", "due_on"]
        widgets = {"due_on": DATE}

    def __init__(self, *args: Any, meeting: Meeting | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer(self, "owner_member", Member.objects.select_related("regency"))
        offer(self, "agenda_item", meeting.agenda.all() if meeting else AgendaItem.objects.none())

    def _post_clean(self) -> None:
        # The service validates (owner, due date) and reports on the fields.
        self.instance = construct_instance(self, self.instance, self._meta.fields)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class DelegateForm(forms.ModelForm):
    class Meta:
        model = Delegate
        fields = ["name", "position", "email", "phone"]


class DelegateStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"))

    def __init__(
        self, *args: Any, choices: Sequence[tuple[str, str | Promise]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = choices


class AdvocacyForm(forms.ModelForm):
    class Meta:
        model = AdvocacyVisit
        fields = ["institution", "visited_on", "delegation", "topics", "outcomes", "reported_at"]
        widgets = {"visited_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer(self, "reported_at", Meeting.objects.live())


class WorkingGroupForm(forms.ModelForm):
    group_members = members_field(_("Member kabupaten/kota"))

    class Meta:
        model = WorkingGroup
        fields = [
            "name",
            "scope",
            "region",
            "province",
            "mandate",
            "people",
            "formed_on",
            "formed_at",
            "formed_by_decision",
        ]
        widgets = {"formed_on": DATE, "mandate": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer(self, "formed_at", Meeting.objects.live())


class DivisionForm(forms.ModelForm):
    class Meta:
        model = Division
        fields = ["name", "functions", "tasks"]
        widgets = {
            "functions": forms.Textarea(attrs={"rows": 3}),
            "tasks": forms.Textarea(attrs={"rows": 3}),
        }


class ActivityForm(forms.ModelForm):
    class Meta:
        model = ProgrammeActivity
        fields = [
            "division",
            "year",
            "title",
            "target",
            "budget",
            "responsible",
            "progress",
            "progress_note",
        ]
        widgets = {"progress_note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer(self, "division", Division.objects.live())


class SummitForm(forms.ModelForm):
    class Meta:
        model = Summit
        fields = [
            "number",
            "year",
            "host",
            "theme",
            "starts_on",
            "ends_on",
            "venue",
            "notes",
            "registration_open",
            "capacity",
            "fee",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer(self, "host", Member.objects.select_related("regency"))
