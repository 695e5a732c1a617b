"""Untrusted files benchmark: how long a worker is held by a hostile upload before it is
refused (or accepted), and how large the file is on disk and once opened.

Needs no database: the Excel bomb has no "Mã nhiệm vụ" column, so the import stops at the
header check if it ever gets that far.

Run:  PORTAL_DEMO=1 .venv/bin/python bench/untrusted_files.py [--xlsx-mb 120]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("PORTAL_DEMO", "1")

import django

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from campaigns import spreadsheets  # noqa: E402
from campaigns.uploads import check_upload  # noqa: E402
from tests.hostile_files import (  # noqa: E402
    docx_bomb,
    huge_png,
    sheet_row,
    xlsx_with_sheet_xml,
)

MB = 1024 * 1024


def xlsx_bomb(inflated_mb: int) -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    header = [label for key, label in spreadsheets.COLUMNS if key != "assignment"]
    filler = sheet_row(2, [1] * 40)
    return xlsx_with_sheet_xml(
        buffer.getvalue(), [sheet_row(1, header), filler], repeat=inflated_mb * MB // len(filler)
    )


def timed(label: str, size: int, func: Callable[[], object]) -> None:
    start = time.perf_counter()
    try:
        func()
        verdict = "accepted"
    except ValidationError as exc:
        verdict = "refused: " + " ".join(exc.messages)[:90]
    elapsed = time.perf_counter() - start
    print(f"{label:<44} {size / 1024:>8.0f} KB {elapsed:>7.2f} s  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--xlsx-mb", type=int, default=120)
    args = parser.parse_args()
    print(f"{'file':<44} {'on disk':>11} {'held':>9}  verdict")
    bomb = xlsx_bomb(args.xlsx_mb)
    timed(
        f"Excel import, sheet of {args.xlsx_mb} MB of XML",
        len(bomb),
        lambda: spreadsheets.check(
            plan=None, user=None, upload=SimpleUploadedFile("bomb.xlsx", bomb)
        ),
    )
    forged = docx_bomb(real_mb=300, declared=1000)
    timed(
        "evidence DOCX, 300 MB declared as 1 KB",
        len(forged),
        lambda: check_upload(SimpleUploadedFile("bomb.docx", forged)),
    )
    image = huge_png()
    timed(
        "evidence PNG, 12000 x 12000",
        len(image),
        lambda: check_upload(SimpleUploadedFile("huge.png", image)),
    )


if __name__ == "__main__":
    main()
