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
from akkopsi.rapor import access, league, services
from akkopsi.rapor.blocks import ACCESS
from akkopsi.rapor.filters import BELOW, MEETS, UNDECIDED, LeagueFilter
from akkopsi.rapor.readmodel import Report
from akkopsi.rapor.serializers import RaporReportSerializer, coverage
from akkopsi.regions.models import RegencyKind


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


def report_json(report: Report) -> dict[str, Any]:
    """The API's JSON of a report (``akkopsi.rapor.serializers.RaporReportSerializer``)."""
    return dict(RaporReportSerializer(report).data)


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


COVERAGE = coverage(required=False)
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
        responses={200: RaporReportSerializer},
    )
    def get(self, request: Request, code: str) -> Response:
        member = access.report_member(request.user, code)
        public = request.query_params.get("publik") == "1"
        return Response(report_json(services.build(member, request.user, public=public)))


class LeagueView(APIView):
    """The national league table of one year (``?tahun=``, else the latest year with verified
    data): one row per member, filtered as the page is (``rapor.filters.LeagueFilter``),
    sortable with ``?sort=``."""

    permission_map = {"get": Permission.VIEW_PUBLIC}

    @extend_schema(
        parameters=[
            OpenApiParameter("sort", OpenApiTypes.STR, description="column, '-' for descending"),
            OpenApiParameter("tahun", OpenApiTypes.INT, description="year (default: latest)"),
            OpenApiParameter("q", OpenApiTypes.STR, description="name or code"),
            OpenApiParameter("provinsi", OpenApiTypes.STR, description="province code"),
            OpenApiParameter("jenis", OpenApiTypes.STR, enum=list(RegencyKind.values)),
            OpenApiParameter("memenuhi", OpenApiTypes.STR, enum=[MEETS, BELOW, UNDECIDED]),
        ],
        responses={200: LEAGUE},
    )
    def get(self, request: Request) -> Response:
        found = LeagueFilter(request.query_params, request=request)
        if not found.is_valid():
            return Response(found.errors, status=400)
        cols = league.columns(request.user)
        rows = league.rows(request.user, found.season, found.qs)
        rows, sort = league.sort_rows(rows, cols, request.query_params.get("sort", "code"))
        keys = [c.key for c in cols]
        return Response(
            plain(
                {
                    "on": today(),
                    "years": [found.season.year],
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
