"""PDF rendering benchmark.

Per seed plan: the portal's render (snapshot from the database → HTML → PDF) against
WeasyPrint rendering the same final HTML string alone, and their ratio (goal ≤ 1.3×).
Then a 50-page document with a long table: seconds per page.

Run after `make demo-data`:  PORTAL_DEMO=1 .venv/bin/python bench/pdf.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("PORTAL_DEMO", "1")

import django

django.setup()

import weasyprint  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from common.documents import Block, DocumentSnapshot, Family, Table  # noqa: E402
from common.documents.html import snapshot_html  # noqa: E402
from common.documents.pdf import STATIC_ROOT, snapshot_pdf, static_only_fetcher  # noqa: E402
from directives.models import Document  # noqa: E402
from directives.rendering import document_snapshot  # noqa: E402

SEEDS = ["seed-000", "seed-001", "seed-002", "seed-003", "seed-004"]


def timed(func, repeat: int) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pages", type=int, default=50)
    args = parser.parse_args()

    # Warm up imports and fonts once, as a long-running worker would be.
    snapshot_pdf(document_snapshot(Document.objects.get(key=SEEDS[0])))
    print(f"{'seed':<10} {'pages':>5} {'portal s':>9} {'weasyprint s':>13} {'ratio':>6}")
    for key in SEEDS:
        document = Document.objects.get(key=key)
        html = snapshot_html(document_snapshot(document))

        def portal(pk: int = document.pk) -> bytes:
            return snapshot_pdf(document_snapshot(Document.objects.get(pk=pk)))

        def floor(html: str = html) -> bytes:
            return weasyprint.HTML(
                string=html, base_url=str(STATIC_ROOT) + "/", url_fetcher=static_only_fetcher()
            ).write_pdf()

        pages = len(PdfReader(__import__("io").BytesIO(portal())).pages)
        ours, bare = timed(portal, args.repeat), timed(floor, args.repeat)
        print(f"{key:<10} {pages:>5} {ours:>9.3f} {bare:>13.3f} {ours / bare:>6.2f}")

    rows = tuple(
        (
            str(i + 1),
            f"Phường {i % 97}",
            "Phát thanh tuyên truyền Nghị quyết số 57-NQ/TW trên hệ thống truyền thanh cơ sở",
            f"{i % 9 + 1}",
        )
        for i in range(args.pages * 22)
    )
    snapshot = DocumentSnapshot(
        family=Family.STATE,
        organ_parent="UBND TỈNH LẠNG SƠN",
        organ_lines=("SỞ VĂN HÓA",),
        number_line="Số: 01/BC-SVH",
        place_date="Lạng Sơn, ngày 05 tháng 3 năm 2025",
        kind_title="BÁO CÁO",
        subject="Kết quả tuyên truyền",
        blocks=(
            Block(
                "table",
                table=Table(
                    header=("TT", "Đơn vị", "Hoạt động", "Số lượng"),
                    rows=rows,
                    widths=(8, 27, 50, 15),
                ),
            ),
        ),
        recipients=("Như trên",),
        signer_lines=(("GIÁM ĐỐC", True),),
        signer_name="Nguyễn Văn A",
    )
    start = time.perf_counter()
    pdf = snapshot_pdf(snapshot, time_limit_seconds=0)
    elapsed = time.perf_counter() - start
    pages = len(PdfReader(__import__("io").BytesIO(pdf)).pages)
    print(
        f"long table: {len(rows)} rows, {pages} pages, {elapsed:.1f} s,"
        f" {elapsed / pages:.2f} s/page"
    )


if __name__ == "__main__":
    main()
