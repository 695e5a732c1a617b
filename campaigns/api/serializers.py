from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework import serializers

from common.filters import pickable
from common.types import person
from directives.models import Assignment, AudienceGroup, Channel
from units.models import Unit

from ..models import MAX_PEOPLE, MAX_QUANTITY, Activity, Evidence
from ..services import ACTIVITY_FIELDS, activity_log, activity_update

# The activity's own fields, as the form and the services name them, but the place (a ward
# chosen from a list on the page; the API offers only the free-text place yet).
WRITABLE = tuple(name for name in ACTIVITY_FIELDS if name != "place")


class EvidenceSerializer(serializers.ModelSerializer[Evidence]):
    download = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = [
            "id",
            "kind",
            "original_name",
            "content_type",
            "size",
            "captured_at",
            "url",
            "download",
        ]
        read_only_fields = fields

    def get_download(self, obj: Evidence) -> str | None:
        if not obj.file:
            return None
        return reverse("campaigns:evidence_file", args=[obj.activity_id, obj.pk])


class ActivitySerializer(serializers.ModelSerializer[Activity]):
    channel = serializers.SlugRelatedField(
        slug_field="code", queryset=Channel.objects.filter(is_active=True)
    )
    audiences = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=AudienceGroup.objects.all(), required=False
    )
    quantity = serializers.IntegerField(min_value=0, max_value=MAX_QUANTITY)
    participants = serializers.IntegerField(
        min_value=0, max_value=MAX_PEOPLE, required=False, allow_null=True
    )
    reach = serializers.IntegerField(
        min_value=0, max_value=MAX_PEOPLE, required=False, allow_null=True
    )
    views = serializers.IntegerField(
        min_value=0, max_value=MAX_PEOPLE, required=False, allow_null=True
    )
    links = serializers.ListField(
        child=serializers.URLField(max_length=1000), write_only=True, required=False, max_length=50
    )
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = [
            "id",
            "assignment",
            "plan",
            "unit",
            *WRITABLE,
            "audiences",
            "links",
            "evidence",
            "locked",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["plan", "locked", "created_at", "updated_at"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Lookups within what the user sees; who may log what is the service's rule.
            # (`fields` holds plain Fields to the checker; these two are related fields.)
            assignments = pickable(request.user, Assignment).select_related("plan__document")
            self.fields["assignment"].queryset = assignments  # type: ignore[attr-defined]
            self.fields["unit"].queryset = pickable(request.user, Unit)  # type: ignore[attr-defined]
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            self.fields["assignment"].read_only = True
            self.fields["unit"].read_only = True

    def _activity_fields(self, validated: dict[str, Any]) -> dict[str, Any]:
        return {name: validated[name] for name in WRITABLE if name in validated}

    def create(self, validated: dict[str, Any]) -> Activity:
        try:
            return activity_log(
                user=person(self.context["request"]),
                assignment=validated["assignment"],
                unit=validated["unit"],
                data=self._activity_fields(validated),
                audiences=validated.get("audiences", []),
                links=validated.get("links", []),
            )
        except PermissionDenied as exc:
            raise serializers.ValidationError({"unit": [str(exc)]}) from exc

    def update(self, instance: Activity, validated: dict[str, Any]) -> Activity:
        return activity_update(
            user=person(self.context["request"]),
            activity=instance,
            data=self._activity_fields(validated),
            audiences=validated.get("audiences"),
            links=validated.get("links", []),
        )


# How many activities a group holds and their summed figures; a subclass names the group (a
# channel here, a channel under a unit in the dashboard's plan status). A comment, not a
# docstring: drf-spectacular would print it as the description of every subclass.
class ActivitySumsSerializer(serializers.Serializer[dict[str, Any]]):
    count = serializers.IntegerField()
    quantity = serializers.IntegerField()
    participants = serializers.IntegerField()
    reach = serializers.IntegerField()


class TotalSerializer(ActivitySumsSerializer):
    channel = serializers.IntegerField()
    channel_name = serializers.CharField()
    measure = serializers.CharField()
    views = serializers.IntegerField()
