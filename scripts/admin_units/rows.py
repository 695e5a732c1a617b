"""Rows of the two CSV files and how they are written."""

from __future__ import annotations

import csv
import io
from typing import Any

HEADER_2025 = ["code", "level", "division_type", "name", "short_name", "parent_code"]
HEADER_LEGACY = [*HEADER_2025, "successor_codes"]
LEVEL_ORDER = {"province": 0, "district": 1, "commune": 2}
CODE_WIDTH = {"province": 2, "district": 3, "commune": 5}

Row = dict[str, Any]


def code_of(level: str, raw: str | int) -> str:
    """A code of `level` zero-padded to its width ("1" -> "01" for a province)."""
    return f"{int(raw):0{CODE_WIDTH[level]}d}"


def unit_row(level: str, code: str, split: tuple[str, str, str], parent_code: str) -> Row:
    """`split` is split_name's (division_type, name, short_name)."""
    dtype, name, short = split
    return {
        "code": code,
        "level": level,
        "division_type": dtype,
        "name": name,
        "short_name": short,
        "parent_code": parent_code,
    }


def to_csv(rows: list[Row], header: list[str]) -> str:
    rows = sorted(rows, key=lambda r: (LEVEL_ORDER[r["level"]], r["code"]))
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()
