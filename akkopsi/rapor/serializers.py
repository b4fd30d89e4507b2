"""DRF serializers of the Rapor read models: the API's JSON and its OpenAPI schema, one place.

Money and percentages are strings (``"1500000.00"``), never floats. A figure that can be
missing is ``null`` with a ``<field>_reason`` beside it (``akkopsi.core.missing.Reason``),
present only when the figure is null; the schema declares both (ADR 0019, ADR 0039).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from akkopsi.core.missing import Missing, Reason

REASON_HELP = "present only when the figure is null: why it is missing"


@extend_schema_field({"type": "string", "format": "decimal", "example": "1500000.00"})
class DecimalString(serializers.Field):
    """A Decimal as its exact string (no rounding, no float)."""

    def to_representation(self, value: Decimal) -> str:
        return str(value)


@extend_schema_field({"type": "string", "format": "date-time"})
class IsoDateTime(serializers.Field):
    """A datetime as ``datetime.isoformat()`` (the time zone it is stored in)."""

    def to_representation(self, value: datetime) -> str:
        return value.isoformat()


@extend_schema_field(
    {
        "type": "object",
        "description": "year -> decimal string; a missing year is null with '<year>_reason'",
        "additionalProperties": {"type": "string", "format": "decimal", "nullable": True},
    }
)
class FigureByYear(serializers.Field):
    """year -> figure; a missing figure as null with ``<year>_reason`` beside it."""

    def to_representation(self, value: Mapping[int, Decimal | Missing]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for year, figure in value.items():
            if isinstance(figure, Missing):
                out |= {str(year): None, f"{year}_reason": figure.reason}
            else:
                out[str(year)] = str(figure)
        return out


def decimals_by_key(help_text: str) -> serializers.DictField:
    return serializers.DictField(child=DecimalString(), help_text=help_text)


def reason() -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=Reason.choices, required=False, help_text=REASON_HELP)


def figure(help_text: str = "decimal as a string", **kwargs: Any) -> DecimalString:
    return DecimalString(allow_null=True, help_text=help_text, **kwargs)


class ReadModelSerializer(serializers.Serializer):
    """Serialises a read model: ``Missing`` as null plus ``<field>_reason``; the ``_reason``
    fields are declared for the schema only; ``omit_if_none`` fields are left out when None
    (what the user may not see)."""

    omit_if_none: ClassVar[frozenset[str]] = frozenset()

    def to_representation(self, instance: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, fld in self.fields.items():
            if name.endswith("_reason") and name[: -len("_reason")] in self.fields:
                continue
            try:
                value = fld.get_attribute(instance)
            except serializers.SkipField:
                continue
            if isinstance(value, Missing):
                out |= {name: None, f"{name}_reason": value.reason}
            elif value is None:
                if name not in self.omit_if_none:
                    out[name] = None
            else:
                out[name] = fld.to_representation(value)
        return out


@extend_schema_field({"type": "number"})
class Number(serializers.Field):
    """A number of an engine result, as the engine gave it (integer or float)."""

    def to_representation(self, value: float) -> float:
        return value


class CoverageSerializer(serializers.Serializer):
    reporting = serializers.IntegerField(help_text="members with the figure")
    excluded = serializers.IntegerField(help_text="members left out: no figure")


def coverage(**kwargs: Any) -> CoverageSerializer:
    return CoverageSerializer(allow_null=True, **kwargs)


class RaporTargetSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    value = DecimalString()
    source = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.source


class RaporAccessRowSerializer(ReadModelSerializer):
    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.source
    year = serializers.IntegerField(allow_null=True)
    value = figure("the latest figure, decimal as a string")
    value_reason = reason()
    verified = serializers.BooleanField(allow_null=True)
    target = RaporTargetSerializer(allow_null=True)
    gap_points = figure("points still missing to the target")
    gap_households = serializers.IntegerField(allow_null=True)
    peer_median = figure("median of similar members")
    peer_coverage = coverage()
    peer_label = serializers.CharField()
    series = decimals_by_key("year -> figure, decimal as a string")


MONEY_FIGURES = ("apbd", "apbd_sanitation", "total_sanitation")


class RaporMoneySerializer(ReadModelSerializer):
    """Only ``year`` and ``share`` when the member has no budget year at all."""

    year = serializers.IntegerField(allow_null=True)
    share = figure("sanitation share of the APBD, percent")
    share_reason = reason()
    verified = serializers.BooleanField(required=False)
    apbd = figure(source="figures.apbd", required=False)
    apbd_reason = reason()
    apbd_sanitation = figure(source="figures.apbd_sanitation", required=False)
    apbd_sanitation_reason = reason()
    total_sanitation = figure(source="figures.total_sanitation", required=False)
    total_sanitation_reason = reason()
    meets_commitment = serializers.BooleanField(source="meets", allow_null=True, required=False)
    per_capita = figure("rupiah per person", required=False)
    per_capita_reason = reason()
    peer_per_capita = figure(required=False)
    peer_per_capita_coverage = coverage(required=False)
    peer_share = figure(required=False)
    peer_share_coverage = coverage(required=False)
    peer_label = serializers.CharField(required=False)
    by_subsector = serializers.DictField(
        source="this.by_subsector", child=DecimalString(), required=False
    )
    by_source = serializers.DictField(
        source="this.by_source", child=DecimalString(), required=False
    )
    share_by_year = FigureByYear(required=False)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        out = super().to_representation(instance)
        if instance.year is None:
            return {k: v for k, v in out.items() if k in {"year", "share", "share_reason"}}
        return out


class RaporBestUseSerializer(serializers.Serializer):
    source_name = serializers.CharField()
    year = serializers.IntegerField()
    value = Number(help_text="households closer to the targets per extra Rp1 miliar")


class RaporPlanSerializer(ReadModelSerializer):
    """A solved plan, or only ``plan`` and ``solved: false`` for a plan not solved yet."""

    solved = serializers.BooleanField()
    plan = serializers.CharField(source="plan_name", help_text="the plan's name")
    result = serializers.IntegerField(source="saved.pk", required=False)
    scenario = serializers.CharField(source="scenario.name", required=False)
    planned_total = DecimalString(source="saved.planned_total", required=False)
    gap_total = DecimalString(source="saved.gap_total", required=False)
    targets_met = serializers.BooleanField(required=False)
    gap_by_source = serializers.DictField(
        child=serializers.DictField(child=DecimalString()),
        required=False,
        help_text="source -> year -> funding gap",
    )
    best_extra_funding = RaporBestUseSerializer(source="best", allow_null=True, required=False)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        out = super().to_representation(instance)
        if instance.saved is None:
            return {"plan": out["plan"], "solved": False}
        return out


class RaporWhatIfSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    value = Number(help_text="what the criterion would have to reach")
    change = Number(help_text="the change from the member's value")


class RaporAwardSerializer(ReadModelSerializer):
    edition = serializers.IntegerField(source="edition.year")
    rank = Number()
    of = serializers.IntegerField(source="n_units")
    score = Number()
    interval = serializers.DictField(child=Number(), allow_null=True)
    what_would_it_take = RaporWhatIfSerializer(source="whatif", many=True)


class RaporDuesSerializer(ReadModelSerializer):
    invoice = serializers.CharField(source="invoice_number", allow_null=True)
    status = serializers.ChoiceField(
        choices=["paid", "open", "overdue", "none_this_year"], allow_null=True
    )
    outstanding_this_year = DecimalString()
    arrears = DecimalString()
    credit = DecimalString()


class RaporActionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    what = serializers.CharField()
    due_on = serializers.DateField()
    status = serializers.CharField()


class RaporMeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    title = serializers.CharField()
    starts_at = IsoDateTime()


class RaporSummitSerializer(ReadModelSerializer):
    number = serializers.IntegerField()
    year = serializers.IntegerField()
    registration_open = serializers.BooleanField()
    delegates = serializers.DictField(child=serializers.IntegerField(), allow_null=True)


class RaporCycleSerializer(ReadModelSerializer):
    year = serializers.IntegerField()
    deadline = serializers.DateField()
    submission = serializers.CharField(allow_null=True)


class RaporAllianceSerializer(ReadModelSerializer):
    omit_if_none = frozenset({"dues", "actions"})

    summit = RaporSummitSerializer(source="summit_state", allow_null=True)
    cycle = RaporCycleSerializer(source="cycle_state", allow_null=True)
    meetings = RaporMeetingSerializer(many=True)
    dues = RaporDuesSerializer(required=False, help_text="for the member's staff and the treasurer")
    actions = RaporActionSerializer(many=True, required=False, help_text="for the member's staff")


class RaporReportSerializer(ReadModelSerializer):
    """The figures of a member's Rapor Sanitasi."""

    member = serializers.CharField(source="member.code")
    name = serializers.CharField(source="member.regency.display_name")
    on = serializers.DateField()
    public = serializers.BooleanField(source="audience.public")
    head_of_region = serializers.CharField(allow_null=True)
    access = RaporAccessRowSerializer(source="access.rows", many=True)
    money = RaporMoneySerializer()
    award = RaporAwardSerializer(source="award_shown", allow_null=True)
    alliance = RaporAllianceSerializer()
    plan = RaporPlanSerializer(
        source="plan_shown", allow_null=True, required=False, help_text="for the member's staff"
    )

    def to_representation(self, instance: Any) -> dict[str, Any]:
        out = super().to_representation(instance)
        if not instance.plan.visible:
            del out["plan"]
        return out
