"""Reporting: deadlines per (duty, period, unit), reports, reminders and notifications."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from directives.models import ReportingDuty
from units.models import Unit

from .choices import (
    DeliveryStatus,
    ExtensionStatus,
    ReminderStatus,
    ReminderStep,
    ReportStatus,
)
from .querysets import DeadlineQuerySet, OwnQuerySet, ReportQuerySet


class Deadline(models.Model):
    """One unit's obligation to report for one period of a duty, by `due_on`."""

    duty = models.ForeignKey(
        ReportingDuty,
        verbose_name=_("yêu cầu báo cáo"),
        on_delete=models.CASCADE,
        related_name="deadlines",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT, related_name="deadlines"
    )
    period_start = models.DateField(_("kỳ từ ngày"))
    period_end = models.DateField(_("kỳ đến ngày"))
    period_label = models.CharField(_("kỳ báo cáo"), max_length=60)
    data_start = models.DateField(
        _("số liệu từ ngày"), null=True, blank=True, help_text=_("Trống: từ đầu kỳ.")
    )
    data_end = models.DateField(
        _("số liệu đến ngày"), null=True, blank=True, help_text=_("Trống: đến cuối kỳ.")
    )
    due_on = models.DateField(_("hạn nộp"), db_index=True)
    extended_to = models.DateField(_("hạn được gia hạn"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("hạn báo cáo")
        verbose_name_plural = _("hạn báo cáo")
        ordering = ["due_on", "unit_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["duty", "unit", "period_start"],
                name="deadline_unique_period",
                violation_error_message=_("Đơn vị đã có hạn báo cáo cho kỳ này."),
            ),
        ]
        indexes = [models.Index(fields=["unit", "due_on"], name="deadline_unit_due")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.period_label} — {self.due_on:%d/%m/%Y}"

    @property
    def effective_due_on(self) -> date:
        return self.extended_to or self.due_on

    @property
    def data_from(self) -> date:
        """First day of the figures a report counts (Decree 09/2019 window or the period)."""
        return self.data_start or self.period_start

    @property
    def data_until(self) -> date:
        return self.data_end or self.period_end


class Report(models.Model):
    """A unit's report for one deadline."""

    deadline = models.OneToOneField(
        Deadline, verbose_name=_("hạn báo cáo"), on_delete=models.PROTECT, related_name="report"
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    results = models.TextField(_("kết quả đạt được"), blank=True)
    shortcomings = models.TextField(_("hạn chế, nguyên nhân"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    figures = models.JSONField(_("số liệu theo hình thức"), default=list, blank=True)
    late_units = models.JSONField(_("đơn vị chậm, chưa báo cáo"), default=list, blank=True)
    returned_reason = models.TextField(_("lý do trả lại"), blank=True)
    accepted_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người soạn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    history = HistoricalRecords()
    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")

    def __str__(self) -> str:
        return f"{self.deadline} ({self.get_status_display()})"


class Reminder(models.Model):
    """One reminder to one person for one step of one deadline, sent exactly once.

    The unique key (deadline, step, recipient) and the claim by conditional UPDATE on
    `status` make a sweep safe to run twice, in parallel, or after a crash.
    """

    deadline = models.ForeignKey(
        Deadline, verbose_name=_("hạn báo cáo"), on_delete=models.CASCADE, related_name="reminders"
    )
    step = models.CharField(_("bước"), max_length=10, choices=ReminderStep.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.PROTECT,
        related_name="reminders",
    )
    escalation = models.BooleanField(_("báo lên cấp trên"), default=False)
    due_at = models.DateTimeField(_("gửi lúc"))
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=ReminderStatus.choices,
        default=ReminderStatus.PENDING,
    )
    claimed_at = models.DateTimeField(_("nhận xử lý lúc"), null=True, blank=True)
    claim = models.CharField(_("mã lượt xử lý"), max_length=32, blank=True)
    sent_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    round = models.PositiveSmallIntegerField(
        _("lượt"), default=0, help_text=_("Tăng khi đôn đốc lại: mỗi lượt có các lần gửi riêng.")
    )

    objects = OwnQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhắc hạn")
        verbose_name_plural = _("nhắc hạn")
        constraints = [
            models.UniqueConstraint(fields=["deadline", "step", "recipient"], name="reminder_once"),
        ]
        indexes = [
            models.Index(
                fields=["due_at"], condition=Q(status="pending"), name="reminder_pending_due"
            ),
            models.Index(fields=["status", "claimed_at"], name="reminder_status_claim"),
            # SQLite does not use the partial index with a bound 'pending' parameter.
            models.Index(fields=["status", "due_at"], name="reminder_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} → {self.recipient} ({self.get_status_display()})"


class Delivery(models.Model):
    """One round of one reminder through one transport, delivered exactly once.

    `key` is the idempotency key the transport carries (the webhook's Idempotency-Key, the
    e-mail's Message-ID); a delivery is claimed by a conditional UPDATE like a reminder and
    marked the moment its send returns, so a crash resends at most what was in flight.
    """

    reminder = models.ForeignKey(
        Reminder, verbose_name=_("nhắc hạn"), on_delete=models.CASCADE, related_name="deliveries"
    )
    transport = models.CharField(_("kênh gửi"), max_length=20)
    round = models.PositiveSmallIntegerField(_("lượt"), default=0)
    key = models.CharField(_("khóa chống gửi trùng"), max_length=80, unique=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    next_attempt_at = models.DateTimeField(_("gửi lúc"))
    claim = models.CharField(_("mã lượt xử lý"), max_length=32, blank=True)
    claimed_at = models.DateTimeField(_("nhận xử lý lúc"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    sent_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lần gửi nhắc hạn")
        verbose_name_plural = _("các lần gửi nhắc hạn")
        constraints = [
            models.UniqueConstraint(
                fields=["reminder", "transport", "round"], name="delivery_once_per_transport"
            ),
        ]
        indexes = [
            models.Index(fields=["transport", "status", "next_attempt_at"], name="delivery_due"),
            models.Index(fields=["status", "claimed_at"], name="delivery_status_claim"),
        ]

    def __str__(self) -> str:
        return f"{self.transport}: {self.key} ({self.get_status_display()})"


class Notification(models.Model):
    """In-app notification (the bell)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    reminder = models.OneToOneField(
        Reminder,
        verbose_name=_("nhắc hạn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notification",
    )
    key = models.CharField(
        _("khóa chống gửi trùng"),
        max_length=120,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Một sự kiện báo cho một người một lần, kể cả khi thao tác được gửi lại."),
    )
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = OwnQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title


class ReportEvent(models.Model):
    """Every step of a report: drafted, submitted, returned (with reason), accepted."""

    report = models.ForeignKey(
        Report, verbose_name=_("báo cáo"), on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField(_("thao tác"), max_length=12, choices=ReportStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("lý do"), blank=True)
    at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("bước xử lý báo cáo")
        verbose_name_plural = _("các bước xử lý báo cáo")
        ordering = ["report_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.report} — {self.get_action_display()}"


class Extension(models.Model):
    """A unit asks for a later date; the receiving unit grants or refuses it."""

    deadline = models.ForeignKey(
        Deadline, verbose_name=_("hạn báo cáo"), on_delete=models.PROTECT, related_name="extensions"
    )
    requested_until = models.DateField(_("xin gia hạn đến"))
    reason = models.TextField(_("lý do"))
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.PENDING,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xin"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người quyết định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("xin lúc"), auto_now_add=True)
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("xin gia hạn")
        verbose_name_plural = _("xin gia hạn")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline"],
                condition=Q(status="pending"),
                name="extension_one_pending",
                violation_error_message=_("Đã có một đề nghị gia hạn đang chờ xét."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.deadline} → {self.requested_until:%d/%m/%Y}"


class ReportAttachment(models.Model):
    """A file sent with a report (tables, minutes, photos). Private: served only through a
    view that checks the reader may see the report's unit."""

    report = models.ForeignKey(
        Report, verbose_name=_("báo cáo"), on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(_("tệp"), upload_to="reports/%Y/%m/")
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=120)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), default=0)
    sha256 = models.CharField(_("mã băm"), max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm báo cáo")
        verbose_name_plural = _("tệp đính kèm báo cáo")
        ordering = ["report_id", "id"]

    def __str__(self) -> str:
        return self.original_name
