"""Snapshot → editable DOCX (python-docx), with the layout of the PDF: A4, the same margins,
the two-column header, title, body, recipients and signature block, page numbers from
page 2. Word substitutes its own Times New Roman for the family named here."""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from .snapshot import Block, DocumentSnapshot, Table

FONT = "Times New Roman"


def _run(
    paragraph: Paragraph, text: str, *, size: float = 14, bold: bool = False, italic: bool = False
) -> None:
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def _line(
    cell: _Cell | DocxDocument,
    text: str,
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
    first: bool = False,
) -> Paragraph:
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    _run(paragraph, text, size=size, bold=bold, italic=italic)
    return paragraph


def _bottom_border(paragraph: Paragraph) -> None:
    """A short rule under a header line (a paragraph border, as Word users draw it)."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _page_number_header(document: DocxDocument) -> None:
    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _page_setup(document: DocxDocument) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    _page_number_header(document)


def _header(document: DocxDocument, doc: DocumentSnapshot) -> None:
    """The two-column header: organ and number on the left, motto and place, date right."""
    party = doc.is_party
    organ_size = 14 if party else 13
    header = document.add_table(rows=2, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    left.width = right.width = Cm(8.2)
    first = True
    if doc.organ_parent:
        _line(left, doc.organ_parent, size=organ_size, first=True)
        first = False
    for text in doc.organ_lines:
        last = _line(left, text, size=organ_size, bold=True, first=first)
        first = False
    if party:
        _line(left, "*", size=organ_size)
        _bottom_border(_line(right, "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, first=True))
    else:
        _bottom_border(last)
        _line(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True, first=True)
        _bottom_border(_line(right, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True))
    number, place = header.rows[1].cells
    _line(number, doc.number_line, size=organ_size, first=True)
    _line(place, doc.place_date, size=14, italic=True, first=True)


def _title(document: DocxDocument, doc: DocumentSnapshot) -> None:
    title = _line(document, doc.kind_title, size=16 if doc.is_party else 14, bold=True)
    title.paragraph_format.space_before = Pt(14)
    subject = _line(document, doc.subject, size=14, bold=True)
    if doc.is_party:
        _line(document, "-----", size=14)
    else:
        _bottom_border(subject)


def _table(document: DocxDocument, table: Table) -> None:
    grid = document.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, table.header, strict=False):
        _line(cell, text, size=12, bold=True, first=True)
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, text in zip(cells, row, strict=False):
            _line(cell, text, size=12, align=WD_ALIGN_PARAGRAPH.LEFT, first=True)


def _body(document: DocxDocument, blocks: tuple[Block, ...]) -> None:
    for block in blocks:
        if block.kind == "table" and block.table is not None:
            _table(document, block.table)
            continue
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Cm(1)
        paragraph.paragraph_format.space_after = Pt(6)
        _run(paragraph, block.text, bold=block.kind in ("heading", "subheading", "lead"))


def _signature(document: DocxDocument, doc: DocumentSnapshot) -> None:
    """Recipients on the left, the signer's lines, space to sign and name on the right."""
    party = doc.is_party
    sign = document.add_table(rows=1, cols=2)
    recipients, signer = sign.rows[0].cells
    label = _line(
        recipients,
        "Nơi nhận:",
        size=14 if party else 12,
        bold=not party,
        italic=not party,
        align=WD_ALIGN_PARAGRAPH.LEFT,
        first=True,
    )
    if party:
        label.runs[0].underline = True
    for line in doc.recipients or ("(chưa có nơi nhận)",):
        _line(recipients, f"- {line}", size=12 if party else 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    first = True
    for text, bold in doc.signer_lines:
        _line(signer, text, size=14, bold=bold, first=first)
        first = False
    for _ in range(4):
        _line(signer, "", size=14, first=first)
        first = False
    _line(signer, doc.signer_name or "(chưa có người ký)", size=14, bold=True)


def snapshot_docx(snapshot: DocumentSnapshot) -> bytes:
    doc = snapshot.normalised()
    document = new_docx()
    _page_setup(document)
    if doc.draft:
        _line(document, "DỰ THẢO", size=12, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _header(document, doc)
    _title(document, doc)
    _body(document, doc.blocks)
    _signature(document, doc)
    for marker, text in doc.footnotes:
        _line(document, f"{marker} {text}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
