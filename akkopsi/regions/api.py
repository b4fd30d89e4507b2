from __future__ import annotations

from typing import Any

from rest_framework import mixins, serializers, viewsets

from akkopsi.accounts.permissions import Permission
from akkopsi.regions.filters import RegencyFilter
from akkopsi.regions.models import Population, Province, Regency


class ProvinceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["code", "name"]


class RegencySerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = Regency
        fields = ["code", "name", "display_name", "kind", "province"]


class ProvinceViewSet(viewsets.ReadOnlyModelViewSet):
    """The 38 provinces with their Kemendagri codes."""

    queryset = Province.objects.all()
    serializer_class = ProvinceSerializer
    lookup_field = "code"
    permission_map = {"list": Permission.VIEW_PUBLIC, "retrieve": Permission.VIEW_PUBLIC}


class RegencyViewSet(viewsets.ReadOnlyModelViewSet):
    """The 514 kabupaten/kota with their Kemendagri codes."""

    queryset = Regency.objects.all()
    serializer_class = RegencySerializer
    filterset_class = RegencyFilter
    lookup_field = "code"
    permission_map = {"list": Permission.VIEW_PUBLIC, "retrieve": Permission.VIEW_PUBLIC}


class PopulationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Population
        fields = ["id", "regency", "year", "population", "source"]


class PopulationViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """Population by kabupaten/kota and year. The secretariat records it."""

    queryset = Population.objects.all()
    serializer_class = PopulationSerializer
    filterset_fields = ["regency", "year"]
    permission_map = {
        "list": Permission.VIEW_PUBLIC,
        "create": Permission.MANAGE_REGIONS,
        "update": Permission.MANAGE_REGIONS,
        "partial_update": Permission.MANAGE_REGIONS,
    }

    def perform_create(self, serializer: Any) -> None:
        serializer.save()

    def perform_update(self, serializer: Any) -> None:
        serializer.instance._history_user = self.request.user
        serializer.save()
