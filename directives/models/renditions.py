from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import RenditionFormat, RenditionStatus
from ..querysets import DocumentPartQuerySet
from .documents import Document


class Rendition(models.Model):
    """A PDF or DOCX made in the background from a frozen snapshot of a document."""

    document = models.ForeignKey(
        Document, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="renditions"
    )
    format = models.CharField(_("định dạng"), max_length=8, choices=RenditionFormat.choices)
    status = models.CharField(
        _("trạng thái"),
        max_length=8,
        choices=RenditionStatus.choices,
        default=RenditionStatus.QUEUED,
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    snapshot = models.JSONField(_("dữ liệu in"))
    file = models.FileField(_("tệp"), upload_to="renditions/%Y/%m/", blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    lock_version = models.PositiveIntegerField(_("phiên bản văn bản"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    objects = DocumentPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("bản in")
        verbose_name_plural = _("bản in")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.document} ({self.format}, {self.get_status_display()})"
