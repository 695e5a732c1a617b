"""A report as a "BÁO CÁO" DocumentSnapshot, printed by the same engine as plans.

The layout family follows the receiving hierarchy: a commune People's Committee reporting to a
party committee writes in the party format (HD 36-HD/VPTW), to a state body in the state
format (Decree 30/2020). The header is the reporting unit's own.
"""

from __future__ import annotations

from django.utils import timezone

from common.dates import vn_long_date, vn_short_date
from common.documents import Block, DocumentSnapshot, Family, Table
from common.text import fold
from units.choices import DocumentStyle
from units.models import Unit

from .choices import ReportStatus
from .models import Report

FIGURE_HEADER = (
    "TT",
    "Hình thức",
    "Số hoạt động",
    "Số lượng",
    "Người tham dự",
    "Lượt tiếp cận",
    "Lượt xem",
)


def _place(unit: Unit) -> str:
    """The place name printed before the date: the unit's, its territory's or a superior's."""
    node: Unit | None = unit
    while node is not None:
        if node.place_name:
            return node.place_name
        if node.territory_id and node.territory and node.territory.place_name:
            return node.territory.place_name
        node = node.parent
    return ""


def _number(n: int | None) -> str:
    return "" if n is None else f"{n:,}".replace(",", ".")


def _paragraphs(text: str, empty: str) -> list[Block]:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return [Block("paragraph", line) for line in lines] or [Block("paragraph", empty)]


def report_snapshot(report: Report) -> DocumentSnapshot:
    deadline = report.deadline
    duty = deadline.duty
    unit = deadline.unit
    receiver = duty.receiver
    document = duty.plan.document
    family = (
        Family.PARTY
        if (receiver.doc_style if receiver else unit.doc_style) == DocumentStyle.PARTY
        else Family.STATE
    )
    organ_lines = tuple(line for line in unit.header_name.splitlines() if line) or (
        unit.name.upper(),
    )
    symbol = unit.symbol_code or "…"
    number_line = f"Số      -BC/{symbol}" if family == Family.PARTY else f"Số:      /BC-{symbol}"
    day = timezone.localtime(report.submitted_at).date() if report.submitted_at else None
    date_text = vn_long_date(day) if day else "ngày     tháng     năm"
    place = _place(unit)
    subject = f"Kết quả thực hiện {document.get_kind_display()} {document.reference}".strip()
    if document.title:
        subject += f" {document.title[0].lower()}{document.title[1:]}"
    subject += f", {deadline.period_label.lower()}"
    window = (
        f"Số liệu từ ngày {vn_short_date(deadline.data_from)} "
        f"đến ngày {vn_short_date(deadline.data_until)}."
    )
    rows = tuple(
        (
            str(i),
            row.get("channel_name", ""),
            _number(row.get("count")),
            _number(row.get("quantity")),
            _number(row.get("participants")),
            _number(row.get("reach")),
            _number(row.get("views")),
        )
        for i, row in enumerate(report.figures or [], start=1)
    )
    blocks: list[Block] = [
        Block(
            "paragraph",
            f"Thực hiện {document.get_kind_display()} số {document.reference} của "
            f"{document.issuer_name}; {duty.phrase.strip().rstrip('.')}, "
            f"{unit.name} báo cáo kết quả như sau:",
        ),
        Block("heading", "I. KẾT QUẢ ĐẠT ĐƯỢC"),
        *_paragraphs(report.results, "(Chưa nhập nội dung.)"),
        Block("subheading", "Số liệu theo hình thức tuyên truyền"),
        Block("paragraph", window),
    ]
    if rows:
        blocks.append(Block("table", table=Table(FIGURE_HEADER, rows, (6, 34, 12, 12, 12, 12, 12))))
    else:
        blocks.append(Block("paragraph", "Chưa ghi nhận hoạt động trong kỳ."))
    if report.late_units:
        blocks.append(Block("subheading", "Đơn vị chậm báo cáo, chưa báo cáo"))
        blocks.append(
            Block(
                "table",
                table=Table(
                    ("TT", "Đơn vị", "Số ngày chậm"),
                    tuple(
                        (str(i), item.get("unit", ""), str(item.get("days", "")))
                        for i, item in enumerate(report.late_units, start=1)
                    ),
                    (8, 70, 22),
                ),
            )
        )
    blocks += [
        Block("heading", "II. HẠN CHẾ, NGUYÊN NHÂN"),
        *_paragraphs(report.shortcomings, "(Không có.)"),
        Block("heading", "III. ĐỀ XUẤT, KIẾN NGHỊ"),
        *_paragraphs(report.proposals, "(Không có.)"),
    ]
    receiver_name = receiver.name if receiver else duty.receiver_text
    recipients = tuple(
        line
        for line in (f"- {receiver_name} (báo cáo);" if receiver_name else "", "- Lưu: VT.")
        if line
    )
    signer_lines = (("T/M" if family == Family.PARTY else "TM.") + " " + unit.name.upper(), True)
    stem = fold(f"bao cao {unit.short_name or unit.name} {deadline.period_label}")
    return DocumentSnapshot(
        family=family,
        organ_parent=unit.header_parent_line,
        organ_lines=organ_lines,
        number_line=number_line,
        place_date=f"{place}, {date_text}" if place else date_text,
        kind_title="BÁO CÁO",
        subject=subject,
        blocks=tuple(blocks),
        recipients=recipients,
        signer_lines=(signer_lines,),
        signer_name="",
        draft=report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED),
        file_stem="-".join(stem.replace("/", "-").split()) or "bao-cao",
        meta={"report_id": report.pk},
    )
