from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from units.admin_scope import ScopedAdminMixin, ScopedInlineMixin

from .models import Activity, Evidence, ImportBatch


class EvidenceInline(ScopedInlineMixin, admin.TabularInline[Evidence, Activity]):
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
class ActivityAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    # A unit admin corrects their units' activities until a submitted report counts them.
    owner_path = "unit_path"
    editable_state = Q(locked=False)
    unit_admin_actions = frozenset({"change", "delete"})
    state_fields = ("locked",)
    list_display = ["title", "unit", "channel", "quantity", "started_on", "locked"]
    list_filter = ["channel", "locked", "started_on"]
    search_fields = ["title", "description", "unit__name"]
    autocomplete_fields = ["assignment", "plan", "unit", "place"]
    # Who logged what, where and against which assignment is fixed by the service; the
    # admin corrects the rest. Activities are logged on the portal's pages, not here.
    readonly_fields = [
        "assignment",
        "plan",
        "unit",
        "unit_path",
        "root",
        "search_text",
        "created_by",
    ]
    date_hierarchy = "started_on"
    inlines = [EvidenceInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    list_select_related = ["unit", "channel"]


@admin.register(Evidence)
class EvidenceAdmin(ScopedAdminMixin, admin.ModelAdmin[Evidence]):
    owner_path = "activity__unit_path"
    editable_state = Q(activity__locked=False)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["__str__", "activity", "kind", "content_type", "size"]
    list_filter = ["kind", "content_type"]
    search_fields = ["original_name", "url"]
    readonly_fields = ["file", "sha256", "captured_at"]
    autocomplete_fields = ["activity"]


@admin.register(ImportBatch)
class ImportBatchAdmin(ScopedAdminMixin, admin.ModelAdmin[ImportBatch]):
    # No owner: an upload's rows and status belong to the import workflow.
    list_display = ["file_name", "plan", "created_by", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["file_name"]
    readonly_fields = ["rows", "errors"]
