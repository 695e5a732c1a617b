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


# Vietnamese letters with their diacritics, grouped by the letter they fold to.
_VARIANTS = {
    "a": "aàáảãạăằắẳẵặâầấẩẫậ",
    "e": "eèéẻẽẹêềếểễệ",
    "i": "iìíỉĩị",
    "o": "oòóỏõọôồốổỗộơờớởỡợ",
    "u": "uùúủũụưừứửữự",
    "y": "yỳýỷỹỵ",
    "d": "dđ",
}


def _letter_variants(word: str) -> list[str]:
    """Per character of the folded word, every form it may take (case, diacritics)."""
    forms = []
    for char in fold(word):
        letters = _VARIANTS.get(char, char)
        forms.append("".join(dict.fromkeys(letters + letters.upper())))
    return forms


def accent_pattern(word: str) -> str:
    """A regular expression matching `word` whatever its case and Vietnamese diacritics:
    "hung" becomes "[hH][uùú…ỰỨ][nN][gG]". A query-time counterpart of `fold` for tables
    without a stored folded column (PostgreSQL's `~`, Python's re), with no database
    extension and no case folding left to the locale."""
    return "".join(
        "[" + "".join(re.escape(v) for v in forms) + "]" if len(forms) > 1 else re.escape(forms)
        for forms in _letter_variants(word)
    )


def accent_glob(word: str) -> str:
    """`accent_pattern` for SQLite's GLOB (matched in C, case-sensitive): "[hH][uùú…]…";
    GLOB's own wildcards stand for themselves."""
    return "".join(
        "[" + forms + "]" if len(forms) > 1 or forms in "*?[" else forms
        for forms in _letter_variants(word)
    )
