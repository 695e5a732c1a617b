from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from rest_framework import serializers

from common.api import as_drf_error
from directives.models import Assignment, AudienceGroup, Channel
from units.models import Unit

from ..models import MAX_PEOPLE, MAX_QUANTITY, Activity, Evidence
from ..services import activity_log, activity_update


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
            "channel",
            "title",
            "description",
            "started_on",
            "ended_on",
            "quantity",
            "participants",
            "reach",
            "views",
            "audiences",
            "place_text",
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
            self.fields["assignment"].queryset = Assignment.objects.visible_to(
                request.user
            ).select_related(  # type: ignore[attr-defined]
                "plan__document"
            )
            self.fields["unit"].queryset = Unit.objects.visible_to(request.user)  # type: ignore[attr-defined]
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            self.fields["assignment"].read_only = True
            self.fields["unit"].read_only = True

    def _activity_fields(self, validated: dict[str, Any]) -> dict[str, Any]:
        names = (
            "channel",
            "title",
            "description",
            "started_on",
            "ended_on",
            "quantity",
            "participants",
            "reach",
            "views",
            "place_text",
        )
        return {name: validated[name] for name in names if name in validated}

    def create(self, validated: dict[str, Any]) -> Activity:
        try:
            return activity_log(
                user=self.context["request"].user,
                assignment=validated["assignment"],
                unit=validated["unit"],
                data=self._activity_fields(validated),
                audiences=validated.get("audiences", []),
                links=validated.get("links", []),
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc
        except PermissionDenied as exc:
            raise serializers.ValidationError({"unit": [str(exc)]}) from exc

    def update(self, instance: Activity, validated: dict[str, Any]) -> Activity:
        try:
            return activity_update(
                user=self.context["request"].user,
                activity=instance,
                data=self._activity_fields(validated),
                audiences=validated.get("audiences"),
                links=validated.get("links", []),
            )
        except DjangoValidationError as exc:
            raise as_drf_error(exc) from exc


class TotalSerializer(serializers.Serializer[dict[str, Any]]):
    channel = serializers.IntegerField()
    channel_name = serializers.CharField()
    measure = serializers.CharField()
    count = serializers.IntegerField()
    quantity = serializers.IntegerField()
    participants = serializers.IntegerField()
    reach = serializers.IntegerField()
    views = serializers.IntegerField()
