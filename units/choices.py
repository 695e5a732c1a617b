from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh, thành phố")
    DISTRICT = "district", _("Huyện, quận, thị xã, thành phố thuộc tỉnh")
    COMMUNE = "commune", _("Xã, phường, đặc khu, thị trấn")
    PARTY_COMMITTEE = "party_committee", _("Cấp ủy đảng")
    PARTY_BOARD = "party_board", _("Ban, cơ quan tham mưu của cấp ủy")
    PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
    STATE_OFFICE = "state_office", _("Sở, phòng, cơ quan chuyên môn")
    FATHERLAND_FRONT = "fatherland_front", _("Ủy ban Mặt trận Tổ quốc")
    MASS_ORGANISATION = "mass_organisation", _("Tổ chức chính trị - xã hội, hội")
    PRESS = "press", _("Cơ quan báo chí")
    SCHOOL = "school", _("Trường học")
    RESIDENTIAL_BLOCK = "residential_block", _("Khối phố, thôn, tổ dân phố")
    DIGITAL_TEAM = "digital_team", _("Tổ công nghệ số cộng đồng")
    CENTRAL_BODY = "central_body", _("Cơ quan Trung ương")
    OTHER = "other", _("Khác")

    @classmethod
    def territorial(cls) -> tuple[str, ...]:
        return (cls.PROVINCE, cls.DISTRICT, cls.COMMUNE)


class UnitSystem(models.TextChoices):
    TERRITORY = "territory", _("Địa bàn hành chính")
    PARTY = "party", _("Hệ thống Đảng")
    STATE = "state", _("Hệ thống chính quyền")
    FRONT = "front", _("Mặt trận và các đoàn thể")
    OTHER = "other", _("Khác")


class DocumentStyle(models.TextChoices):
    """Which formatting rules the unit's documents follow (see docs/official-format.md)."""

    PARTY = "party", _("Văn bản Đảng (HD 36-HD/VPTW)")
    STATE = "state", _("Văn bản hành chính (Nghị định 30/2020/NĐ-CP)")


class DivisionType(models.TextChoices):
    TINH = "tinh", _("Tỉnh")
    THANH_PHO_TW = "thanh_pho_tw", _("Thành phố trực thuộc Trung ương")
    HUYEN = "huyen", _("Huyện")
    QUAN = "quan", _("Quận")
    THI_XA = "thi_xa", _("Thị xã")
    THANH_PHO = "thanh_pho", _("Thành phố thuộc tỉnh")
    XA = "xa", _("Xã")
    PHUONG = "phuong", _("Phường")
    THI_TRAN = "thi_tran", _("Thị trấn")
    DAC_KHU = "dac_khu", _("Đặc khu")


class Scheme(models.TextChoices):
    """Which administrative map a territorial code belongs to (codes are reused across maps)."""

    CURRENT = "2025", _("Từ 01/7/2025")
    LEGACY = "legacy", _("Trước 01/7/2025")


class Role(models.TextChoices):
    EDITOR = "editor", _("Soạn thảo kế hoạch")
    REPORTER = "reporter", _("Báo cáo, cập nhật hoạt động")
    LEADER = "leader", _("Lãnh đạo")
    UNIT_ADMIN = "unit_admin", _("Quản trị đơn vị")


class BodyLevel(models.TextChoices):
    """The level of territory a body template applies to (since 1/7/2025: two levels)."""

    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")
