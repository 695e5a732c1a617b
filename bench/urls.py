"""The portal's URLs plus floor views: the same mechanism with no project code on top."""

import json

from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from campaigns.models import Activity
from units.models import Unit


@csrf_exempt
def create_floor(request: HttpRequest) -> JsonResponse:
    """Parse JSON and insert one activity row: no auth, no validation, no history."""
    data = json.loads(request.body)
    unit = Unit.objects.only("path").get(pk=data["unit"])
    activity = Activity.objects.create(
        assignment_id=data["assignment"],
        plan_id=data["plan"],
        unit_id=unit.pk,
        unit_path=unit.path,
        root_id=int(unit.path[:8]),
        channel_id=data["channel_id"],
        title=data["title"],
        started_on=data["started_on"],
        quantity=data["quantity"],
    )
    return JsonResponse({"id": activity.pk}, status=201)


urlpatterns = [
    path("bench/create-floor/", create_floor),
    path("", include("config.urls")),
]
