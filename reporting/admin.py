from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import Deadline, Extension, Notification, Reminder, Report, ReportEvent


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = ["unit", "period_label", "due_on", "extended_to", "submitted_at"]
    list_filter = ["due_on"]
    search_fields = ["unit__name", "period_label", "duty__phrase"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["duty"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).visible_to(request.user)


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ["deadline", "status", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["deadline__unit__name"]
    raw_id_fields = ["deadline"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).visible_to(request.user)


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["deadline", "step", "recipient", "status", "due_at", "sent_at", "attempts"]
    list_filter = ["status", "step", "escalation"]
    search_fields = ["recipient__username", "deadline__unit__name"]
    raw_id_fields = ["deadline", "recipient"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "created_at", "read_at"]
    search_fields = ["title", "recipient__username"]
    raw_id_fields = ["recipient", "reminder"]


@admin.register(ReportEvent)
class ReportEventAdmin(admin.ModelAdmin):
    list_display = ["report", "action", "actor", "at"]
    list_filter = ["action"]
    raw_id_fields = ["report", "actor"]


@admin.register(Extension)
class ExtensionAdmin(admin.ModelAdmin):
    list_display = ["deadline", "requested_until", "status", "requested_by", "decided_by"]
    list_filter = ["status"]
    raw_id_fields = ["deadline", "requested_by", "decided_by"]
