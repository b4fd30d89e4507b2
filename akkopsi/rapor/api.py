"""API of the Rapor Sanitasi: the figures of a member's report and the league table, as JSON.

Same permissions as the pages: the report is public (verified figures only) and richer for
the member's own staff and the secretariat; ``?publik=1`` asks for the public version.
Money and percentages are strings (``"1500000.00"``), never floats.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from akkopsi.accounts.permissions import Permission
from akkopsi.core.dates import today
from akkopsi.core.missing import Coverage, Missing, Reason, api_value
from akkopsi.members.access import member_for_user
from akkopsi.rapor import league, services
from akkopsi.rapor.services import ACCESS


def plain(value: Any) -> Any:
    """Decimals as strings, dates as ISO strings, containers recursively; a missing figure
    as ``null`` with ``<key>_reason`` beside it (``core.missing``)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Coverage):
        return value.as_json()
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            out |= {str(a): plain(b) for a, b in api_value(str(k), v).items()}
        return out
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, Missing):
        return None
    return value


def report_json(report: services.Report) -> dict[str, Any]:
    m = report.member
    access = [
        {
            k: row[k]
            for k in (
                "code",
                "name",
                "unit",
                "source",
                "year",
                "value",
                "verified",
                "target",
                "gap_points",
                "gap_households",
                "peer_median",
                "peer_coverage",
                "peer_label",
                "series",
            )
        }
        for row in report.access["rows"]
    ]
    money = report.money
    money_out: dict[str, Any] = {"year": money.get("year"), "share": money.get("share")}
    if money.get("year"):
        this = money["this"]
        money_out |= {
            "verified": money["verified"],
            **money["figures"],
            "meets_commitment": money["meets"],
            "per_capita": money["per_capita"],
            "peer_per_capita": money["peer_per_capita"],
            "peer_per_capita_coverage": money["peer_per_capita_coverage"],
            "peer_share": money["peer_share"],
            "peer_share_coverage": money["peer_share_coverage"],
            "peer_label": money["peer_label"],
            "by_subsector": dict(this.by_subsector),
            "by_source": dict(this.by_source),
            "share_by_year": {
                y: s.share if s.share is not None else Missing(s.missing_reason or "")
                for y, s in money["series"].items()
            },
        }
    out: dict[str, Any] = {
        "member": m.code,
        "name": m.regency.display_name,
        "on": report.on,
        "public": report.audience.public,
        "head_of_region": str(report.head) if report.head else None,
        "access": access,
        "money": money_out,
        "award": None,
        "alliance": {
            "summit": None,
            "cycle": None,
            "meetings": [
                {"id": mt.pk, "title": mt.title, "starts_at": mt.starts_at.isoformat()}
                for mt in report.alliance["meetings"]
            ],
        },
    }
    if report.plan.get("visible"):
        saved = report.plan.get("saved")
        unsolved = report.plan.get("unsolved")
        out["plan"] = (
            ({"plan": unsolved.name, "solved": False} if unsolved else None)
            if saved is None
            else {
                "solved": True,
                "result": saved.pk,
                "plan": report.plan["plan"].name,
                "scenario": report.plan["scenario"].name,
                "planned_total": saved.planned_total,
                "gap_total": saved.gap_total,
                "targets_met": saved.targets_met,
                "gap_by_source": {
                    r["source_name"]: dict(zip(report.plan["years"], r["values"], strict=True))
                    for r in report.plan["gap"]["rows"]
                },
                "best_extra_funding": report.plan["best"],
            }
        )
    award = report.award
    if award.get("edition"):
        out["award"] = {
            "edition": award["edition"].year,
            "rank": award["unit"]["rank"],
            "of": award["n_units"],
            "score": award["unit"]["score"],
            "interval": award["interval"],
            "what_would_it_take": award["whatif"],
        }
    alliance = report.alliance
    if "dues" in alliance:
        d = alliance["dues"]
        out["alliance"]["dues"] = {
            "invoice": d["invoice"].number if d["invoice"] else None,
            "status": d["status"],
            "outstanding_this_year": d["outstanding_this_year"],
            "arrears": d["arrears"],
            "credit": d["credit"],
        }
    if "actions" in alliance:
        out["alliance"]["actions"] = [
            {"id": a.pk, "what": a.what, "due_on": a.due_on, "status": a.status}
            for a in alliance["actions"]
        ]
    if alliance.get("summit"):
        s = alliance["summit"]
        out["alliance"]["summit"] = {
            "number": s.number,
            "year": s.year,
            "registration_open": s.registration_open,
            "delegates": alliance.get("delegates"),
        }
    if alliance.get("cycle"):
        c = alliance["cycle"]
        out["alliance"]["cycle"] = {
            "year": c.year,
            "deadline": c.deadline,
            "submission": alliance.get("submission"),
        }
    return plain(out)


