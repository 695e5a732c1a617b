from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import ChannelCategory


class Channel(models.Model):
    """A dissemination channel (hình thức tuyên truyền) with the measure its work is counted in."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=160)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=160, blank=True)
    category = models.CharField(_("nhóm"), max_length=16, choices=ChannelCategory.choices)
    measure = models.CharField(
        _("đơn vị tính"), max_length=40, help_text=_("Ví dụ: tin bài, buổi, lượt phát, băng rôn.")
    )
    measure_en = models.CharField(_("đơn vị tính (tiếng Anh)"), max_length=40, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("hình thức tuyên truyền")
        verbose_name_plural = _("danh mục hình thức tuyên truyền")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class AudienceGroup(models.Model):
    """A target audience named by plans (cán bộ, đảng viên, hội viên, học sinh, ...)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=160)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=160, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nhóm đối tượng")
        verbose_name_plural = _("danh mục đối tượng tuyên truyền")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name
