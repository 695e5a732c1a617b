"""Reading rendered PDFs back: text per page, fonts, and text with its font size."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in reader(pdf).pages]


def fonts(pdf: bytes) -> set[str]:
    names: set[str] = set()
    for page in reader(pdf).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            names.add(str(font.get_object().get("/BaseFont")))
    return names


def sized_runs(pdf: bytes, page_number: int = 0) -> list[tuple[str, float, str]]:
    """(text, font size in pt, font name) for each text run on a page."""
    runs: list[tuple[str, float, str]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.strip():
            scale = abs(tm[0] * cm[0]) or 1
            name = str(font.get("/BaseFont")) if font else ""
            runs.append((text.strip(), round(size * scale, 1), name))

    reader(pdf).pages[page_number].extract_text(visitor_text=visit)
    return runs


def in_order(text: str, parts: list[str]) -> bool:
    position = 0
    for part in parts:
        found = text.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


def positioned_runs(pdf: bytes, page_number: int) -> list[tuple[str, float, float]]:
    """(text, x, y) in points from the bottom-left corner for each text run on a page."""
    runs: list[tuple[str, float, float]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.strip():
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            runs.append((text.strip(), x, y))

    reader(pdf).pages[page_number].extract_text(visitor_text=visit)
    return runs


def page_number_run(pdf: bytes, page_number: int) -> str | None:
    """The text printed in the top margin (above 20 mm from the top edge), if any."""
    top = float(reader(pdf).pages[page_number].mediabox.height) - 20 * 72 / 25.4
    found = [text for text, _x, y in positioned_runs(pdf, page_number) if y > top]
    return " ".join(found) if found else None
