"""Who carries out a plan and what it must report: the assignments of "Tổ chức thực hiện",
their tasks, and the reporting duties the portal schedules deadlines from."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from units.models import Unit

from ..choices import AssignmentRole, DutyRule, ReminderStep
from ..querysets import PlanPartQuerySet, TaskQuerySet
from .plans import Plan, PlanItem


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
