"""The REST API under /api/v1/ (token or session auth) and its OpenAPI schema."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from campaigns.api.views import ActivityViewSet
from common.api import api_not_found
from dashboard.api import PlanStatusView
from directives.api import AssignmentViewSet, DocumentViewSet, PlanViewSet
from reporting.api import DeadlineViewSet, NotificationViewSet, ReportViewSet
from units.accounts.api import ApiTokenViewSet, LoginView, LogoutView
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
router.register("auth/tokens", ApiTokenViewSet, basename="api-token")

urlpatterns = [
    path("v1/plans/<id:pk>/status/", PlanStatusView.as_view(), name="plan-status"),
    path("v1/auth/login/", LoginView.as_view(), name="api-login"),
    path("v1/auth/logout/", LogoutView.as_view(), name="api-logout"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: the CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    # Last: any other address under /api/ (an id that is not a number, say) is a JSON 404
    # like every other answer of the API. Only addresses ending in "/": without it, Django
    # still redirects to the address with the slash first (APPEND_SLASH).
    re_path(r"^[\s\S]*/$", api_not_found),
]
