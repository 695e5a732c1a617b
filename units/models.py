from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken
from knox.settings import CONSTANTS
from simple_history.models import HistoricalRecords

from .choices import DivisionType, DocumentStyle, Role, Scheme, UnitKind, UnitSystem
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
        ]
        indexes = [models.Index(fields=["kind", "is_active"], name="unit_kind_active")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_territorial(self) -> bool:
        return self.kind in UnitKind.territorial()


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
