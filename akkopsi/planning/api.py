"""API of the planner: create plans and scenarios, change inputs, solve, fetch results.

Same permission as the pages (``Permission.PLAN``): member staff for their own member only,
the secretariat and administrators for all; the public sees nothing. A bad plan answers
400 with the engine's Indonesian message and the input it names.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from akkopsi.accounts.permissions import (
    Permission,
    actor,
    can,
)
from akkopsi.core.fields import MONEY_DIGITS
from akkopsi.engines.errors import EngineError
from akkopsi.members.access import member_for_user
from akkopsi.members.models import Member
from akkopsi.planning import report, services, snapshot, solve
from akkopsi.planning.access import plans_for_user, scenarios_for_user
from akkopsi.planning.choices import TargetKind
from akkopsi.planning.engine_messages import note_text, plan_problem_text
from akkopsi.planning.filters import PlanFilter, ScenarioFilter
from akkopsi.planning.forms import CatalogueEditor
from akkopsi.planning.models import Plan, Scenario, SolveResult


class ScenarioSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Scenario
        fields = ["id", "name", "description"]


class PlanSerializer(serializers.ModelSerializer):
    member = serializers.CharField(source="member.regency_id", read_only=True)
    code = serializers.CharField(write_only=True, help_text="Kemendagri code of the member")
    baseline = serializers.DictField(
        child=serializers.DictField(child=serializers.DecimalField(max_digits=7, decimal_places=3)),
        required=False,
        write_only=True,
        help_text="{sub_sector: {step: percent}}; default: the member's verified data.",
    )
    scenarios = ScenarioSummarySerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            "member",
            "code",
            "name",
            "base_year",
            "horizon",
            "population",
            "household_size",
            "households",
            "growth_percent",
            "use_population_series",
            "discount_percent",
            "iplt_spare_households",
            "baseline",
            "scenarios",
        ]
        extra_kwargs = {"base_year": {"required": False}, "households": {"required": False}}

    def to_representation(self, instance: Plan) -> dict[str, Any]:
        data = super().to_representation(instance)
        base: dict[str, dict[str, str]] = {}
        for b in instance.baseline.all():
            base.setdefault(b.sub_sector, {})[b.step] = str(b.percent)
        data["baseline"] = base
        return data


class PlanEnvelopeSerializer(serializers.Serializer):
    source = serializers.CharField()  # type: ignore[assignment]  # the funding source
    year = serializers.IntegerField()
    amount = serializers.DecimalField(
        max_digits=MONEY_DIGITS, decimal_places=2, min_value=Decimal(0)
    )

    def validate_source(self, value: str) -> str:
        known = [rule.id for rule in solve.catalogue().funding_rules]
        if value not in known:
            raise serializers.ValidationError(
                _("Unknown funding source; choose one of: %(known)s.") % {"known": ", ".join(known)}
            )
        return value


class PlanTargetSerializer(serializers.Serializer):
    sub_sector = serializers.CharField()
    step = serializers.CharField()
    kind = serializers.ChoiceField(choices=TargetKind.choices, default=TargetKind.AT_LEAST)
    year = serializers.IntegerField()
    percent = serializers.DecimalField(
        max_digits=7, decimal_places=3, min_value=Decimal(0), max_value=Decimal(100)
    )


class ScenarioSerializer(serializers.ModelSerializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all())
    copy_from = serializers.IntegerField(write_only=True, required=False)
    envelopes = PlanEnvelopeSerializer(many=True, required=False, write_only=True)
    targets = PlanTargetSerializer(many=True, required=False, write_only=True)
    latest_result = serializers.SerializerMethodField()

    class Meta:
        model = Scenario
        fields = [
            "id",
            "plan",
            "name",
            "description",
            "apbd_min_percent",
            "apbd_mode",
            "copy_from",
            "targets",
            "envelopes",
            "latest_result",
        ]

    def get_latest_result(self, obj: Scenario) -> int | None:
        saved = obj.results.order_by("-created_at", "-id").first()
        return saved.pk if saved else None

    def to_representation(self, instance: Scenario) -> dict[str, Any]:
        data = super().to_representation(instance)
        inputs = services.current_inputs(instance)
        data["targets"] = [
            {"sub_sector": s, "step": k, "kind": kind, "year": y, "percent": str(p)}
            for s, k, kind, y, p in inputs["targets"]
        ]
        data["envelopes"] = [
            {"source": s, "year": y, "amount": str(a)}
            for (s, y), a in sorted(inputs["envelopes"].items())
        ]
        return data


def result_payload(saved: SolveResult) -> dict[str, Any]:
    problem, result = solve.load(saved)
    program = report.program_table(problem, result)
    return {
        "id": saved.pk,
        "scenario": saved.scenario_id,
        "solved_at": saved.created_at,
        "engine_version": saved.engine_version,
        "planned_total": str(saved.planned_total),
        "gap_total": str(saved.gap_total),
        "needs_total": str(saved.needs_total),
        "targets_met": saved.targets_met,
        "program_total": str(program["total"]),
        "result": snapshot.plain(result) | {"notes": [note_text(n) for n in result.notes]},
        "inputs": snapshot.plain(problem),
    }


class PlanViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Investment plans of members (private to the member's staff and the secretariat)."""

    serializer_class = PlanSerializer
    filterset_class = PlanFilter
    permission_map = {
        "list": Permission.PLAN,
        "retrieve": Permission.PLAN,
        "create": Permission.PLAN,
        "update": Permission.PLAN,
        "partial_update": Permission.PLAN,
    }

    def get_queryset(self) -> QuerySet:
        return plans_for_user(self.request.user).order_by("id")

    def _baseline(
        self, data: dict[str, Any], default: dict[tuple[str, str], Decimal]
    ) -> dict[tuple[str, str], Decimal]:
        given = data.get("baseline")
        if not given:
            return default
        return {(s, k): Decimal(v) for s, steps in given.items() for k, v in steps.items()}

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        try:
            member = Member.objects.get(regency_id=data.pop("code"))
        except Member.DoesNotExist as exc:
            raise serializers.ValidationError({"code": _("Unknown member.")}) from exc
        if not can(self.request.user, Permission.PLAN, member):
            raise PermissionDenied
        situation = services.default_situation(member)
        baseline = self._baseline(data, situation.baseline)
        data.pop("baseline", None)
        data.setdefault("base_year", situation.base_year)
        if data.get("households") is None:
            if not situation.households:
                raise serializers.ValidationError(
                    {
                        "households": _(
                            "The number of households is required (there is no population data)."
                        )
                    }
                )
            data["households"] = situation.households
        serializer.instance = services.create_plan(
            member=member, by=actor(self.request), fields=data, baseline=baseline
        )

    def perform_update(self, serializer: Any) -> None:
        plan = serializer.instance
        data = dict(serializer.validated_data)
        data.pop("code", None)
        current = {(b.sub_sector, b.step): b.percent for b in plan.baseline.all()}
        baseline = self._baseline(data, current)
        data.pop("baseline", None)
        services.update_plan(plan=plan, by=actor(self.request), fields=data, baseline=baseline)


class ScenarioViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Scenarios of a plan: inputs (targets, envelopes), ``solve`` and the latest ``result``."""

    serializer_class = ScenarioSerializer
    filterset_class = ScenarioFilter
    permission_map = {
        "list": Permission.PLAN,
        "retrieve": Permission.PLAN,
        "create": Permission.PLAN,
        "update": Permission.PLAN,
        "partial_update": Permission.PLAN,
        "solve": Permission.PLAN,
        "result": Permission.PLAN,
    }

    def get_queryset(self) -> QuerySet:
        return scenarios_for_user(self.request.user).order_by("id")

    def _inputs(self, scenario: Scenario, data: dict[str, Any]) -> dict[str, Any]:
        inputs = services.current_inputs(scenario)
        if "envelopes" in data:
            inputs["envelopes"] = {
                (e["source"], e["year"]): e["amount"] for e in data.pop("envelopes")
            }
        if "targets" in data:
            inputs["targets"] = [
                (
                    t["sub_sector"],
                    t["step"],
                    t.get("kind", TargetKind.AT_LEAST),
                    t["year"],
                    t["percent"],
                )
                for t in data.pop("targets")
            ]
        return inputs

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        plan = data.pop("plan")
        if not can(self.request.user, Permission.PLAN, plan.member):
            raise PermissionDenied
        source = plan.scenarios.filter(pk=data.pop("copy_from", 0)).first()
        scenario = services.create_scenario(
            plan=plan, name=data.pop("name"), by=actor(self.request), copy_from=source
        )
        services.set_inputs(
            scenario=scenario, by=actor(self.request), **self._inputs(scenario, data), **data
        )
        serializer.instance = scenario

    def perform_update(self, serializer: Any) -> None:
        scenario = serializer.instance
        data = dict(serializer.validated_data)
        data.pop("copy_from", None)
        if data.pop("plan", scenario.plan) != scenario.plan:
            raise serializers.ValidationError(
                {"plan": _("A scenario cannot be moved to another plan.")}
            )
        services.set_inputs(
            scenario=scenario, by=actor(self.request), **self._inputs(scenario, data), **data
        )

    @action(detail=True, methods=["post"])
    def solve(self, request: Any, pk: Any = None) -> Response:
        """Solve the scenario now (synchronous) and return the saved result."""
        scenario = self.get_object()
        try:
            saved = services.solve_scenario(scenario=scenario, by=actor(request))
        except EngineError as exc:
            return Response(
                {"detail": plan_problem_text(exc), "where": exc.where},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(result_payload(saved), status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["get"])
    def result(self, request: Any, pk: Any = None) -> Response:
        """The latest saved result of the scenario."""
        scenario = self.get_object()
        saved = scenario.results.order_by("-created_at", "-id").first()
        if saved is None:
            raise NotFound("Skenario ini belum dihitung.")
        return Response(result_payload(saved))


FIGURE_FIELDS = ("capital_cost", "operating_cost", "lifetime_years", "capacity_households")
DEFAULT_FIGURES = {  # catalogue field -> engine attribute, for options and for facilities
    False: solve.OPTION_FIGURES,
    True: solve.FACILITY_FIGURES,
}


def catalogue_payload(member: Member, editor: CatalogueEditor) -> dict[str, Any]:
    rows = services.member_catalogue_rows(member)
    items = []
    for item, is_facility in editor.items:
        own = rows.get(item.id)
        items.append(
            {
                "id": item.id,
                "name": item.name,
                "kind": "facility" if is_facility else "option",
                "default": {
                    name: getattr(item, attr) for name, attr in DEFAULT_FIGURES[is_facility].items()
                },
                "own": (
                    {name: getattr(own, name) for name in (*FIGURE_FIELDS, "source")}
                    if own is not None
                    else None
                ),
            }
        )
    return {"member": member.code, "items": items}


class MemberCatalogueView(APIView):
    """A member's own unit costs, lifetimes and plant capacities (the catalogue page's figures).

    ``PATCH`` with ``{"items": {"<item id>": {"capital_cost": "...", "source": "..."}}}``
    changes the items given (a figure ``null`` goes back to the catalogue's default; all
    ``null`` removes the member's row); the others stay. Validated as the page validates;
    every change has history. Solve the scenarios again to use new figures.
    """

    permission_map = {"get": Permission.PLAN, "patch": Permission.PLAN}

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, code: str) -> Response:
        member = member_for_user(request.user, code, Permission.PLAN)
        editor = CatalogueEditor(None, rows=services.member_catalogue_rows(member))
        return Response(catalogue_payload(member, editor))

    @extend_schema(request=OpenApiTypes.OBJECT, responses={200: OpenApiTypes.OBJECT})
    def patch(self, request: Request, code: str) -> Response:
        member = member_for_user(request.user, code, Permission.PLAN)
        rows = services.member_catalogue_rows(member)
        editor = CatalogueEditor(None, rows=rows)
        given = request.data.get("items") if isinstance(request.data, dict) else None
        if not isinstance(given, dict) or not given:
            raise serializers.ValidationError(
                {
                    "items": _(
                        'Send an object of items and figures, for example {"tangki_septik": {...}}.'
                    )
                }
            )
        ids = [item.id for item, _f in editor.items]
        unknown = sorted(set(given) - set(ids))
        if unknown:
            raise serializers.ValidationError(
                {"items": _("Unknown items: %(items)s.") % {"items": ", ".join(unknown)}}
            )
        data: dict[str, Any] = {"items-TOTAL_FORMS": len(ids), "items-INITIAL_FORMS": len(ids)}
        for i, (form, item_id) in enumerate(zip(editor.grid.forms, ids, strict=True)):
            values = dict(form.initial)
            change = given.get(item_id, {})
            if not isinstance(change, dict) or set(change) - {*FIGURE_FIELDS, "source"}:
                raise serializers.ValidationError(
                    {
                        "items": _("%(item)s: the known fields are %(fields)s.")
                        % {"item": item_id, "fields": ", ".join((*FIGURE_FIELDS, "source"))}
                    }
                )
            values |= change
            for name, value in values.items():
                if value is not None:
                    data[f"items-{i}-{name}"] = value
        editor = CatalogueEditor(data, rows=rows)
        if not editor.is_valid():
            raise serializers.ValidationError({"items": editor.errors()})
        changed = services.set_member_catalogue(
            member=member, by=actor(request), figures=editor.figures()
        )
        fresh = CatalogueEditor(None, rows=services.member_catalogue_rows(member))
        return Response(catalogue_payload(member, fresh) | {"changed": changed})
