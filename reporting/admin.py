from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from units.admin_scope import ScopedAdminMixin, SuperuserOnlyAdmin

from . import models
from .deliveries import deliveries_retry


@admin.register(models.Deadline)
class DeadlineAdmin(ScopedAdminMixin, admin.ModelAdmin[models.Deadline]):
    list_display = ["unit", "period_label", "due_on", "extended_to", "submitted_at"]
    list_filter = ["due_on"]
    search_fields = ["unit__name", "period_label", "duty__phrase"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["duty"]


@admin.register(models.Report)
class ReportAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ["deadline", "status", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["deadline__unit__name"]
    raw_id_fields = ["deadline"]


@admin.register(models.Reminder)
class ReminderAdmin(ScopedAdminMixin, admin.ModelAdmin[models.Reminder]):
    list_display = ["deadline", "step", "recipient", "status", "due_at", "sent_at", "attempts"]
    list_filter = ["status", "step", "escalation"]
    search_fields = ["recipient__username", "deadline__unit__name"]
    raw_id_fields = ["deadline", "recipient"]


@admin.register(models.Delivery)
class DeliveryAdmin(SuperuserOnlyAdmin):
    """Dead letters (status "dead") are listed here and sent again with the action."""

    list_display = [
        "key",
        "transport",
        "round",
        "status",
        "next_attempt_at",
        "sent_at",
        "attempts",
        "last_error",
    ]
    list_filter = ["status", "transport"]
    search_fields = ["key", "last_error"]
    raw_id_fields = ["reminder"]
    actions = ["retry_dead_letters"]

    @admin.action(description=gettext_lazy("Gửi lại các lần gửi lỗi đã chọn"))
    def retry_dead_letters(self, request: HttpRequest, queryset: QuerySet[models.Delivery]) -> None:
        retried = deliveries_retry(ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            _("Đã xếp %(n)s lần gửi vào hàng chờ; lượt nhắc hạn tiếp theo sẽ gửi lại.")
            % {"n": retried},
        )


@admin.register(models.Notification)
class NotificationAdmin(ScopedAdminMixin, admin.ModelAdmin[models.Notification]):
    list_display = ["title", "recipient", "created_at", "read_at"]
    search_fields = ["title", "recipient__username"]
    raw_id_fields = ["recipient", "reminder"]


@admin.register(models.ReportEvent)
class ReportEventAdmin(SuperuserOnlyAdmin):
    list_display = ["report", "action", "actor", "at"]
    list_filter = ["action"]
    raw_id_fields = ["report", "actor"]


@admin.register(models.Extension)
class ExtensionAdmin(SuperuserOnlyAdmin):
    list_display = ["deadline", "requested_until", "status", "requested_by", "decided_by"]
    list_filter = ["status"]
    raw_id_fields = ["deadline", "requested_by", "decided_by"]


@admin.register(models.ReportAttachment)
class ReportAttachmentAdmin(SuperuserOnlyAdmin):
    list_display = ["original_name", "report", "content_type", "size", "created_at"]
    raw_id_fields = ["report", "uploaded_by"]
