"""The REST API under /api/v1/ (token or session auth) and its OpenAPI schema."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from campaigns.api.views import ActivityViewSet
from reporting.api import DeadlineViewSet

router = DefaultRouter()
router.register("activities", ActivityViewSet, basename="activity")
router.register("deadlines", DeadlineViewSet, basename="deadline")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
