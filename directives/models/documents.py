from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from units.choices import DocumentStyle
from units.models import Unit

from ..choices import DocumentKind, DocumentStatus, ReferenceKind, SignerAuthority
from ..querysets import (
    DocumentPartQuerySet,
    DocumentQuerySet,
    DocumentReferenceQuerySet,
    RegisterQuerySet,
)

number_validator = RegexValidator(r"^\d{0,7}$", _("Số văn bản chỉ gồm chữ số, ví dụ 01 hoặc 386."))


class Register(models.Model):
    """A numbering register (sổ đăng ký văn bản) of one issuer.

    State organs number per calendar year (Decree 30, Art. 15); party organs number each
    document type from 01 for the whole term of the committee (HD 36 §1.3.1). `kind` blank
    means one series shared by all types.
    """

    issuer = models.ForeignKey(
        Unit, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="registers"
    )
    kind = models.CharField(
        _("loại văn bản"), max_length=8, choices=DocumentKind.choices, blank=True
    )
    label = models.CharField(_("kỳ"), max_length=40, help_text=_("Ví dụ 2025 hoặc 2020-2025."))
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    last_number = models.PositiveIntegerField(_("số đã cấp gần nhất"), default=0)

    objects = RegisterQuerySet.as_manager()

    class Meta:
        verbose_name = _("sổ đăng ký văn bản")
        verbose_name_plural = _("sổ đăng ký văn bản")
        ordering = ["issuer_id", "kind", "-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "kind", "starts_on"],
                name="register_unique_period",
                violation_error_message=_("Cơ quan đã có sổ đăng ký cho loại và kỳ này."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="register_period_order",
                violation_error_message=_("Ngày kết thúc kỳ không được trước ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        kind = self.get_kind_display() if self.kind else _("mọi loại")
        return f"{self.issuer} — {kind} — {self.label}"


def document_reference(number: str, symbol: str, style: str) -> str:
    """01-KH/BTGDVTU (party style) or 30/KH-UBND (state style); the number alone without a
    symbol. For lists built from plain rows as well as for Document.reference."""
    if not symbol:
        return number
    separator = "-" if style == DocumentStyle.PARTY else "/"
    return f"{number}{separator}{symbol}"


class Document(models.Model):
    """Any document of the cascade: a directive, a guidance, a plan, a report ...

    Number, symbol and dates are kept exactly as written; `number_value` and `issued_on`
    are their parsed forms for ordering, registers and lag computations. A date may be
    partial (the Cẩm Giàng plan reads "ngày   tháng 3 năm 2025"): then `issued_on` is empty
    and `issued_year` / `issued_month` hold what is known.
    """

    kind = models.CharField(_("loại văn bản"), max_length=8, choices=DocumentKind.choices)
    style = models.CharField(
        _("thể thức"), max_length=8, choices=DocumentStyle.choices, default=DocumentStyle.STATE
    )
    number = models.CharField(_("số"), max_length=8, blank=True, validators=[number_validator])
    number_value = models.PositiveIntegerField(_("số (giá trị)"), null=True, blank=True)
    symbol = models.CharField(
        _("ký hiệu"),
        max_length=60,
        blank=True,
        help_text=_("Như trên văn bản: KH/BTGDVTU (Đảng) hoặc KH-UBND (Nhà nước)."),
    )
    issuer = models.ForeignKey(
        Unit,
        verbose_name=_("cơ quan ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    issuer_name = models.CharField(
        _("tên cơ quan ban hành"),
        max_length=255,
        help_text=_("Như văn bản ghi, ví dụ Bộ Chính trị, Ban Thường vụ Tỉnh ủy."),
    )
    place = models.CharField(_("địa danh"), max_length=120, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True, db_index=True)
    issued_year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    issued_month = models.PositiveSmallIntegerField(_("tháng"), null=True, blank=True)
    date_text = models.CharField(_("ngày tháng như văn bản ghi"), max_length=80, blank=True)
    title = models.TextField(_("trích yếu"), blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=DocumentStatus.choices,
        default=DocumentStatus.DRAFT,
        db_index=True,
    )
    register = models.ForeignKey(
        Register,
        verbose_name=_("sổ đăng ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    signer_authority = models.CharField(
        _("quyền hạn ký"), max_length=4, choices=SignerAuthority.choices, blank=True
    )
    signer_authority_of = models.CharField(
        _("thay mặt / ký thay cho"),
        max_length=120,
        blank=True,
        help_text=_("Ví dụ BAN THƯỜNG VỤ, TRƯỞNG BAN, CHỦ TỊCH."),
    )
    signer_on_behalf_line = models.CharField(
        _("dòng thay mặt tập thể (nếu có)"),
        max_length=120,
        blank=True,
        help_text=_("Dòng TM. đứng trên dòng KT., ví dụ TM. ỦY BAN NHÂN DÂN."),
    )
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    signer_name = models.CharField(_("họ tên người ký"), max_length=120, blank=True)
    version_of = models.ForeignKey(
        "self",
        verbose_name=_("phiên bản trước"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="later_versions",
    )
    key = models.CharField(_("khóa định danh"), max_length=120, null=True, blank=True, unique=True)
    search_text = models.TextField(
        _("chuỗi tìm kiếm"),
        blank=True,
        editable=False,
        help_text=_("Số ký hiệu, trích yếu, cơ quan ban hành viết thường, không dấu."),
    )
    lock_version = models.PositiveIntegerField(_("phiên bản sửa"), default=1)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "number_value"],
                name="document_unique_number_in_register",
                violation_error_message=_(
                    "Số văn bản này đã được dùng trong sổ đăng ký của cơ quan."
                ),
            ),
            models.CheckConstraint(
                condition=Q(issued_month__isnull=True)
                | Q(issued_month__gte=1, issued_month__lte=12),
                name="document_month_range",
                violation_error_message=_("Tháng phải từ 1 đến 12."),
            ),
        ]
        indexes = [
            models.Index(fields=["issuer", "kind", "status"], name="document_issuer_kind"),
        ]

    def __str__(self) -> str:
        reference = self.reference
        label = self.get_kind_display()
        return f"{label} {reference}".strip() if reference else f"{label}: {self.title[:60]}"

    def clean(self) -> None:
        super().clean()
        if self.issued_on is not None:
            if self.issued_year not in (None, self.issued_on.year):
                raise ValidationError({"issued_year": _("Năm không khớp với ngày ban hành.")})
            if self.issued_month not in (None, self.issued_on.month):
                raise ValidationError({"issued_month": _("Tháng không khớp với ngày ban hành.")})
        if self.number and not (self.number.isascii() and self.number.isdecimal()):
            raise ValidationError({"number": _("Số văn bản chỉ gồm chữ số, ví dụ 01 hoặc 386.")})

    @property
    def is_party_style(self) -> bool:
        return self.style == DocumentStyle.PARTY

    @property
    def in_force_from(self) -> date | None:
        """The first day the document applies: its issue date, or the first day of the month
        (or year) when only that much of the date is known; None when nothing is."""
        if self.issued_on:
            return self.issued_on
        if self.issued_year:
            return date(self.issued_year, self.issued_month or 1, 1)
        return None

    @property
    def reference(self) -> str:
        """How other documents cite it: 01-KH/BTGDVTU (Đảng) or 30/KH-UBND (Nhà nước)."""
        return document_reference(self.number, self.symbol, self.style)

    @property
    def number_line(self) -> str:
        """The "số ký hiệu" line as printed: `Số 01-KH/BTGDVTU` or `Số: 30/KH-UBND`."""
        prefix = "Số" if self.is_party_style else "Số:"
        return f"{prefix} {self.reference}"


class DocumentReference(models.Model):
    """A typed edge between documents; `implements` edges form the cascade."""

    source = models.ForeignKey(
        Document,
        verbose_name=_("văn bản"),
        on_delete=models.CASCADE,
        related_name="outgoing_references",
    )
    target = models.ForeignKey(
        Document,
        verbose_name=_("văn bản được dẫn"),
        on_delete=models.PROTECT,
        related_name="incoming_references",
    )
    kind = models.CharField(_("quan hệ"), max_length=12, choices=ReferenceKind.choices)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    citation = models.TextField(
        _("trích dẫn"), blank=True, help_text=_("Câu dẫn như văn bản viết.")
    )

    objects = DocumentReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("liên kết văn bản")
        verbose_name_plural = _("liên kết văn bản")
        ordering = ["source_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"],
                name="reference_unique",
                violation_error_message=_("Liên kết này đã có."),
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")),
                name="reference_not_self",
                violation_error_message=_("Văn bản không thể dẫn chiếu chính nó."),
            ),
        ]
        indexes = [models.Index(fields=["target", "kind"], name="reference_target_kind")]

    def __str__(self) -> str:
        return f"{self.source} → {self.get_kind_display()} → {self.target}"


class Recipient(models.Model):
    """A line of "Nơi nhận", kept as written; `unit` links it when it names one unit."""

    document = models.ForeignKey(
        Document, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="recipients"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = models.CharField(_("nơi nhận"), max_length=500)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="received_documents",
    )
    is_archive = models.BooleanField(_("dòng lưu"), default=False)

    history = HistoricalRecords()
    objects = DocumentPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("nơi nhận")
        verbose_name_plural = _("nơi nhận")
        ordering = ["document_id", "position", "id"]

    def __str__(self) -> str:
        return self.text
