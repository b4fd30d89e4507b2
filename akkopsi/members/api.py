from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Min
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from akkopsi.accounts.permissions import Permission, can
from akkopsi.core.pagecache import ALL
from akkopsi.members import services
from akkopsi.members.filters import MemberFilter
from akkopsi.members.forms import RegencyCodeField
from akkopsi.members.models import Member
from akkopsi.regions.models import Regency

PROFILE_FIELDS = ["address", "phone", "email", "website", "pokja_decree", "notes"]


class MemberSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="regency_id", read_only=True)
    name = serializers.CharField(source="regency.display_name", read_only=True)
    kind = serializers.CharField(source="regency.kind", read_only=True)
    province = serializers.CharField(source="regency.province_id", read_only=True)
    province_name = serializers.CharField(source="regency.province.name", read_only=True)
    is_active = serializers.BooleanField(
        read_only=True, help_text="Member on the date asked (active_on, else today)."
    )
    first_joined = serializers.DateField(read_only=True)

    class Meta:
        model = Member
        fields = [
            "code",
            "name",
            "kind",
            "province",
            "province_name",
            "membership_number",
            "is_active",
            "first_joined",
            *PROFILE_FIELDS,
        ]
        read_only_fields = ["membership_number"]


class MemberCreateSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=4, help_text="Kemendagri code of the kabupaten/kota")
    membership_number = serializers.CharField(max_length=30)
    joined_on = serializers.DateField()
    join_note = serializers.CharField(max_length=200, required=False, allow_blank=True)

    def validate_code(self, value: str) -> Regency:
        """The same check as the form's (four digits, a known kabupaten/kota)."""
        try:
            return RegencyCodeField().clean(value)
        except forms.ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "active_on",
                OpenApiTypes.DATE,
                description="Only members on this date (YYYY-MM-DD).",
            ),
        ]
    )
)
class MemberViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Members of the alliance. Anyone reads; the secretariat adds; member staff change their own profile."""

    lookup_field = "regency_id"
    cache_domains = ALL  # GET answered from the page cache (core.pagecache)
    lookup_url_kwarg = "code"
    filterset_class = MemberFilter
    permission_map = {
        "list": Permission.VIEW_PUBLIC,
        "retrieve": Permission.VIEW_PUBLIC,
        "create": Permission.MANAGE_MEMBERS,
        "update": Permission.EDIT_MEMBER_PROFILE,
        "partial_update": Permission.EDIT_MEMBER_PROFILE,
    }

    def get_queryset(self) -> Any:
        return (
            Member.objects.select_related("regency__province")
            .annotate(first_joined=Min("periods__joined_on"))
            .order_by("regency_id")
        )

    def get_object(self) -> Member:
        obj = super().get_object()
        if not hasattr(obj, "is_active"):
            obj.is_active = obj.is_active_on(self.filterset_day())
        return obj

    def filterset_day(self) -> Any:
        f = MemberFilter(self.request.query_params, queryset=Member.objects.none())
        f.is_valid()
        return f.day

    def filter_queryset(self, queryset: Any) -> Any:
        if self.action == "retrieve" or self.action in {"update", "partial_update"}:
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer_class(self) -> Any:
        return MemberCreateSerializer if self.action == "create" else MemberSerializer

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        incoming = MemberCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        regency = data.pop("code")
        try:
            member = services.create_member(regency=regency, by=request.user, **data)
        except DjangoValidationError as exc:
            raise ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            ) from exc
        member = self.get_queryset().get(pk=member.pk)
        member.is_active = member.is_active_on(self.filterset_day())
        return Response(MemberSerializer(member).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer: Any) -> None:
        unknown = set(self.request.data) - set(PROFILE_FIELDS)
        if unknown and not can(self.request.user, Permission.MANAGE_MEMBERS):
            raise ValidationError(
                {f: "Kolom ini tidak boleh diubah oleh staf anggota." for f in sorted(unknown)}
            )
        serializer.instance._history_user = self.request.user
        serializer.save()