# ---------------------------------------------------------------- schema
# A missing figure is null with a ``<field>_reason`` beside it (core.missing.Reason); the
# schema declares both for every figure that can be missing, and the coverage of medians.


def _figure(name: str, field: Any = None) -> dict[str, Any]:
    return {
        name: field
        or serializers.CharField(allow_null=True, required=False, help_text="decimal as a string"),
        f"{name}_reason": serializers.ChoiceField(
            choices=Reason.choices,
            required=False,
            help_text="present only when the figure is null: why it is missing",
        ),
    }


COVERAGE = inline_serializer(
    "Coverage",
    fields={
        "reporting": serializers.IntegerField(help_text="members with the figure"),
        "excluded": serializers.IntegerField(help_text="members left out: no figure"),
    },
    allow_null=True,
    required=False,
)
ACCESS_ROW = inline_serializer(
    "RaporAccessRow",
    many=True,
    fields={
        "code": serializers.CharField(),
        "name": serializers.CharField(),
        "year": serializers.IntegerField(allow_null=True),
        **_figure("value"),
        "peer_median": serializers.CharField(allow_null=True),
        "peer_coverage": COVERAGE,
    },
)
MONEY = inline_serializer(
    "RaporMoney",
    fields={
        "year": serializers.IntegerField(allow_null=True),
        **_figure("apbd"),
        **_figure("apbd_sanitation"),
        **_figure("total_sanitation"),
        **_figure("share"),
        "meets_commitment": serializers.BooleanField(allow_null=True, required=False),
        **_figure("per_capita"),
        "peer_share": serializers.CharField(allow_null=True, required=False),
        "peer_share_coverage": COVERAGE,
        "peer_per_capita": serializers.CharField(allow_null=True, required=False),
        "peer_per_capita_coverage": COVERAGE,
    },
)
REPORT = inline_serializer(
    "RaporReport",
    fields={
        "member": serializers.CharField(),
        "name": serializers.CharField(),
        "on": serializers.DateField(),
        "public": serializers.BooleanField(),
        "access": ACCESS_ROW,
        "money": MONEY,
    },
)
LEAGUE = inline_serializer(
    "RaporLeague",
    fields={
        "on": serializers.DateField(),
        "years": serializers.ListField(child=serializers.IntegerField()),
        "sort": serializers.CharField(),
        "columns": serializers.ListField(child=serializers.CharField()),
        "rows": inline_serializer(
            "RaporLeagueRow",
            many=True,
            fields={
                "code": serializers.CharField(),
                "name": serializers.CharField(),
                "province": serializers.CharField(),
                **{k: v for c in ACCESS for k, v in _figure(c).items()},
                **_figure("share"),
                **_figure("per_capita"),
                **_figure("rank", serializers.IntegerField(allow_null=True, required=False)),
                "rank_year": serializers.IntegerField(allow_null=True),
                **_figure("plan_gap"),
                "arrears": serializers.CharField(required=False),
            },
        ),
    },
)


class ReportView(APIView):
    """The figures of a member's Rapor Sanitasi (verified only for the public)."""

    permission_map = {"get": Permission.VIEW_PUBLIC}

    @extend_schema(
        parameters=[OpenApiParameter("publik", OpenApiTypes.BOOL, description="public version")],
        responses={200: REPORT},
    )
    def get(self, request: Request, code: str) -> Response:
        member = member_for_user(request.user, code)
        public = request.query_params.get("publik") == "1"
        return Response(report_json(services.build(member, request.user, public=public)))


class LeagueView(APIView):
    """The national league table: one row per member, sortable with ``?sort=``."""

    permission_map = {"get": Permission.VIEW_PUBLIC}

    @extend_schema(
        parameters=[
            OpenApiParameter("sort", OpenApiTypes.STR, description="column, '-' for descending")
        ],
        responses={200: LEAGUE},
    )
    def get(self, request: Request) -> Response:
        cols, rows, sources = league.rows(request.user, today())
        rows, sort = league.sort_rows(rows, cols, request.query_params.get("sort", "code"))
        keys = [c.key for c in cols]
        return Response(
            plain(
                {
                    "on": sources["on"],
                    "years": sources["years"],
                    "sort": sort,
                    "columns": keys,
                    "rows": [
                        {k: r.get(k) for k in keys}
                        | {
                            "rank_year": r["rank_year"],
                            "money_year": r["money_year"],
                            "meets_commitment": r["meets"],
                        }
                        for r in rows
                    ],
                }
            )
        )
