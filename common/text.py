"""Text helpers shared by apps."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower case without diacritics, for accent-insensitive search.

    "Tuyên truyền chuyển đổi số" and "tuyen truyen chuyen doi so" fold to the same string on
    every database, because the folded text is stored (Document.search_text) rather than
    computed by a database function (SQLite has no unaccent).
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped.lower()).strip()
