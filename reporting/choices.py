from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã nộp")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Đã tiếp nhận")


class ReminderStep(models.TextChoices):
    """When a reminder goes out, relative to the deadline (in days)."""

    BEFORE_7 = "before_7", _("Trước 7 ngày")
    BEFORE_3 = "before_3", _("Trước 3 ngày")
    BEFORE_1 = "before_1", _("Trước 1 ngày")
    ON_DAY = "on_day", _("Đúng hạn")
    AFTER_1 = "after_1", _("Quá hạn 1 ngày")
    AFTER_3 = "after_3", _("Quá hạn 3 ngày")

    @property
    def offset(self) -> int:
        """Days from the named date X of "trước ngày X" to the day the reminder goes out.

        "Trước ngày 07/3" leaves n whole days (…, 06/3) on the morning of X - (n + 1): the
        "3 days left" reminder goes out on 03/3. "On the day" is X itself, and the overdue
        reminders follow on X + 1 and X + 3.
        """
        return {
            "before_7": -8,
            "before_3": -4,
            "before_1": -2,
            "on_day": 0,
            "after_1": 1,
            "after_3": 3,
        }[self.value]

    @property
    def escalates(self) -> bool:
        """Overdue steps also go to the leaders of the superior unit."""
        return self.offset > 0


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
