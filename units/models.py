from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken
from knox.settings import CONSTANTS
from simple_history.models import HistoricalRecords

from .body_names import unknown_placeholders
from .choices import (
    BodyLevel,
    DivisionType,
    DocumentStyle,
    Role,
    Scheme,
    UnitKind,
    UnitSystem,
)
from .querysets import ApiTokenManager, MembershipQuerySet, UnitQuerySet
from .tree import TreePathField


class Unit(models.Model):
    """An administrative territory or an organisation that plans, reports or is assigned work.

    Territories (provinces, districts, communes) come from the national catalogue; every
    organisation hangs under its superior in its own system, and the top organs of a
    province hang under the province's territory, so that a province's subtree holds all of
    its party, state and front organisations. `path` encodes the tree (see units/tree.py).
    """

    name = models.CharField(_("tên đầy đủ"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=120, blank=True)
    symbol_code = models.CharField(
        _("ký hiệu trên văn bản"),
        max_length=40,
        blank=True,
        help_text=_(
            "Phần ký hiệu cơ quan trong số ký hiệu văn bản, ví dụ TU, HU, ĐU, BTGDVTU, UBND."
        ),
    )
    kind = models.CharField(_("loại"), max_length=32, choices=UnitKind.choices)
    system = models.CharField(_("hệ thống"), max_length=16, choices=UnitSystem.choices)
    doc_style = models.CharField(
        _("thể thức văn bản"),
        max_length=8,
        choices=DocumentStyle.choices,
        default=DocumentStyle.STATE,
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    territory = models.ForeignKey(
        "self",
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        limit_choices_to={"kind__in": UnitKind.territorial()},
    )
    header_parent_line = models.CharField(
        _("dòng cơ quan chủ quản"),
        max_length=255,
        blank=True,
        help_text=_("Dòng trên của tên cơ quan ban hành, ví dụ TỈNH ỦY HƯNG YÊN."),
    )
    header_name = models.CharField(
        _("tên cơ quan trên văn bản"),
        max_length=255,
        blank=True,
        help_text=_("In hoa như trên văn bản; xuống dòng bằng ký tự xuống dòng."),
    )
    place_name = models.CharField(_("địa danh ghi trên văn bản"), max_length=120, blank=True)
    code = models.CharField(_("mã hành chính"), max_length=10, blank=True)
    scheme = models.CharField(_("danh mục"), max_length=8, choices=Scheme.choices, blank=True)
    division_type = models.CharField(
        _("loại đơn vị hành chính"), max_length=16, choices=DivisionType.choices, blank=True
    )
    data_version = models.CharField(_("phiên bản dữ liệu"), max_length=40, blank=True)
    key = models.CharField(
        _("khóa định danh"),
        max_length=120,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Khóa ổn định dùng khi nạp dữ liệu lặp lại."),
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True, db_index=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
    )
    path = TreePathField(_("đường dẫn cây"), db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(_("cấp"), default=0, editable=False)
    body_template = models.ForeignKey(
        "BodyTemplate",
        verbose_name=_("mẫu cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bodies",
        help_text=_("Mẫu mà lệnh load_bodies đã dùng để tạo hoặc nhận đơn vị này."),
    )

    history = HistoricalRecords(excluded_fields=["path", "depth"])
    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "kind", "code"],
                condition=~Q(code=""),
                name="unit_unique_code_per_scheme",
                violation_error_message=_("Mã hành chính này đã có trong danh mục."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
                violation_error_message=_("Ngày hết hiệu lực không được trước ngày có hiệu lực."),
            ),
            models.UniqueConstraint(
                fields=["body_template", "territory"],
                condition=Q(body_template__isnull=False),
                name="unit_one_body_per_template_and_territory",
                violation_error_message=_("Địa bàn này đã có cơ quan theo mẫu này."),
            ),
        ]
        indexes = [models.Index(fields=["kind", "is_active"], name="unit_kind_active")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_territorial(self) -> bool:
        return self.kind in UnitKind.territorial()


class BodyTemplate(models.Model):
    """One body every territory of a level has (its Party committee, a department, …).

    `manage.py load_bodies` creates one unit per template and current territory, filling
    the patterns from the territory (units/body_names.py lists the placeholders). A body
    hangs under the body of its parent template (on the same territory, or on the commune's
    province when the parent is a province template), a body without one under its territory.
    """

    key = models.SlugField(
        _("khóa"),
        max_length=40,
        unique=True,
        help_text=_("Khóa ổn định, là một phần khóa định danh của các đơn vị tạo theo mẫu."),
    )
    level = models.CharField(_("cấp"), max_length=16, choices=BodyLevel.choices)
    kind = models.CharField(_("loại"), max_length=32, choices=UnitKind.choices)
    system = models.CharField(_("hệ thống"), max_length=16, choices=UnitSystem.choices)
    doc_style = models.CharField(
        _("thể thức văn bản"),
        max_length=8,
        choices=DocumentStyle.choices,
        default=DocumentStyle.STATE,
    )
    name_pattern = models.CharField(
        _("mẫu tên đầy đủ"),
        max_length=255,
        help_text=_(
            "Ví dụ: Đảng ủy {name}, Ủy ban nhân dân {name}, Ban Tuyên giáo và Dân vận "
            "{party}. Biến: {name} (tỉnh Hưng Yên, xã Tân Tiến), {full} (Tỉnh Hưng Yên), "
            "{short} (Hưng Yên), {type} (tỉnh), {committee} (Tỉnh ủy), {party} (Tỉnh ủy "
            "Hưng Yên, Đảng ủy xã Tân Tiến), {province}, {province_short}, "
            "{province_party}; viết hoa tên biến để được chữ in hoa: {NAME}, {PARTY}."
        ),
    )
    short_name_pattern = models.CharField(_("mẫu tên ngắn"), max_length=120, blank=True)
    symbol_code = models.CharField(_("ký hiệu trên văn bản"), max_length=40, blank=True)
    header_parent_line = models.CharField(
        _("mẫu dòng cơ quan chủ quản"), max_length=255, blank=True
    )
    header_name = models.CharField(
        _("mẫu tên cơ quan trên văn bản"),
        max_length=255,
        blank=True,
        help_text=_("In hoa như trên văn bản; xuống dòng bằng ký tự xuống dòng."),
    )
    place_name = models.CharField(_("mẫu địa danh"), max_length=120, blank=True, default="{short}")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("mẫu cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_(
            "Cơ quan được đặt dưới cơ quan của mẫu này (cùng địa bàn, hoặc ở tỉnh nếu là mẫu "
            "cấp tỉnh); để trống thì đặt dưới địa bàn."
        ),
    )
    predecessor_patterns = models.TextField(
        _("mẫu tên cơ quan tiền thân"),
        blank=True,
        help_text=_(
            "Mỗi dòng một mẫu tên của cơ quan trước 01/7/2025 trên địa bàn tiền thân mà cơ "
            "quan này kế thừa, ví dụ Báo {short}. Cơ quan cùng loại trùng tên theo mẫu tên "
            "đầy đủ luôn được coi là tiền thân."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("mẫu cơ quan")
        verbose_name_plural = _("mẫu cơ quan theo cấp")
        ordering = ["level", "sort_order", "key"]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.name_pattern}"

    PATTERN_FIELDS = (
        "name_pattern",
        "short_name_pattern",
        "header_parent_line",
        "header_name",
        "place_name",
        "predecessor_patterns",
    )

    def _ancestor_ids(self) -> set[int]:
        seen: set[int] = set()
        parent = self.parent
        while parent is not None and parent.pk not in seen:
            seen.add(parent.pk)
            parent = parent.parent
        return seen

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        for name in self.PATTERN_FIELDS:
            try:
                unknown = unknown_placeholders(getattr(self, name))
            except ValueError:
                errors[name] = _("Dấu ngoặc nhọn không khớp.")
                continue
            if unknown:
                errors[name] = _("Biến không có: %(names)s.") % {"names": ", ".join(unknown)}
        parent = self.parent
        if parent is not None:
            if self.pk is not None and self.pk in self._ancestor_ids():
                errors["parent"] = _("Mẫu không thể là cấp trên của chính nó.")
            elif self.level == BodyLevel.PROVINCE and parent.level != BodyLevel.PROVINCE:
                errors["parent"] = _("Mẫu cấp tỉnh chỉ đặt dưới một mẫu cấp tỉnh.")
        if self.kind in UnitKind.territorial():
            errors["kind"] = _("Mẫu cơ quan không tạo địa bàn hành chính.")
        if errors:
            raise ValidationError(errors)


class Membership(models.Model):
    """A user's role in a unit; a user may hold several roles in several units."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("thành viên đơn vị")
        verbose_name_plural = _("thành viên đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                name="membership_unique",
                violation_error_message=_("Người dùng đã có vai trò này trong đơn vị."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"


class ApiToken(AbstractAuthToken):
    """A REST API token (django-rest-knox: only its SHA-512 digest is stored).

    Every token expires; its owner lists and revokes it. A token bound to a browser session
    (`session_hash`, the SHA-256 of the session key) is revoked when that session logs out
    and never outlives it. A deactivated user's tokens are refused at authentication.
    """

    id: models.BigAutoField[Any, int] = models.BigAutoField(primary_key=True)
    digest: models.CharField[str, str] = models.CharField(
        max_length=CONSTANTS.DIGEST_LENGTH, unique=True, editable=False
    )
    user: models.ForeignKey[Any, Any] = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="auth_token_set",
    )
    name: models.CharField[str, str] = models.CharField(_("tên"), max_length=100)
    created: models.DateTimeField[Any, datetime] = models.DateTimeField(
        _("tạo lúc"), auto_now_add=True
    )
    expiry: models.DateTimeField[Any, datetime] = models.DateTimeField(
        _("hết hạn lúc"), db_index=True
    )
    last_used: models.DateTimeField[Any, datetime | None] = models.DateTimeField(
        _("dùng lần cuối"), null=True, blank=True
    )
    session_hash: models.CharField[str, str] = models.CharField(
        _("phiên đăng nhập"), max_length=64, blank=True, db_index=True, editable=False
    )

    objects = ApiTokenManager()

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @property
    def session_bound(self) -> bool:
        return bool(self.session_hash)
