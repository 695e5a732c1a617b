"""Unit names as the CSV files write them: NFC, one apostrophe, a canonical prefix."""

from __future__ import annotations

import re
import unicodedata

from sources import SourceError

# prefix -> division_type, per level (longest prefixes first where it matters)
PREFIXES = {
    "province": [("Thành phố", "thanh_pho_tw"), ("Tỉnh", "tinh")],
    "district": [
        ("Thành phố", "thanh_pho"),
        ("Thị xã", "thi_xa"),
        ("Huyện", "huyen"),
        ("Quận", "quan"),
    ],
    "commune": [
        ("Thị trấn", "thi_tran"),
        ("Phường", "phuong"),
        ("Đặc khu", "dac_khu"),
        ("Xã", "xa"),
    ],
}
APOSTROPHES = "'\u2018\u02bc\u0060\u00b4"  # all written as U+2019 ’


def clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    for ch in APOSTROPHES:
        text = text.replace(ch, "\u2019")
    return re.sub(r"\s+", " ", text).strip()


def split_name(level: str, raw: str) -> tuple[str, str, str]:
    """-> (division_type, name with canonical prefix, short_name)."""
    name = clean(raw)
    for prefix, dtype in PREFIXES[level]:
        if name.lower().startswith(prefix.lower() + " "):
            short = name[len(prefix) :].strip()
            return dtype, f"{prefix} {short}", short
    raise SourceError(f"{level} name without a known prefix: {raw!r}")


def fold(text: str) -> str:
    """accent-, case- and punctuation-insensitive key"""
    text = unicodedata.normalize("NFD", clean(text).replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]", "", text.lower())
