"""A plan (or any document) as a frozen DocumentSnapshot for the document engine."""

from __future__ import annotations

from common.documents import Block, DocumentSnapshot, Family
from common.text import fold

from .models import Assignment, Document
from .selectors import OutlineNode, plan_outline
from .templatetags.portal import authority_line


def _paragraphs(text: str) -> list[Block]:
    return [Block("paragraph", line.strip()) for line in text.splitlines() if line.strip()]


def _item_blocks(part: str, item: object) -> list[Block]:
    label = getattr(item, "label", "")
    title = getattr(item, "title", "")
    if part == "assignments" and isinstance(item, Assignment):
        blocks = [Block("subheading", f"{label} {title}".strip())]
        for task in item.tasks.all():
            blocks.append(Block("paragraph", f"{task.label} {task.text}".strip()))
        return blocks
    text = getattr(item, "text", "")
    if title:
        return [Block("lead", f"{label} {title}".strip()), *_paragraphs(text)]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return []
    first = f"{label} {lines[0]}".strip() if label else lines[0]
    return [Block("paragraph", first), *(Block("paragraph", line) for line in lines[1:])]


def _section_blocks(node: OutlineNode, depth: int) -> list[Block]:
    if node.is_empty:
        return []
    section = node.section
    blocks: list[Block] = []
    heading = f"{section.label} {section.title}".strip()
    if heading:
        blocks.append(Block("heading" if depth == 0 else "subheading", heading))
    blocks += _paragraphs(section.intro)
    for part, item in node.items:
        blocks += _item_blocks(part, item)
    for child in node.children:
        blocks += _section_blocks(child, depth + 1)
    blocks += _paragraphs(section.outro)
    return blocks


def _organ_lines(document: Document) -> tuple[str, ...]:
    """The issuing organ's name as its header prints it, else the issuer name in capitals."""
    issuer = document.issuer
    lines = tuple(line for line in (issuer.header_name if issuer else "").splitlines() if line)
    return lines or (document.issuer_name.upper(),)


def _place_date(document: Document) -> str:
    date_text = document.date_text or "ngày     tháng     năm"
    return f"{document.place}, {date_text}" if document.place else date_text


def _body(document: Document) -> tuple[list[Block], tuple[tuple[str, str], ...]]:
    """The plan's blocks (basis, sections, closing) and its footnotes; none for a non-plan."""
    plan = getattr(document, "plan", None)
    if plan is None:
        return [], ()
    blocks = _paragraphs(plan.basis_text)
    for node in plan_outline(plan):
        blocks += _section_blocks(node, 0)
    blocks += _paragraphs(plan.closing_text)
    return blocks, tuple((f.marker, f.text) for f in plan.footnotes.all())


def _signer_lines(document: Document, family: Family) -> list[tuple[str, bool]]:
    """The lines above the signer's name, each with whether it prints bold."""
    lines: list[tuple[str, bool]] = []
    if document.signer_on_behalf_line:
        lines.append((document.signer_on_behalf_line, True))
    if document.signer_authority:
        lines.append((authority_line(document), True))
    if document.signer_title:
        # Party: the post under a K/T or T/M line is regular (HD 36); State: bold.
        regular = family == Family.PARTY and bool(document.signer_authority)
        lines.append((document.signer_title, not regular))
    return lines


def _file_stem(document: Document) -> str:
    stem = fold(f"{document.get_kind_display()} {document.reference or document.pk}")
    return "-".join(stem.replace("/", "-").split()) or "van-ban"


def document_snapshot(document: Document) -> DocumentSnapshot:
    """Freeze what the document prints: header from the issuer's profile, body from the plan."""
    issuer = document.issuer
    family = Family.PARTY if document.is_party_style else Family.STATE
    blocks, footnotes = _body(document)
    signer_lines = _signer_lines(document, family)
    return DocumentSnapshot(
        family=family,
        organ_parent=issuer.header_parent_line if issuer else "",
        organ_lines=_organ_lines(document),
        number_line=document.number_line,
        place_date=_place_date(document),
        kind_title=document.get_kind_display().upper(),
        subject=document.title or "(chưa có trích yếu)",
        blocks=tuple(blocks),
        recipients=tuple(r.text for r in document.recipients.all()),
        signer_lines=tuple(signer_lines),
        signer_name=document.signer_name,
        footnotes=footnotes,
        draft=document.status == "draft",
        file_stem=_file_stem(document),
        meta={"document_id": document.pk, "lock_version": document.lock_version},
    )
