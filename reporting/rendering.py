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
from directives.models import Document
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


def _family(unit: Unit, receiver: Unit | None) -> Family:
    """The receiver's layout family (the unit's own when the report goes to no unit)."""
    style = receiver.doc_style if receiver else unit.doc_style
    return Family.PARTY if style == DocumentStyle.PARTY else Family.STATE


def _organ_lines(unit: Unit) -> tuple[str, ...]:
    return tuple(line for line in unit.header_name.splitlines() if line) or (unit.name.upper(),)


def _number_line(unit: Unit, family: Family) -> str:
    symbol = unit.symbol_code or "…"
    return f"Số      -BC/{symbol}" if family == Family.PARTY else f"Số:      /BC-{symbol}"


def _place_date(report: Report, unit: Unit) -> str:
    """The submission date (blank to fill in by hand before submission) after the place."""
    day = timezone.localtime(report.submitted_at).date() if report.submitted_at else None
    date_text = vn_long_date(day) if day else "ngày     tháng     năm"
    place = _place(unit)
    return f"{place}, {date_text}" if place else date_text


def _subject(document: Document, period_label: str) -> str:
    subject = f"Kết quả thực hiện {document.get_kind_display()} {document.reference}".strip()
    if document.title:
        subject += f" {document.title[0].lower()}{document.title[1:]}"
    return subject + f", {period_label.lower()}"


def _figures(report: Report) -> list[Block]:
    """The figures by channel within the data window, as a table."""
    deadline = report.deadline
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
    table = (
        Block("table", table=Table(FIGURE_HEADER, rows, (6, 34, 12, 12, 12, 12, 12)))
        if rows
        else Block("paragraph", "Chưa ghi nhận hoạt động trong kỳ.")
    )
    return [
        Block("subheading", "Số liệu theo hình thức tuyên truyền"),
        Block("paragraph", window),
        table,
    ]


def _late_units(report: Report) -> list[Block]:
    if not report.late_units:
        return []
    rows = tuple(
        (str(i), item.get("unit", ""), str(item.get("days", "")))
        for i, item in enumerate(report.late_units, start=1)
    )
    return [
        Block("subheading", "Đơn vị chậm báo cáo, chưa báo cáo"),
        Block("table", table=Table(("TT", "Đơn vị", "Số ngày chậm"), rows, (8, 70, 22))),
    ]


def _blocks(report: Report, document: Document) -> tuple[Block, ...]:
    duty = report.deadline.duty
    unit = report.deadline.unit
    return (
        Block(
            "paragraph",
            f"Thực hiện {document.get_kind_display()} số {document.reference} của "
            f"{document.issuer_name}; {duty.phrase.strip().rstrip('.')}, "
            f"{unit.name} báo cáo kết quả như sau:",
        ),
        Block("heading", "I. KẾT QUẢ ĐẠT ĐƯỢC"),
        *_paragraphs(report.results, "(Chưa nhập nội dung.)"),
        *_figures(report),
        *_late_units(report),
        Block("heading", "II. HẠN CHẾ, NGUYÊN NHÂN"),
        *_paragraphs(report.shortcomings, "(Không có.)"),
        Block("heading", "III. ĐỀ XUẤT, KIẾN NGHỊ"),
        *_paragraphs(report.proposals, "(Không có.)"),
    )


def _recipients(receiver_name: str) -> tuple[str, ...]:
    return tuple(
        line
        for line in (f"- {receiver_name} (báo cáo);" if receiver_name else "", "- Lưu: VT.")
        if line
    )


def _file_stem(unit: Unit, period_label: str) -> str:
    stem = fold(f"bao cao {unit.short_name or unit.name} {period_label}")
    return "-".join(stem.replace("/", "-").split()) or "bao-cao"


def report_snapshot(report: Report) -> DocumentSnapshot:
    deadline = report.deadline
    duty = deadline.duty
    unit = deadline.unit
    receiver = duty.receiver
    document = duty.plan.document
    family = _family(unit, receiver)
    signer_line = ("T/M" if family == Family.PARTY else "TM.") + " " + unit.name.upper()
    return DocumentSnapshot(
        family=family,
        organ_parent=unit.header_parent_line,
        organ_lines=_organ_lines(unit),
        number_line=_number_line(unit, family),
        place_date=_place_date(report, unit),
        kind_title="BÁO CÁO",
        subject=_subject(document, deadline.period_label),
        blocks=_blocks(report, document),
        recipients=_recipients(receiver.name if receiver else duty.receiver_text),
        signer_lines=((signer_line, True),),
        signer_name="",
        draft=report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED),
        file_stem=_file_stem(unit, deadline.period_label),
        meta={"report_id": report.pk},
    )
