"""Serializers of the coordination API (declarative: fields and their representation)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from akkopsi.coordination.models import (
    ActionItem,
    AdvocacyVisit,
    AgendaItem,
    BoardPosition,
    Delegate,
    Division,
    Meeting,
    ProgrammeActivity,
    Summit,
    WorkingGroup,
)
from akkopsi.members.models import Member


class MemberCodeField(serializers.SlugRelatedField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("slug_field", "regency_id")
        kwargs.setdefault("queryset", Member.objects.select_related("regency"))
        super().__init__(**kwargs)


class AgendaItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["id", "position", "title", "minutes", "decisions"]


class MeetingSerializer(serializers.ModelSerializer):
    host = MemberCodeField(required=False, allow_null=True)
    attending = MemberCodeField(many=True, required=False)
    invited = MemberCodeField(many=True, required=False)
    agenda = AgendaItemSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "host",
            "venue",
            "chair_name",
            "chair_role",
            "invited",
            "attending",
            "invited_people",
            "attending_people",
            "summary",
            "published",
            "agenda",
        ]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        for field in ("starts_at", "ends_at"):
            moment = attrs.get(field)
            if moment is not None and not 1900 <= moment.year <= 2200:
                raise ValidationError({field: _("The year must be between 1900 and 2200.")})
        return attrs


class ActionItemSerializer(serializers.ModelSerializer):
    owner_member = MemberCodeField(required=False, allow_null=True)

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "what",
            "owner_member",
            "owner_person",
            "due_on",
            "status",
            "done_on",
            "note",
            "meeting",
            "agenda_item",
            "summit",
        ]
        read_only_fields = ["done_on"]


class SummitSerializer(serializers.ModelSerializer):
    numeral = serializers.CharField(read_only=True)
    fee = serializers.DecimalField(max_digits=18, decimal_places=2, read_only=True)
    host = MemberCodeField(required=False, allow_null=True)

    class Meta:
        model = Summit
        fields = [
            "number",
            "numeral",
            "year",
            "host",
            "theme",
            "starts_on",
            "ends_on",
            "venue",
            "registration_open",
            "fee",
        ]


class DelegateSerializer(serializers.ModelSerializer):
    member = MemberCodeField()
    summit = serializers.SlugRelatedField(slug_field="number", queryset=Summit.objects.live())

    class Meta:
        model = Delegate
        fields = [
            "id",
            "summit",
            "member",
            "name",
            "position",
            "email",
            "phone",
            "status",
            "fee_invoice",
        ]
        read_only_fields = ["status", "fee_invoice"]


class BoardPositionSerializer(serializers.ModelSerializer):
    role_name = serializers.CharField(source="get_role_display", read_only=True)
    member = serializers.CharField(source="member.regency_id", read_only=True)

    class Meta:
        model = BoardPosition
        fields = [
            "id",
            "role",
            "role_name",
            "portfolio",
            "holder_name",
            "holder_office",
            "member",
            "start_on",
            "end_on",
            "elected_at",
            "elected_by",
        ]


class DivisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Division
        fields = ["id", "name", "functions", "tasks"]


class ProgrammeActivitySerializer(serializers.ModelSerializer):
    division = serializers.PrimaryKeyRelatedField(queryset=Division.objects.live())

    class Meta:
        model = ProgrammeActivity
        fields = [
            "id",
            "division",
            "year",
            "title",
            "target",
            "budget",
            "responsible",
            "progress",
            "progress_note",
        ]


class WorkingGroupSerializer(serializers.ModelSerializer):
    members = MemberCodeField(many=True, required=False)
    formed_at = serializers.PrimaryKeyRelatedField(
        queryset=Meeting.objects.live(), required=False, allow_null=True
    )

    class Meta:
        model = WorkingGroup
        fields = [
            "id",
            "name",
            "scope",
            "region",
            "province",
            "mandate",
            "members",
            "people",
            "formed_on",
            "formed_at",
            "formed_by_decision",
        ]


class AdvocacyVisitSerializer(serializers.ModelSerializer):
    reported_at = serializers.PrimaryKeyRelatedField(
        queryset=Meeting.objects.live(), required=False, allow_null=True
    )

    class Meta:
        model = AdvocacyVisit
        fields = [
            "id",
            "institution",
            "visited_on",
            "delegation",
            "topics",
            "outcomes",
            "reported_at",
        ]
