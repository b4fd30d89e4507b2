from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import APIRootView, DefaultRouter

from akkopsi.accounts.api import ObtainTokenView
from akkopsi.accounts.permissions import Permission
from akkopsi.awards.api import (
    EditionViewSet,
    JuryScoreViewSet,
    MethodologyViewSet,
    NominationViewSet,
)
from akkopsi.bulletin.api import ArticleViewSet as BulletinArticleViewSet
from akkopsi.bulletin.api import EditionViewSet as BulletinEditionViewSet
from akkopsi.coordination.api import (
    ActionItemViewSet,
    AdvocacyVisitViewSet,
    BoardViewSet,
    DelegateViewSet,
    DivisionViewSet,
    MeetingViewSet,
    ProgrammeActivityViewSet,
    SummitViewSet,
    WorkingGroupViewSet,
)
from akkopsi.data.api import (
    ApbdTotalViewSet,
    BudgetLineViewSet,
    DataImportView,
    IndicatorValueViewSet,
    IndicatorViewSet,
    TargetViewSet,
)
from akkopsi.dues.api import (
    InvoiceViewSet,
    PaymentNoticeViewSet,
    PaymentViewSet,
    StatementViewSet,
    WaiverRequestViewSet,
)
from akkopsi.jobs.api import JobViewSet
from akkopsi.members.api import MemberViewSet
from akkopsi.planning.api import MemberCatalogueView, PlanViewSet, ScenarioViewSet
from akkopsi.rapor.api import LeagueView, ReportView
from akkopsi.regions.api import PopulationViewSet, ProvinceViewSet, RegencyViewSet


class APIRoot(APIRootView):
    """Akkopsi Platform API. Schema: /api/schema/; documentation: /api/docs/."""

    permission_map = {"get": Permission.VIEW_PUBLIC}


class Router(DefaultRouter):
    APIRootView = APIRoot


router = Router()
router.register("jobs", JobViewSet, basename="job")
router.register("provinces", ProvinceViewSet, basename="province")
router.register("regencies", RegencyViewSet, basename="regency")
router.register("population", PopulationViewSet, basename="population")
router.register("members", MemberViewSet, basename="member")
router.register("dues/invoices", InvoiceViewSet, basename="dues-invoice")
router.register("dues/payments", PaymentViewSet, basename="dues-payment")
router.register("dues/payment-notices", PaymentNoticeViewSet, basename="dues-payment-notice")
router.register("dues/waiver-requests", WaiverRequestViewSet, basename="dues-waiver-request")
router.register("dues/statements", StatementViewSet, basename="dues-statement")
router.register("awards/editions", EditionViewSet, basename="award-edition")
router.register("awards/methodologies", MethodologyViewSet, basename="award-methodology")
router.register("awards/nominations", NominationViewSet, basename="award-nomination")
router.register("awards/jury-scores", JuryScoreViewSet, basename="award-jury-score")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("targets", TargetViewSet, basename="target")
router.register("values", IndicatorValueViewSet, basename="value")
router.register("budget-lines", BudgetLineViewSet, basename="budgetline")
router.register("apbd-totals", ApbdTotalViewSet, basename="apbdtotal")
router.register("plans", PlanViewSet, basename="plan")
router.register("plan-scenarios", ScenarioViewSet, basename="plan-scenario")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("actions", ActionItemViewSet, basename="action")
router.register("summits", SummitViewSet, basename="summit")
router.register("summit-delegates", DelegateViewSet, basename="summit-delegate")
router.register("board", BoardViewSet, basename="board")
router.register("bulletin/editions", BulletinEditionViewSet, basename="bulletin-edition")
router.register("bulletin/articles", BulletinArticleViewSet, basename="bulletin-article")
router.register("divisions", DivisionViewSet, basename="division")
router.register("programme", ProgrammeActivityViewSet, basename="programme-activity")
router.register("working-groups", WorkingGroupViewSet, basename="working-group")
router.register("advocacy", AdvocacyVisitViewSet, basename="advocacy-visit")

urlpatterns = [
    path("token/", ObtainTokenView.as_view(), name="api-token"),
    path("data/import/", DataImportView.as_view(), name="api-data-import"),
    path("rapor/liga/", LeagueView.as_view(), name="rapor-api-league"),
    path("rapor/<str:code>/", ReportView.as_view(), name="rapor-api-report"),
    path(
        "plan-catalogue/<str:code>/",
        MemberCatalogueView.as_view(),
        name="plan-catalogue",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include(router.urls)),
]
