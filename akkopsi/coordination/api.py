"""API for meetings, actions, summits (with delegates), the board, the work programme, working
groups and the advocacy log; writes go through services."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from akkopsi.accounts.permissions import Permission, actor, can
from akkopsi.coordination import services
from akkopsi.coordination.access import meetings_for_user, own_member_rows
from akkopsi.coordination.filters import (
    ActionFilter,
    ActivityFilter,
    AdvocacyFilter,
    MeetingFilter,
    SummitFilter,
    WorkingGroupFilter,
)
from akkopsi.coordination.models import (
    ActionItem,
    ActionStatus,
    AdvocacyVisit,
    AgendaItem,
    BoardPosition,
    Delegate,
    DelegateStatus,
    Division,
    Meeting,
    ProgrammeActivity,
    Summit,
    WorkingGroup,
)
from akkopsi.coordination.serializers import (
    ActionItemSerializer,
    AdvocacyVisitSerializer,
    BoardPositionSerializer,
    DelegateSerializer,
    DivisionSerializer,
    MeetingSerializer,
    ProgrammeActivitySerializer,
    SummitSerializer,
    WorkingGroupSerializer,
)
from akkopsi.core.api import VoidSerializer
from akkopsi.core.dates import today


@contextmanager
def service_errors() -> Iterator[None]:
    """A service's ``ValidationError`` becomes the API's 400 with the same messages."""
    try:
        yield
    except DjangoValidationError as exc:
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        raise ValidationError(detail) from exc


def incoming(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    """The validated body of a write (a 400 when it is not valid)."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class MeetingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Meetings: the public reads published summaries; the secretariat records meetings."""

    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    permission_map = {
        "list": Permission.VIEW_PUBLIC,
        "retrieve": Permission.VIEW_PUBLIC,
        "create": Permission.MANAGE_COORDINATION,
    }

    def get_queryset(self) -> Any:
        return meetings_for_user(self.request.user).prefetch_related(
            Prefetch("agenda", queryset=AgendaItem.objects.live()), "attending", "invited"
        )

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        data = incoming(MeetingSerializer, request.data)
        attending = data.pop("attending", [])
        invited = data.pop("invited", [])
        with service_errors():
            meeting = services.save_meeting(
                meeting=Meeting(**data), attending=attending, invited=invited, by=actor(request)
            )
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)


class ActionItemViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Action items. Member staff see and update the status of their own member's actions."""

    serializer_class = ActionItemSerializer
    filterset_class = ActionFilter
    permission_map = {
        "list": Permission.UPDATE_ACTIONS,
        "retrieve": Permission.UPDATE_ACTIONS,
        "create": Permission.MANAGE_COORDINATION,
        "update": Permission.UPDATE_ACTIONS,
        "partial_update": Permission.UPDATE_ACTIONS,
    }

    def get_queryset(self) -> Any:
        qs = ActionItem.objects.live().select_related("owner_member")
        if self.action == "list":
            return own_member_rows(self.request.user, qs, "owner_member")
        return qs  # one record: its owner is checked by the permission

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        data = incoming(ActionItemSerializer, request.data)
        data.pop("status", None)
        data.pop("note", None)
        with service_errors():
            action = services.add_action(by=actor(request), **data)
        return Response(ActionItemSerializer(action).data, status=status.HTTP_201_CREATED)

    def update(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        action = self.get_object()
        if not isinstance(request.data, dict):
            raise ValidationError({"status": _("Send a JSON object with the status and a note.")})
        unknown = set(request.data) - {"status", "note"}
        if unknown:
            raise ValidationError(
                {f: _("Only the status and the note can be changed.") for f in sorted(unknown)}
            )
        new_status = request.data.get("status", action.status)
        if new_status not in ActionStatus.values:
            raise ValidationError(
                {"status": _("Unknown status: %(status)s.") % {"status": new_status}}
            )
        with service_errors():
            action = services.set_action_status(
                action=action,
                status=new_status,
                note=str(request.data.get("note", "")),
                on=today(),
                by=actor(request),
            )
        return Response(ActionItemSerializer(action).data)


class SummitViewSet(viewsets.ReadOnlyModelViewSet):
    """City Sanitation Summit editions (public)."""

    serializer_class = SummitSerializer
    filterset_class = SummitFilter
    lookup_field = "number"
    permission_map = {"list": Permission.VIEW_PUBLIC, "retrieve": Permission.VIEW_PUBLIC}
    queryset = Summit.objects.live().select_related("host").order_by("number")


class DelegateViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Summit delegates: member staff register their own member's; status changes follow the rules."""

    serializer_class = DelegateSerializer
    permission_map = {
        "list": Permission.REGISTER_DELEGATES,
        "retrieve": Permission.REGISTER_DELEGATES,
        "create": Permission.REGISTER_DELEGATES,
        "update": Permission.REGISTER_DELEGATES,
        "partial_update": Permission.REGISTER_DELEGATES,
    }

    def get_queryset(self) -> Any:
        qs = Delegate.objects.live().select_related("member", "summit")
        if self.action == "list":
            return own_member_rows(self.request.user, qs, "member")
        return qs  # one record: its member is checked by the permission

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        data = incoming(DelegateSerializer, request.data)
        if not can(request.user, Permission.REGISTER_DELEGATES, data["member"]):
            raise PermissionDenied
        with service_errors():
            delegate = services.register_delegate(by=actor(request), **data)
        return Response(DelegateSerializer(delegate).data, status=status.HTTP_201_CREATED)

    def update(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        delegate = self.get_object()
        if (
            not isinstance(request.data, dict)
            or set(request.data) - {"status"}
            or request.data.get("status") not in DelegateStatus.values
        ):
            raise ValidationError({"status": _("Send only the new status.")})
        with service_errors():
            delegate = services.change_delegate_status(
                delegate=delegate,
                status=request.data["status"],
                by=actor(request),
                by_secretariat=can(request.user, Permission.MANAGE_COORDINATION),
            )
        return Response(DelegateSerializer(delegate).data)


class BoardViewSet(viewsets.ReadOnlyModelViewSet):
    """The board; ``?on=YYYY-MM-DD`` gives the board on that date."""

    serializer_class = BoardPositionSerializer
    permission_map = {"list": Permission.VIEW_PUBLIC, "retrieve": Permission.VIEW_PUBLIC}

    def get_queryset(self) -> Any:
        qs = BoardPosition.objects.live().select_related("member")
        on = self.request.query_params.get("on")
        if on and self.action == "list":
            try:
                qs = qs.on(date.fromisoformat(on))
            except ValueError as exc:
                raise ValidationError({"on": _("Invalid date; use YYYY-MM-DD.")}) from exc
        return qs


# Work programme, working groups, advocacy: the secretariat's records -------------------------


class SecretariatRecordViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Read and write for the secretariat; records are voided with a reason, never deleted."""

    permission_map = {
        name: Permission.MANAGE_COORDINATION
        for name in ("list", "retrieve", "create", "update", "partial_update", "void")
    }
    model: Any = None

    def get_queryset(self) -> Any:
        return self.model.objects.live()

    def write(self, instance: Any, data: dict[str, Any]) -> Any:
        for field, value in data.items():
            setattr(instance, field, value)
        return services.save_record(record=instance, by=actor(self.request))

    def _save(self, serializer: Any, instance: Any) -> None:
        with service_errors():
            serializer.instance = self.write(instance, dict(serializer.validated_data))

    def perform_create(self, serializer: Any) -> None:
        self._save(serializer, self.model())

    def perform_update(self, serializer: Any) -> None:
        self._save(serializer, serializer.instance)

    @extend_schema(request=VoidSerializer)
    @action(detail=True, methods=["post"])
    def void(self, request: Any, pk: Any = None) -> Response:
        """Void the record with a reason (refused while other records still depend on it)."""
        record = self.get_object()
        reason = incoming(VoidSerializer, request.data)["reason"]
        with service_errors():
            record = services.void_record(record=record, reason=reason, by=actor(request))
        return Response(self.get_serializer(record).data)


class DivisionViewSet(SecretariatRecordViewSet):
    """Divisions of the board (bidang) with their functions and tasks."""

    serializer_class = DivisionSerializer
    model = Division


class ProgrammeActivityViewSet(SecretariatRecordViewSet):
    """The yearly work programme: activities per division; ``?year=`` filters the list."""

    serializer_class = ProgrammeActivitySerializer
    filterset_class = ActivityFilter
    model = ProgrammeActivity

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("division")


class WorkingGroupViewSet(SecretariatRecordViewSet):
    """Working groups; creating one records its forming (at the meeting that decided it)."""

    serializer_class = WorkingGroupSerializer
    filterset_class = WorkingGroupFilter
    model = WorkingGroup

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("members")

    def write(self, instance: Any, data: dict[str, Any]) -> Any:
        members = data.pop("members", None)
        if members is None:
            members = list(instance.members.all()) if instance.pk else []
        for field, value in data.items():
            setattr(instance, field, value)
        return services.form_working_group(group=instance, members=members, by=actor(self.request))


class AdvocacyVisitViewSet(SecretariatRecordViewSet):
    """The advocacy log: audiences and visits to ministries and agencies."""

    serializer_class = AdvocacyVisitSerializer
    filterset_class = AdvocacyFilter
    model = AdvocacyVisit
