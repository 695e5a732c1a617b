from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """Document types; the value is the abbreviation used in the document symbol."""

    NGHI_QUYET = "NQ", _("Nghị quyết")
    CHI_THI = "CT", _("Chỉ thị")
    KET_LUAN = "KL", _("Kết luận")
    QUYET_DINH = "QĐ", _("Quyết định")
    QUY_DINH = "QyĐ", _("Quy định")
    HUONG_DAN = "HD", _("Hướng dẫn")
    KE_HOACH = "KH", _("Kế hoạch")
    CHUONG_TRINH = "CTr", _("Chương trình")
    DE_AN = "ĐA", _("Đề án")
    CONG_VAN = "CV", _("Công văn")
    BAO_CAO = "BC", _("Báo cáo")
    THONG_BAO = "TB", _("Thông báo")
    THONG_TRI = "TT", _("Thông tri")
    TO_TRINH = "TTr", _("Tờ trình")
    LUAT = "LUAT", _("Luật")
    KHAC = "KHAC", _("Khác")

    @classmethod
    def plan_kinds(cls) -> tuple[str, ...]:
        return (cls.KE_HOACH, cls.CHUONG_TRINH, cls.HUONG_DAN, cls.DE_AN)


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")
    SUPERSEDED = "superseded", _("Đã được thay thế")
    WITHDRAWN = "withdrawn", _("Đã hủy")


class SignerAuthority(models.TextChoices):
    """Signing capacity; printed as `TM.`/`T/M` etc. according to the document style."""

    NONE = "", _("Ký trực tiếp")
    ON_BEHALF = "TM", _("Thay mặt (TM., T/M)")
    DEPUTY = "KT", _("Ký thay (KT., K/T)")
    BY_ORDER = "TL", _("Thừa lệnh (TL., T/L)")
    BY_DELEGATION = "TUQ", _("Thừa ủy quyền (TUQ.)")
    ACTING = "Q", _("Quyền (Q.)")


class ReferenceKind(models.TextChoices):
    IMPLEMENTS = "implements", _("Thực hiện")
    BASED_ON = "based_on", _("Căn cứ")
    REPLACES = "replaces", _("Thay thế")
    CITES = "cites", _("Dẫn chiếu trong nội dung")


class SectionPart(models.TextChoices):
    """What a section of a plan holds; headings vary between plans, parts do not."""

    PURPOSES = "purposes", _("Mục đích, yêu cầu")
    THEMES = "themes", _("Nội dung tuyên truyền")
    AUDIENCES = "audiences", _("Đối tượng")
    CHANNELS = "channels", _("Hình thức tuyên truyền")
    ROADMAP = "roadmap", _("Lộ trình")
    BUDGET = "budget", _("Kinh phí")
    ASSIGNMENTS = "assignments", _("Tổ chức thực hiện")
    FREE = "free", _("Nội dung khác")


class PurposeKind(models.TextChoices):
    PURPOSE = "purpose", _("Mục đích")
    REQUIREMENT = "requirement", _("Yêu cầu")


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    COORDINATE = "coordinate", _("Phối hợp")
    IMPLEMENT = "implement", _("Thực hiện")


class DutyRule(models.TextChoices):
    ONCE = "once", _("Một lần, trước một ngày")
    ANNUAL = "annual", _("Hằng năm, trước ngày/tháng")
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    HALF_YEARLY = "half_yearly", _("Sáu tháng")
    UNSCHEDULED = "unscheduled", _("Định kỳ, chưa ấn định thời hạn")


class ReminderStep(models.TextChoices):
    """When a reminder goes out, relative to the deadline; a duty chooses its steps."""

    BEFORE_7 = "before_7", _("Trước 7 ngày")
    BEFORE_3 = "before_3", _("Trước 3 ngày")
    BEFORE_1 = "before_1", _("Trước 1 ngày")
    ON_DAY = "on_day", _("Đúng hạn")
    AFTER_1 = "after_1", _("Quá hạn 1 ngày")
    AFTER_3 = "after_3", _("Quá hạn 3 ngày")
    NUDGE = "nudge", _("Đôn đốc")  # sent when a leader asks, not on a schedule

    @classmethod
    def scheduled(cls) -> list[ReminderStep]:
        return [step for step in cls if step != cls.NUDGE]

    @classmethod
    def scheduled_choices(cls) -> list[tuple[str, Any]]:
        return [(step.value, step.label) for step in cls.scheduled()]

    @property
    def offset(self) -> int:
        """Days from the named date X of "trước ngày X" to the day the reminder goes out.

        "Trước ngày 07/3" leaves n whole days (…, 06/3) on the morning of X - (n + 1): the
        "3 days left" reminder goes out on 03/3. "On the day" is X itself, and the overdue
        reminders follow on X + 1 and X + 3.
        """
        return {
            "before_7": -8,
            "before_3": -4,
            "before_1": -2,
            "on_day": 0,
            "after_1": 1,
            "after_3": 3,
            "nudge": 0,
        }[self.value]

    @property
    def escalates(self) -> bool:
        """Overdue steps also go to the leaders of the superior unit."""
        return self.offset > 0


class ChannelCategory(models.TextChoices):
    PRESS = "press", _("Báo chí")
    BROADCAST = "broadcast", _("Phát thanh, truyền hình")
    ONLINE = "online", _("Cổng, trang thông tin điện tử")
    SOCIAL = "social", _("Mạng xã hội, nền tảng số")
    LOUDSPEAKER = "loudspeaker", _("Truyền thanh cơ sở")
    VISUAL = "visual", _("Cổ động trực quan")
    MEETING = "meeting", _("Sinh hoạt, học tập, hội nghị")
    SEMINAR = "seminar", _("Tọa đàm, hội thảo")
    PUBLICATION = "publication", _("Ấn phẩm, tài liệu")
    MOBILE = "mobile", _("Thông tin lưu động")
    ORAL = "oral", _("Tuyên truyền miệng, báo cáo viên")
    CONTEST = "contest", _("Hội thi, cuộc thi")
    TRAINING = "training", _("Đào tạo, tập huấn")
    CULTURE = "culture", _("Văn hóa, văn nghệ, thể thao")
    EDUCATION = "education", _("Giáo dục trong nhà trường")
    OTHER = "other", _("Khác")


class RenditionFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX (Word)"


class RenditionStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang dựng")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Lỗi")
