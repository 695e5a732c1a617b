"""The structured parts of a plan (kế hoạch), in the order they are printed.

Every part item keeps its text as written plus the structure the portal tracks (channels,
audiences, units, deadlines). Sections carry the plan's own headings, which vary between
plans ("II- NỘI DUNG TUYÊN TRUYỀN", "II. NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN").
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from units.models import Unit

from ..choices import AssignmentRole, DutyRule, PurposeKind, ReminderStep, SectionPart
from ..querysets import ChannelTargetQuerySet, DocumentPartQuerySet, PlanPartQuerySet, TaskQuerySet
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

    channels = models.ManyToManyField(
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


class Assignment(PlanItem):
    """A unit (or group of units, as written) and what the plan asks of it.

    `title` is the heading as written ("Phòng Văn hóa, Khoa học và Thông tin"); `units`
    are the units it resolves to.
    """

    role = models.CharField(
        _("vai trò"),
        max_length=12,
        choices=AssignmentRole.choices,
        default=AssignmentRole.IMPLEMENT,
    )
    units = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị"), blank=True, related_name="assignments"
    )

    history = HistoricalRecords(m2m_fields=[units])

    class Meta(PlanItem.Meta):
        verbose_name = _("phân công")
        verbose_name_plural = _("tổ chức thực hiện")
        default_related_name = "assignments"


class AssignmentTask(models.Model):
    assignment = models.ForeignKey(
        Assignment, verbose_name=_("phân công"), on_delete=models.CASCADE, related_name="tasks"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    label = models.CharField(_("ký hiệu đầu dòng"), max_length=16, blank=True)
    text = models.TextField(_("nhiệm vụ"))
    role = models.CharField(_("vai trò"), max_length=12, choices=AssignmentRole.choices, blank=True)
    origin = models.ForeignKey(
        "self",
        verbose_name=_("lấy từ nhiệm vụ của văn bản cấp trên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["assignment_id", "position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class ReportingDuty(models.Model):
    """A reporting obligation: the phrase as written plus the rule the portal schedules.

    - once: before `due_on`;
    - annual: before `day`/`month` every year;
    - monthly: before `day` of every month (blank day: by the end of the month);
    - quarterly / half_yearly: before `day` of the month following the period;
    - unscheduled: "định kỳ" with no date given; tracked but never reminded.
    """

    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="duties"
    )
    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("phân công"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duties",
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    phrase = models.TextField(_("yêu cầu báo cáo như văn bản viết"))
    subject = models.CharField(_("nội dung báo cáo"), max_length=500, blank=True)
    rule = models.CharField(_("chu kỳ"), max_length=12, choices=DutyRule.choices)
    due_on = models.DateField(_("hạn (một lần)"), null=True, blank=True)
    day = models.PositiveSmallIntegerField(_("ngày"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(_("tháng"), null=True, blank=True)
    receiver = models.ForeignKey(
        Unit,
        verbose_name=_("nơi nhận báo cáo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="received_duties",
    )
    receiver_text = models.CharField(_("nơi nhận như văn bản viết"), max_length=300, blank=True)
    via = models.ForeignKey(
        Unit,
        verbose_name=_("gửi qua"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="relayed_duties",
    )
    via_text = models.CharField(_("gửi qua như văn bản viết"), max_length=300, blank=True)
    reporting_units = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị phải báo cáo"), blank=True, related_name="reporting_duties"
    )
    reporting_units_text = models.CharField(
        _("đơn vị phải báo cáo như văn bản viết"), max_length=500, blank=True
    )
    data_window = models.BooleanField(
        _("chốt số liệu theo Nghị định 09/2019"),
        default=False,
        help_text=_("Số liệu từ ngày 15 của tháng trước kỳ đến ngày 14 của tháng cuối kỳ."),
    )
    reminder_steps = models.JSONField(
        _("các lần nhắc hạn"),
        default=list,
        blank=True,
        help_text=_("Để trống: nhắc trước 7, 3, 1 ngày, đúng hạn, và quá hạn 1, 3 ngày."),
    )
    origin = models.ForeignKey(
        "self",
        verbose_name=_("kế thừa từ yêu cầu của văn bản cấp trên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inherited_by",
    )

    history = HistoricalRecords(m2m_fields=[reporting_units])
    objects = PlanPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("yêu cầu báo cáo")
        verbose_name_plural = _("yêu cầu báo cáo")
        ordering = ["plan_id", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(day__isnull=True) | Q(day__gte=1, day__lte=31),
                name="duty_day_range",
                violation_error_message=_("Ngày phải từ 1 đến 31."),
            ),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12),
                name="duty_month_range",
                violation_error_message=_("Tháng phải từ 1 đến 12."),
            ),
        ]

    def __str__(self) -> str:
        return self.phrase[:80]

    @property
    def steps(self) -> tuple[ReminderStep, ...]:
        """The reminder steps of this duty, in time order (all of them when none is chosen)."""
        chosen = {s for s in self.reminder_steps or () if s in ReminderStep.values}
        return tuple(s for s in ReminderStep.scheduled() if not chosen or s.value in chosen)


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
