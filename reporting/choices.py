from django.db import models
from django.utils.translation import gettext_lazy as _

from directives.choices import ReminderStep

__all__ = [
    "DeliveryStatus",
    "ExtensionStatus",
    "ReminderStatus",
    "ReminderStep",
    "ReportStatus",
    "Timeliness",
]


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã nộp")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Đã tiếp nhận")


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    CANCELLED = "cancelled", _("Đã hủy")
    FAILED = "failed", _("Gửi lỗi")


class Timeliness(models.TextChoices):
    ON_TIME = "on_time", _("Nộp đúng hạn")
    LATE = "late", _("Nộp muộn")
    NOT_DUE = "not_due", _("Chưa đến hạn")
    OVERDUE = "overdue", _("Quá hạn chưa nộp")


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xét")
    GRANTED = "granted", _("Đồng ý")
    REFUSED = "refused", _("Không đồng ý")


class DeliveryStatus(models.TextChoices):
    """One reminder through one transport (the bell, e-mail, webhook)."""

    PENDING = "pending", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    SKIPPED = "skipped", _("Bỏ qua")  # no address, recipient deactivated or deleted
    CANCELLED = "cancelled", _("Đã hủy")  # the report was submitted first
    DEAD = "dead", _("Gửi lỗi, chờ xử lý")  # permanent error or retries used up
