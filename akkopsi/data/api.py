"""Data API: indicators, targets, values and budgets (read, verified only for the public), and
one write endpoint that runs JSON rows through the same importer as files and the web form."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from akkopsi.accounts.permissions import Permission, can, own_member_id
from akkopsi.core.dates import today
from akkopsi.core.pagecache import ALL
from akkopsi.data.filters import ApbdFilter, BudgetFilter, ValueFilter
from akkopsi.data.importing.reading import Cell, Row, Sheet
from akkopsi.data.importing.service import ImportConflict, ImportRefused, commit, dry_run_sheets
from akkopsi.data.models import ApbdTotal, BudgetLine, Indicator, IndicatorValue, NationalTarget
from akkopsi.data.queries import verified
from akkopsi.members.models import Member


class TargetSerializer(serializers.ModelSerializer):
    indicator: serializers.SlugRelatedField[Indicator] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = NationalTarget
        fields = ["indicator", "year", "value", "source"]


class IndicatorSerializer(serializers.ModelSerializer):
    targets = TargetSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name_id",
            "name_en",
            "unit",
            "subsector",
            "kind",
            "direction",
            "min_value",
            "max_value",
            "yoy_threshold",
            "definition",
            "source",
            "active",
            "targets",
        ]


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    """The indicator catalogue with national targets."""

    queryset = Indicator.objects.prefetch_related("targets__indicator")
    serializer_class = IndicatorSerializer
    lookup_field = "code"
    permission_map = {"list": Permission.VIEW_PUBLIC, "retrieve": Permission.VIEW_PUBLIC}


class TargetViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = NationalTarget.objects.select_related("indicator")
    serializer_class = TargetSerializer
    filterset_fields = ["year"]
    permission_map = {"list": Permission.VIEW_PUBLIC, "retrieve": Permission.VIEW_PUBLIC}


class ValueSerializer(serializers.ModelSerializer):
    member = serializers.CharField(source="member.regency_id")
    indicator = serializers.CharField(source="indicator.code")

    class Meta:
        model = IndicatorValue
        fields = ["member", "indicator", "year", "value", "comment"]


class BudgetSerializer(serializers.ModelSerializer):
    member = serializers.CharField(source="member.regency_id")

    class Meta:
        model = BudgetLine
        fields = ["member", "year", "subsector", "source", "stage", "amount"]


class ApbdSerializer(serializers.ModelSerializer):
    member = serializers.CharField(source="member.regency_id")

    class Meta:
        model = ApbdTotal
        fields = ["member", "year", "stage", "amount"]


class _Scoped(viewsets.ReadOnlyModelViewSet):
    """Verified data for everyone; the own member's unverified data for its staff; all for the secretariat."""

    cache_domains = ALL  # GET answered from the page cache (core.pagecache)

    permission_map = {"list": Permission.VIEW_PUBLIC, "retrieve": Permission.VIEW_PUBLIC}

    def scope(self, qs: Any) -> Any:
        user = self.request.user
        if can(user, Permission.VERIFY_DATA):
            return qs
        return verified(qs, member_id=own_member_id(user))


class IndicatorValueViewSet(_Scoped):
    serializer_class = ValueSerializer
    filterset_class = ValueFilter

    def get_queryset(self) -> Any:
        return self.scope(
            IndicatorValue.objects.select_related("member", "indicator").order_by(
                "member__regency_id", "indicator__position", "year"
            )
        )


class BudgetLineViewSet(_Scoped):
    serializer_class = BudgetSerializer
    filterset_class = BudgetFilter

    def get_queryset(self) -> Any:
        return self.scope(
            BudgetLine.objects.select_related("member").order_by(
                "member__regency_id", "year", "subsector", "source", "stage"
            )
        )


class ApbdTotalViewSet(_Scoped):
    serializer_class = ApbdSerializer
    filterset_class = ApbdFilter

    def get_queryset(self) -> Any:
        return self.scope(
            ApbdTotal.objects.select_related("member").order_by(
                "member__regency_id", "year", "stage"
            )
        )


