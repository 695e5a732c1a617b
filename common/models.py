"""Rows of the transactional outbox (see common/outbox.py)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """A Celery task to send once the transaction that wrote this row commits.

    Written in the same transaction as the change that needs the task, so the task is
    never lost when the broker is down at commit time, and never sent for a change that
    rolled back. `key` makes recording the same work twice a no-op.
    """

    task = models.CharField(_("tác vụ"), max_length=200)
    args = models.JSONField(_("tham số"), default=list, blank=True)
    key = models.CharField(_("khóa chống trùng"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    # Due time of the next send attempt; a dispatcher claims a row by moving it forward
    # (a lease), so two dispatchers do not send the same row at the same moment.
    available_at = models.DateTimeField(_("gửi từ"), default=timezone.now)
    dispatched_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("số lần gửi"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)

    class Meta:
        verbose_name = _("tác vụ chờ gửi")
        verbose_name_plural = _("tác vụ chờ gửi")
        indexes = [
            models.Index(
                fields=["available_at"],
                condition=Q(dispatched_at__isnull=True),
                name="outbox_pending_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)} [{self.key}]"
