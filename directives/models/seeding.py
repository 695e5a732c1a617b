from django.db import models
from django.utils.translation import gettext_lazy as _


class SeedLoad(models.Model):
    """Which version (digest) of a structured seed file was last loaded, for idempotency."""

    key = models.CharField(_("khóa"), max_length=120, unique=True)
    digest = models.CharField(_("mã băm"), max_length=64)
    loaded_at = models.DateTimeField(_("nạp lúc"), auto_now=True)

    class Meta:
        verbose_name = _("lần nạp dữ liệu mẫu")
        verbose_name_plural = _("lần nạp dữ liệu mẫu")

    def __str__(self) -> str:
        return self.key