class ValueIn(serializers.Serializer):
    kode = serializers.CharField()
    tahun = serializers.CharField()
    indikator = serializers.CharField()
    nilai = serializers.CharField()
    komentar = serializers.CharField(required=False, allow_blank=True)


class BudgetIn(serializers.Serializer):
    kode = serializers.CharField()
    tahun = serializers.CharField()
    subsektor = serializers.CharField()
    sumber = serializers.CharField()
    tahap = serializers.CharField()
    nilai = serializers.CharField()


class ApbdIn(serializers.Serializer):
    kode = serializers.CharField()
    tahun = serializers.CharField()
    tahap = serializers.CharField()
    apbd = serializers.CharField()


class ImportIn(serializers.Serializer):
    values = ValueIn(many=True, required=False)
    budget = BudgetIn(many=True, required=False)
    apbd = ApbdIn(many=True, required=False)
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    dry_run = serializers.BooleanField(required=False, default=False)
    fingerprint = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="The `fingerprint` of a dry run: the write is refused (409) when the data "
        "it compared against changed since.",
    )


def _sheet(name: str, header: list[str], rows: list[dict[str, Any]]) -> Sheet:
    return Sheet(
        name=name,
        header=header,
        rows=[
            Row(i, {k: Cell(f"{name}[{i}].{k}", v) for k, v in row.items()})
            for i, row in enumerate(rows)
        ],
    )


class DataImportView(APIView):
    """Write a member's draft data: the same checks as uploads and the form.

    Numbers are strings, read as in spreadsheets ("80,5", "1.250.000.000,50"). With
    ``dry_run`` nothing is written. Problems name the item: ``values[3].nilai``. A write whose
    rows changed meanwhile (since its own check, or since the dry run whose ``fingerprint`` it
    sends) is refused with 409 and writes nothing.
    """

    permission_map = {"post": Permission.SUBMIT_DATA}

    @extend_schema(
        request=ImportIn,
        responses={
            200: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="Dry run: counts, errors and warnings; nothing written.",
            ),
            201: OpenApiResponse(
                OpenApiTypes.OBJECT, description="Written: counts and the import record's id."
            ),
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="Refused: `errors` lists every problem, or field errors when the payload's shape is wrong.",
            ),
            409: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="Refused: the data changed since the dry run (or during this request); nothing written.",
            ),
        },
    )
    def post(self, request: Any) -> Response:
        incoming = ImportIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        sheets = [
            _sheet(
                "values",
                ["kode", "tahun", "indikator", "nilai", "komentar"],
                data.get("values", []),
            ),
            _sheet(
                "budget",
                ["kode", "tahun", "subsektor", "sumber", "tahap", "nilai"],
                data.get("budget", []),
            ),
            _sheet("apbd", ["kode", "tahun", "tahap", "apbd"], data.get("apbd", [])),
        ]
        preview = dry_run_sheets(
            [s for s in sheets if s.rows], request.user, current_year=today().year
        )
        body: dict[str, Any] = {
            **preview.counts(),
            **preview.listing(),
            "fingerprint": preview.fingerprint,
        }
        if not preview.ok:
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        if data["dry_run"]:
            return Response(body)
        own = own_member_id(request.user)
        try:
            batch = commit(
                preview,
                by=request.user,
                filename="API",
                comment=data["comment"],
                member=Member.objects.get(pk=own) if own else None,
                expected=[(preview.scope, data["fingerprint"])] if data["fingerprint"] else None,
            )
        except ImportConflict as conflict:
            return Response(
                {**body, "errors": [str(p) for p in conflict.preview.errors]},
                status=status.HTTP_409_CONFLICT,
            )
        except ImportRefused as refused:
            return Response(
                {**body, "errors": refused.preview.listing()["errors"]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(
            {
                **body,
                "batch": batch.pk,
                "created": batch.created,
                "changed": batch.changed,
                "unchanged": batch.unchanged,
            },
            status=status.HTTP_201_CREATED,
        )
