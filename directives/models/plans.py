"""The structured parts of a plan (kế hoạch), in the order they are printed.

Every part item keeps its text as written plus the structure the portal tracks (channels,
audiences, units, deadlines). Sections carry the plan's own headings, which vary between
plans ("II- NỘI DUNG TUYÊN TRUYỀN", "II. NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN"). The
assignments of "Tổ chức thực hiện" and the reporting duties are in assignments.py.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import PurposeKind, SectionPart
from ..querysets import ChannelTargetQuerySet, DocumentPartQuerySet, PlanPartQuerySet
from .catalogue import AudienceGroup, Channel
from .documents import Document


class Plan(models.Model):
    """The plan-specific body of a document of kind KH, CTr, HD ..."""

    document = models.OneToOneField(
        Document,
        verbose_name=_("văn bản"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="plan",
    )
    basis_text = models.TextField(
        _("căn cứ ban hành"), blank=True, help_text=_('Đoạn "Thực hiện ..." như văn bản viết.')
    )
    closing_text = models.TextField(_("đoạn kết"), blank=True)
    derived_from = models.ForeignKey(
        Document,
        verbose_name=_("xây dựng từ văn bản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derived_plans",
    )

    history = HistoricalRecords()
    objects = DocumentPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")

    def __str__(self) -> str:
        return str(self.document)


class PlanSection(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="sections"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("mục cha"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subsections",
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    label = models.CharField(_("số mục"), max_length=16, blank=True)
    title = models.CharField(_("tiêu đề"), max_length=500, blank=True)
    part = models.CharField(_("phần"), max_length=16, choices=SectionPart.choices)
    intro = models.TextField(_("đoạn mở đầu"), blank=True)
    outro = models.TextField(_("đoạn cuối"), blank=True)

    history = HistoricalRecords()
    objects = PlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("mục của kế hoạch")
        verbose_name_plural = _("mục của kế hoạch")
        ordering = ["plan_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.label} {self.title}".strip() or self.get_part_display()


class PlanItem(models.Model):
    """Fields every part item shares: where it sits and how it reads."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE)
    section = models.ForeignKey(
        PlanSection, verbose_name=_("mục"), null=True, blank=True, on_delete=models.SET_NULL
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    label = models.CharField(_("số, ký hiệu đầu dòng"), max_length=16, blank=True)
    title = models.CharField(_("tiêu đề"), max_length=500, blank=True)
    text = models.TextField(_("nội dung"), blank=True)
    origin = models.ForeignKey(
        "self",
        verbose_name=_("lấy từ mục của văn bản cấp trên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["plan_id", "position", "id"]

    def __str__(self) -> str:
        return (self.title or self.text)[:80]


class Purpose(PlanItem):
    kind = models.CharField(
        _("loại"), max_length=12, choices=PurposeKind.choices, default=PurposeKind.PURPOSE
    )

    history = HistoricalRecords()

    class Meta(PlanItem.Meta):
        verbose_name = _("mục đích, yêu cầu")
        verbose_name_plural = _("mục đích, yêu cầu")
        default_related_name = "purposes"


class Theme(PlanItem):
    history = HistoricalRecords()

    class Meta(PlanItem.Meta):
        verbose_name = _("nội dung tuyên truyền")
        verbose_name_plural = _("nội dung tuyên truyền")
        default_related_name = "themes"


class AudienceItem(PlanItem):
    groups = models.ManyToManyField(
        AudienceGroup, verbose_name=_("nhóm đối tượng"), blank=True, related_name="plan_items"
    )

    history = HistoricalRecords(m2m_fields=[groups])

    class Meta(PlanItem.Meta):
        verbose_name = _("đối tượng tuyên truyền")
        verbose_name_plural = _("đối tượng tuyên truyền")
        default_related_name = "audiences"


class ChannelItem(PlanItem):
    """A paragraph of "Hình thức tuyên truyền"; it may name several channels."""

    channels: models.ManyToManyField[Channel, ChannelTarget] = models.ManyToManyField(
        Channel,
        verbose_name=_("hình thức"),
        through="ChannelTarget",
        blank=True,
        related_name="plan_items",
    )

    history = HistoricalRecords()

    class Meta(PlanItem.Meta):
        verbose_name = _("hình thức tuyên truyền")
        verbose_name_plural = _("hình thức tuyên truyền")
        default_related_name = "channel_items"


class ChannelTarget(models.Model):
    item = models.ForeignKey(
        ChannelItem, verbose_name=_("đoạn"), on_delete=models.CASCADE, related_name="targets"
    )
    channel = models.ForeignKey(
        Channel, verbose_name=_("hình thức"), on_delete=models.PROTECT, related_name="targets"
    )
    planned_quantity = models.PositiveIntegerField(
        _("số lượng theo kế hoạch"), null=True, blank=True
    )

    history = HistoricalRecords()
    objects = ChannelTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("hình thức và chỉ tiêu")
        verbose_name_plural = _("hình thức và chỉ tiêu")
        constraints = [
            models.UniqueConstraint(fields=["item", "channel"], name="channel_target_unique")
        ]

    def __str__(self) -> str:
        return str(self.channel)


class RoadmapStep(PlanItem):
    due_text = models.CharField(_("thời gian"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta(PlanItem.Meta):
        verbose_name = _("bước lộ trình")
        verbose_name_plural = _("lộ trình thực hiện")
        default_related_name = "roadmap_steps"


class BudgetItem(PlanItem):
    source = models.CharField(_("nguồn kinh phí"), max_length=300, blank=True)
    amount = models.DecimalField(
        _("số tiền (đồng)"), max_digits=16, decimal_places=0, null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta(PlanItem.Meta):
        verbose_name = _("kinh phí")
        verbose_name_plural = _("kinh phí")
        default_related_name = "budget_items"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="budget_amount_not_negative",
                violation_error_message=_("Số tiền không được âm."),
            )
        ]


class Footnote(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="footnotes"
    )
    marker = models.CharField(_("ký hiệu"), max_length=8)
    anchor = models.CharField(
        _("đặt sau cụm từ"), max_length=200, blank=True, help_text=_("Cụm từ mang chú thích.")
    )
    text = models.TextField(_("chú thích"))

    history = HistoricalRecords()
    objects = PlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("chú thích")
        verbose_name_plural = _("chú thích")
        ordering = ["plan_id", "marker"]

    def __str__(self) -> str:
        return f"{self.marker} {self.text[:60]}"
