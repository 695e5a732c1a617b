"""The REST API under /api/v1/ (token or session auth) and its OpenAPI schema."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from campaigns.api.views import ActivityViewSet
from dashboard.api import PlanStatusView
from directives.api import AssignmentViewSet, DocumentViewSet, PlanViewSet
from reporting.api import DeadlineViewSet, NotificationViewSet, ReportViewSet
from units.api import UnitViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("documents", DocumentViewSet, basename="document")
router.register("plans", PlanViewSet, basename="plan")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("activities", ActivityViewSet, basename="activity")
router.register("deadlines", DeadlineViewSet, basename="deadline")
router.register("reports", ReportViewSet, basename="report")
router.register("notifications", NotificationViewSet, basename="notification")

urlpatterns = [
    path("v1/plans/<id:pk>/status/", PlanStatusView.as_view(), name="plan-status"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]
