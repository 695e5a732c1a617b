from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import RenditionFormat, RenditionStatus
from ..querysets import DocumentPartQuerySet
from .documents import Document

# A rendition in these states serves every later request for the same snapshot; a failed
# one does not (asking again renders again).
REUSABLE = [RenditionStatus.QUEUED, RenditionStatus.RUNNING, RenditionStatus.DONE]


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
    # sha256 of the snapshot, format and language: the same print asked for twice is one
    # render (blank on renditions made before the key existed, which are never reused).
    snapshot_key = models.CharField(_("khóa bản in"), max_length=64, blank=True)
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
    # Until when the current holder may keep it queued or running: the queue for STALE_AFTER
    # after the request, then the worker that claimed it for LEASE (services/renditions.py).
    # A running rendition past its lease has lost its worker and is tried again.
    lease_until = models.DateTimeField(_("giữ đến"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần dựng"), default=0)
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    objects = DocumentPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("bản in")
        verbose_name_plural = _("bản in")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "snapshot_key"],
                condition=models.Q(status__in=REUSABLE) & ~models.Q(snapshot_key=""),
                name="one_live_rendition_per_snapshot",
            )
        ]
        indexes = [models.Index(fields=["status", "lease_until"], name="rendition_lease")]

    def __str__(self) -> str:
        return f"{self.document} ({self.format}, {self.get_status_display()})"
