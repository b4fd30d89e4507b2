from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from akkopsi.accounts.api import ObtainTokenView
from akkopsi.accounts.permissions import Permission
from akkopsi.data.api import (
    ApbdTotalViewSet,
    BudgetLineViewSet,
    DataImportView,
    IndicatorValueViewSet,
    IndicatorViewSet,
    TargetViewSet,
)
from akkopsi.members.api import MemberViewSet
from akkopsi.regions.api import PopulationViewSet, ProvinceViewSet, RegencyViewSet


class APIRoot(DefaultRouter.APIRootView):
    """Akkopsi Platform API. Schema: /api/schema/; documentation: /api/docs/."""

    permission_map = {"get": Permission.VIEW_PUBLIC}


class Router(DefaultRouter):
    APIRootView = APIRoot


router = Router()
router.register("provinces", ProvinceViewSet, basename="province")
router.register("regencies", RegencyViewSet, basename="regency")
router.register("population", PopulationViewSet, basename="population")
router.register("members", MemberViewSet, basename="member")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("targets", TargetViewSet, basename="target")
router.register("values", IndicatorValueViewSet, basename="value")
router.register("budget-lines", BudgetLineViewSet, basename="budgetline")
router.register("apbd-totals", ApbdTotalViewSet, basename="apbdtotal")

urlpatterns = [
    path("token/", ObtainTokenView.as_view(), name="api-token"),
    path("data/import/", DataImportView.as_view(), name="api-data-import"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]
