"""Running a plan: the activities units log against their assignments, with evidence."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from directives.models import Assignment, AudienceGroup, Channel, Plan
from units.models import Unit
from units.tree import TreePathField

from .choices import EvidenceKind, ImportStatus
from .querysets import ActivityQuerySet, EvidenceQuerySet, ImportBatchQuerySet

MAX_QUANTITY = 10_000_000
MAX_PEOPLE = 200_000_000


class Activity(models.Model):
    """One completed piece of dissemination work, counted toward every level above.

    `unit_path` copies the logging unit's tree path (written by the service) so that
    "activities in my subtree" is one indexed range scan on this table, and `root` the
    top-level unit (province) the dashboards group by.
    """

    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("nhiệm vụ được giao"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="activities"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị thực hiện"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    unit_path = TreePathField(_("đường dẫn đơn vị"), db_index=True, editable=False)
    root = models.ForeignKey(
        Unit,
        verbose_name=_("tỉnh, thành phố"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    channel = models.ForeignKey(
        Channel, verbose_name=_("hình thức"), on_delete=models.PROTECT, related_name="activities"
    )
    title = models.CharField(_("tên hoạt động"), max_length=300)
    description = models.TextField(_("mô tả"), blank=True)
    started_on = models.DateField(_("ngày thực hiện"), db_index=True)
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)
    quantity = models.PositiveIntegerField(
        _("số lượng"), validators=[MaxValueValidator(MAX_QUANTITY)]
    )
    participants = models.PositiveIntegerField(
        _("số người tham dự"), null=True, blank=True, validators=[MaxValueValidator(MAX_PEOPLE)]
    )
    reach = models.PositiveIntegerField(
        _("số người được tiếp cận"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_PEOPLE)],
    )
    views = models.PositiveIntegerField(
        _("lượt xem"), null=True, blank=True, validators=[MaxValueValidator(MAX_PEOPLE)]
    )
    audiences = models.ManyToManyField(
        AudienceGroup, verbose_name=_("đối tượng"), blank=True, related_name="activities"
    )
    place = models.ForeignKey(
        Unit,
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities_here",
    )
    place_text = models.CharField(_("địa điểm"), max_length=300, blank=True)
    search_text = models.TextField(_("chuỗi tìm kiếm"), blank=True, editable=False)
    locked = models.BooleanField(
        _("đã khóa"),
        default=False,
        help_text=_("Khóa khi một báo cáo đã nộp tính hoạt động này."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[audiences])
    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        ordering = ["-started_on", "-id"]
        indexes = [
            models.Index(fields=["unit_path", "started_on"], name="activity_path_date"),
            models.Index(fields=["root", "channel", "started_on"], name="activity_root_channel"),
            models.Index(fields=["plan", "channel"], name="activity_plan_channel"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="activity_dates_in_order",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.started_on:%d/%m/%Y} — {self.title}"


class Evidence(models.Model):
    """A photo, file or link proving an activity. Files are private: served only through a
    view that checks the reader may see the activity's unit."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("hoạt động"), on_delete=models.CASCADE, related_name="evidence"
    )
    kind = models.CharField(_("loại"), max_length=8, choices=EvidenceKind.choices)
    file = models.FileField(_("tệp"), upload_to="evidence/%Y/%m/", blank=True)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    content_type = models.CharField(_("kiểu nội dung"), max_length=120, blank=True)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), default=0)
    sha256 = models.CharField(_("mã băm"), max_length=64, blank=True)
    captured_at = models.DateTimeField(_("thời điểm chụp (EXIF)"), null=True, blank=True)
    url = models.URLField(_("đường dẫn"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    history = HistoricalRecords()
    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["activity_id", "id"]

    def __str__(self) -> str:
        return self.original_name or self.url


class ImportBatch(models.Model):
    """An uploaded activity spreadsheet, checked row by row and imported only on confirm."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    file_name = models.CharField(_("tên tệp"), max_length=255)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.CHECKED
    )
    rows = models.JSONField(_("các dòng hợp lệ"), default=list)
    errors = models.JSONField(_("lỗi theo dòng"), default=list)
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("lần nhập Excel")
        verbose_name_plural = _("lần nhập Excel")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name
