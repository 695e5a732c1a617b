from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from units.admin_scope import ScopedAdminMixin, SuperuserOnlyAdmin

from .models import (
    Deadline,
    Extension,
    Notification,
    Reminder,
    Report,
    ReportAttachment,
    ReportEvent,
)


@admin.register(Deadline)
class DeadlineAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["unit", "period_label", "due_on", "extended_to", "submitted_at"]
    list_filter = ["due_on"]
    search_fields = ["unit__name", "period_label", "duty__phrase"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["duty"]


@admin.register(Report)
class ReportAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["deadline", "status", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["deadline__unit__name"]
    raw_id_fields = ["deadline"]


@admin.register(Reminder)
class ReminderAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["deadline", "step", "recipient", "status", "due_at", "sent_at", "attempts"]
    list_filter = ["status", "step", "escalation"]
    search_fields = ["recipient__username", "deadline__unit__name"]
    raw_id_fields = ["deadline", "recipient"]


@admin.register(Notification)
class NotificationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "recipient", "created_at", "read_at"]
    search_fields = ["title", "recipient__username"]
    raw_id_fields = ["recipient", "reminder"]


@admin.register(ReportEvent)
class ReportEventAdmin(SuperuserOnlyAdmin):
    list_display = ["report", "action", "actor", "at"]
    list_filter = ["action"]
    raw_id_fields = ["report", "actor"]


@admin.register(Extension)
class ExtensionAdmin(SuperuserOnlyAdmin):
    list_display = ["deadline", "requested_until", "status", "requested_by", "decided_by"]
    list_filter = ["status"]
    raw_id_fields = ["deadline", "requested_by", "decided_by"]


@admin.register(ReportAttachment)
class ReportAttachmentAdmin(SuperuserOnlyAdmin):
    list_display = ["original_name", "report", "content_type", "size", "created_at"]
    raw_id_fields = ["report", "uploaded_by"]
