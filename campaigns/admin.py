from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import Activity, Evidence, ImportBatch


class EvidenceInline(admin.TabularInline):
    model = Evidence
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    extra = 0
    readonly_fields = [
        "kind",
        "original_name",
        "content_type",
        "size",
        "sha256",
        "captured_at",
        "url",
    ]
    exclude = ["file"]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "unit", "channel", "quantity", "started_on", "locked"]
    list_filter = ["channel", "locked", "started_on"]
    search_fields = ["title", "description", "unit__name"]
    autocomplete_fields = ["assignment", "plan", "unit", "place"]
    readonly_fields = ["unit_path", "root", "search_text", "created_by"]
    date_hierarchy = "started_on"
    inlines = [EvidenceInline]
    list_select_related = ["unit", "channel"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).visible_to(request.user)


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["__str__", "activity", "kind", "content_type", "size"]
    list_filter = ["kind", "content_type"]
    search_fields = ["original_name", "url"]
    readonly_fields = ["file", "sha256", "captured_at"]
    autocomplete_fields = ["activity"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).visible_to(request.user)


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["file_name", "plan", "created_by", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["file_name"]
    readonly_fields = ["rows", "errors"]
