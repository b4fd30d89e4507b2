"""Award API: editions, methodology versions, results and scorecards (read); nominations
(member staff for their own member, the secretariat for any) and jury scores (jurors)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from akkopsi.accounts.permissions import Permission, actor, can
from akkopsi.awards import access, services
from akkopsi.awards.filters import JuryScoreFilter, NominationFilter
from akkopsi.awards.models import (
    Category,
    Criterion,
    Edition,
    JuryScore,
    MethodologyVersion,
    Nomination,
)
from akkopsi.core.pagecache import ALL
from akkopsi.members.models import Member


def _drf(exc: DjangoValidationError) -> ValidationError:
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


class CriterionSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code", read_only=True, default=None)
    denominator = serializers.CharField(source="denominator.code", read_only=True, default=None)

    class Meta:
        model = Criterion
        fields = [
            "id",
            "code",
            "name",
            "source",
            "indicator",
            "denominator",
            "rubric",
            "direction",
            "transform",
            "normalisation",
            "lower",
            "upper",
            "target",
            "weight",
        ]


class CategorySerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True, read_only=True)

    class Meta:
        model = Category
        fields = [
            "id",
            "code",
            "name",
            "weight",
            "aggregation",
            "missing",
            "min_coverage",
            "weighting",
            "pairwise",
            "criteria",
        ]


class MethodologySerializer(serializers.ModelSerializer):
    categories = CategorySerializer(many=True, read_only=True)
    locked = serializers.BooleanField(source="is_locked", read_only=True)
    index_aggregation = serializers.CharField(read_only=True, help_text="amean or gmean")

    class Meta:
        model = MethodologyVersion
        fields = [
            "id",
            "name",
            "version",
            "based_on",
            "description",
            "index_aggregation",
            "winsorise",
            "category_weighting",
            "category_pairwise",
            "tie_break",
            "max_arrears_days",
            "weight_noise",
            "uncertain_normalisations",
            "uncertain_aggregations",
            "uncertain_imputations",
            "disagreement",
            "locked",
            "categories",
        ]


class EditionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Edition
        fields = [
            "id",
            "year",
            "data_year",
            "methodology",
            "open_categories",
            "nominations_open",
            "nominations_close",
            "jury_closes",
            "announcement",
            "jury_closed",
            "published",
        ]


class NominationSerializer(serializers.ModelSerializer):
    edition = serializers.SlugRelatedField(slug_field="year", queryset=Edition.objects.all())
    member = serializers.SlugRelatedField(slug_field="regency_id", queryset=Member.objects.all())

    class Meta:
        model = Nomination
        fields = [
            "id",
            "edition",
            "member",
            "narrative",
            "eligible",
            "eligibility_note",
            "eligibility_by_hand",
            "created_at",
        ]
        read_only_fields = ["eligible", "eligibility_note", "eligibility_by_hand", "created_at"]
        validators: list[Any] = []  # nominating again replaces the narrative


class JuryScoreSerializer(serializers.ModelSerializer):
    juror = serializers.CharField(source="juror.username", read_only=True)

    class Meta:
        model = JuryScore
        fields = ["id", "nomination", "criterion", "juror", "score", "comment", "updated_at"]
        read_only_fields = ["updated_at"]
        validators: list[Any] = []  # scoring again replaces the score


class MethodologyViewSet(viewsets.ReadOnlyModelViewSet):
    """Methodology versions with their categories and criteria: what is computed."""

    serializer_class = MethodologySerializer
    permission_map = {"list": Permission.VIEW_PUBLIC, "retrieve": Permission.VIEW_PUBLIC}

    def get_queryset(self) -> Any:
        return MethodologyVersion.objects.prefetch_related(
            "categories__criteria__indicator", "categories__criteria__denominator"
        ).order_by("name", "version")


class EditionViewSet(viewsets.ReadOnlyModelViewSet):
    """Editions of the award (by year). ``results`` and ``scorecards/<code>`` give the
    latest computed results: published ones to everyone, unpublished to the secretariat."""

    serializer_class = EditionSerializer
    cache_domains = ALL  # GET answered from the page cache (core.pagecache)
    permission_map = {
        "list": Permission.VIEW_PUBLIC,
        "retrieve": Permission.VIEW_PUBLIC,
        "results": Permission.VIEW_PUBLIC,
        "scorecard": Permission.VIEW_PUBLIC,
    }
    lookup_field = "year"
    lookup_value_regex = r"\d{4}"

    def get_queryset(self) -> Any:
        return Edition.objects.prefetch_related("open_categories").order_by("-year")

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True)
    def results(self, request: Request, year: str) -> Response:
        edition = self.get_object()
        if not access.can_see_results(request.user, edition):
            raise Http404
        run = services.latest_run(edition)
        if run is None:
            raise Http404
        return Response(
            {
                "edition": edition.year,
                "methodology": run.methodology_id,
                "computed_at": run.computed_at,
                "engine_version": run.engine_version,
                "seed": run.seed,
                "replications": run.replications,
                **run.results,
            }
        )

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, url_path=r"scorecards/(?P<code>\d{4})")
    def scorecard(self, request: Request, year: str, code: str) -> Response:
        edition = self.get_object()
        member = Member.objects.filter(regency_id=code).first()
        if member is None or not access.can_see_scorecard(request.user, edition, member):
            raise Http404
        run = services.latest_run(edition)
        units = [] if run is None else run.results["units"]
        unit = next((u for u in units if u["code"] == code), None)
        if unit is None:
            raise Http404
        return Response({"edition": edition.year, "n_units": len(units), **unit})


class NominationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Nominations: member staff see and create their own member's; the secretariat all."""

    serializer_class = NominationSerializer
    filterset_class = NominationFilter
    permission_map = {
        "list": Permission.NOMINATE,
        "retrieve": Permission.NOMINATE,
        "create": Permission.NOMINATE,
    }

    def get_queryset(self) -> Any:
        return access.visible_nominations(self.request.user).order_by("id")

    @extend_schema(
        responses={201: NominationSerializer, 403: OpenApiResponse(description="Not your member")}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        member = ser.validated_data["member"]
        if not can(request.user, Permission.NOMINATE, member):
            raise PermissionDenied
        try:
            nom = services.nominate(
                edition=ser.validated_data["edition"],
                member=member,
                narrative=ser.validated_data["narrative"],
                by=actor(request),
            )
        except DjangoValidationError as exc:
            raise _drf(exc) from exc
        return Response(self.get_serializer(nom).data, status=status.HTTP_201_CREATED)


class JuryScoreViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Jury scores. Blind: a juror lists only their own scores until the jury closes.
    Posting a score for the same nomination and criterion again replaces it."""

    serializer_class = JuryScoreSerializer
    filterset_class = JuryScoreFilter
    permission_map = {"list": Permission.SCORE, "create": Permission.SCORE}

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return JuryScore.objects.none()
        return access.api_scores(self.request.user)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        ser = self.get_serializer(data=request.data)
        ser.is_valid(raise_exception=True)
        try:
            obj = services.score(
                nomination=ser.validated_data["nomination"],
                criterion=ser.validated_data["criterion"],
                value=ser.validated_data["score"],
                comment=ser.validated_data.get("comment", ""),
                by=actor(request),
            )
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except DjangoValidationError as exc:
            raise _drf(exc) from exc
        return Response(self.get_serializer(obj).data, status=status.HTTP_201_CREATED)
