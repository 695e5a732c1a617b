"""What an official document prints, frozen at render time (plain data, JSON-safe)."""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Family(StrEnum):
    """Layout family: Party documents (HD 36-HD/VPTW) or State documents (Decree 30/2020)."""

    PARTY = "party"
    STATE = "state"


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...] = ()  # percentages; empty = equal


@dataclass(frozen=True)
class Block:
    """One element of the body.

    kind: "heading" (I- MỤC ĐÍCH ..., bold), "subheading" (1. Mục đích, bold), "paragraph",
    "lead" (a bold lead-in line such as "1.3. Những thành tựu ..."), or "table".
    """

    kind: str
    text: str = ""
    table: Table | None = None


@dataclass(frozen=True)
class DocumentSnapshot:
    family: Family
    organ_parent: str  # "TỈNH ỦY HƯNG YÊN"; empty when the organ has no parent line
    organ_lines: tuple[str, ...]  # ("BAN TUYÊN GIÁO VÀ DÂN VẬN",)
    number_line: str  # "Số 01-KH/BTGDVTU" / "Số: 30/KH-UBND"
    place_date: str  # "Hưng Yên, ngày 25 tháng 02 năm 2025"
    kind_title: str  # "KẾ HOẠCH"
    subject: str  # trích yếu
    blocks: tuple[Block, ...]
    recipients: tuple[str, ...]
    signer_lines: tuple[tuple[str, bool], ...]  # (text, bold) lines above the signature space
    signer_name: str
    footnotes: tuple[tuple[str, str], ...] = ()
    draft: bool = False
    file_stem: str = "van-ban"
    meta: dict[str, Any] = field(default_factory=dict)

    def normalised(self) -> DocumentSnapshot:
        """Every string in NFC (TCVN 6909): composed letters print and search best."""
        normalised: DocumentSnapshot = _nfc(self)
        return normalised

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def is_party(self) -> bool:
        return self.family == Family.PARTY

    @property
    def size_hint(self) -> int:
        """Rough amount of text and rows, to decide inline vs background rendering."""
        text = sum(len(b.text) for b in self.blocks)
        rows = sum(len(b.table.rows) for b in self.blocks if b.table)
        return text + 400 * rows + 60 * len(self.recipients)


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, tuple):
        return tuple(_nfc(v) for v in value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    if isinstance(value, DocumentSnapshot | Block | Table):
        return type(value)(**{k: _nfc(getattr(value, k)) for k in value.__dataclass_fields__})
    return value


def snapshot_from_dict(data: dict[str, Any]) -> DocumentSnapshot:
    """Rebuild a snapshot stored as JSON (a background render uses what was requested)."""
    blocks = []
    for block in data["blocks"]:
        table = block.get("table")
        blocks.append(
            Block(
                kind=block["kind"],
                text=block.get("text", ""),
                table=Table(
                    header=tuple(table["header"]),
                    rows=tuple(tuple(r) for r in table["rows"]),
                    widths=tuple(table.get("widths") or ()),
                )
                if table
                else None,
            )
        )
    return DocumentSnapshot(
        family=Family(data["family"]),
        organ_parent=data["organ_parent"],
        organ_lines=tuple(data["organ_lines"]),
        number_line=data["number_line"],
        place_date=data["place_date"],
        kind_title=data["kind_title"],
        subject=data["subject"],
        blocks=tuple(blocks),
        recipients=tuple(data["recipients"]),
        signer_lines=tuple((text, bool(bold)) for text, bold in data["signer_lines"]),
        signer_name=data["signer_name"],
        footnotes=tuple((m, t) for m, t in data.get("footnotes") or ()),
        draft=bool(data.get("draft")),
        file_stem=data.get("file_stem", "van-ban"),
        meta=dict(data.get("meta") or {}),
    )
