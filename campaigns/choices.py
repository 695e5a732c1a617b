from django.db import models
from django.utils.translation import gettext_lazy as _


class EvidenceKind(models.TextChoices):
    FILE = "file", _("Tệp")
    LINK = "link", _("Đường dẫn")


class ImportStatus(models.TextChoices):
    CHECKED = "checked", _("Đã kiểm tra, chờ xác nhận")
    IMPORTED = "imported", _("Đã nhập")
    DISCARDED = "discarded", _("Đã bỏ")
