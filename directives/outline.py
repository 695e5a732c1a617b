"""A plan's default outline and the section new items of a part go to.

Shared by the plan workflows and the plan-content writer, so it imports neither of them.
"""

from __future__ import annotations

from units.choices import DocumentStyle

from .choices import SectionPart
from .models import Plan, PlanSection

DEFAULT_OUTLINE: list[tuple[SectionPart, str]] = [
    (SectionPart.PURPOSES, "MỤC ĐÍCH, YÊU CẦU"),
    (SectionPart.THEMES, "NỘI DUNG TUYÊN TRUYỀN"),
    (SectionPart.AUDIENCES, "ĐỐI TƯỢNG TUYÊN TRUYỀN"),
    (SectionPart.CHANNELS, "HÌNH THỨC TUYÊN TRUYỀN"),
    (SectionPart.ROADMAP, "LỘ TRÌNH THỰC HIỆN"),
    (SectionPart.BUDGET, "KINH PHÍ THỰC HIỆN"),
    (SectionPart.ASSIGNMENTS, "TỔ CHỨC THỰC HIỆN"),
]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def heading_label(index: int, style: str) -> str:
    numeral = ROMAN[index] if index < len(ROMAN) else str(index + 1)
    return f"{numeral}-" if style == DocumentStyle.PARTY else f"{numeral}."


def section_for(plan: Plan, part: str) -> PlanSection:
    """The section new items of `part` go to; created at the end of the outline if absent."""
    section: PlanSection | None = plan.sections.filter(part=part).order_by("position").first()
    if section is not None:
        return section
    count = plan.sections.filter(parent__isnull=True).count()
    title = next((title for known, title in DEFAULT_OUTLINE if known == part), "")
    last = plan.sections.order_by("-position").first()
    return PlanSection.objects.create(
        plan=plan,
        part=part,
        position=(last.position + 1) if last else 1,
        label=heading_label(count, plan.document.style),
        title=str(title),
    )


def default_outline_create(*, plan: Plan) -> None:
    """The headings of a new plan: one section per part, numbered in the issuer's style."""
    PlanSection.objects.bulk_create(
        [
            PlanSection(
                plan=plan,
                part=part,
                position=index + 1,
                label=heading_label(index, plan.document.style),
                title=str(title),
            )
            for index, (part, title) in enumerate(DEFAULT_OUTLINE)
        ]
    )
