from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from akkopsi.accounts.api import ObtainTokenView
from akkopsi.accounts.permissions import Permission
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

urlpatterns = [
    path("token/", ObtainTokenView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]
