"""Normalising the seed texts the way docs in directives/seed_data/README.md describe."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

SOURCES = Path(__file__).resolve().parents[2] / "directives" / "seed_data" / "sources"


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("ƣ", "ư").replace("Ƣ", "Ư")
    text = text.replace("**", "")
    # Page numbers and detached footnote markers sit alone on their lines.
    lines = [line for line in text.splitlines() if not re.fullmatch(r"\s*\d+\s*", line)]
    text = " ".join(re.sub(r"^\s*#+\s*", "", line) for line in lines)
    text = re.sub(r"\s+", " ", text)
    return re.sub(r" \)", ")", text).strip()


@cache
def source(name: str) -> str:
    return normalise((SOURCES / name).read_text(encoding="utf-8"))
