"""Plans render to PDF and DOCX in the official layout of their family."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import docx
import pytest

from common.documents.docx import snapshot_docx
from common.documents.pdf import snapshot_pdf
from directives.models import Document
from directives.rendering import document_snapshot
from tests.documents.pdftext import (
    fonts,
    in_order,
    page_number_run,
    page_texts,
    positioned_runs,
    reader,
    sized_runs,
)

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Per seed: the header strings of page 1 in order, and the signature block in order.
EXPECTED = {
    "seed-000": (
        [
            "HỘI LHPN TỈNH KHÁNH HÒA",
            "BAN THƯỜNG VỤ",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số:",
            "ngày tháng năm",
            "KẾ HOẠCH",
        ],
        ["TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH", "Nguyễn Thị Bích Liên"],
    ),
    "seed-001": (
        [
            "TỈNH ỦY HƯNG YÊN",
            "BAN TUYÊN GIÁO VÀ DÂN VẬN",
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "Số 01-KH/BTGDVTU",
            "Hưng Yên, ngày 25 tháng 02 năm 2025",
            "KẾ HOẠCH",
        ],
        ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Vương Quang Hưng"],
    ),
    "seed-002": (
        [
            "ỦY BAN NHÂN DÂN",
            "HUYỆN CẨM GIÀNG",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: /KH-UBND",
            "Cẩm Giàng, ngày tháng 3 năm 2025",
            "KẾ HOẠCH",
        ],
        ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Công"],
    ),
    "seed-003": (
        ["THÀNH ỦY CẦN THƠ", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số", "KẾ HOẠCH"],
        ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Phạm Văn Hiểu"],
    ),
    "seed-004": (
        [
            "ỦY BAN NHÂN DÂN",
            "PHƯỜNG KỲ LỪA",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số:",
            "KẾ HOẠCH",
        ],
        ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Hồ Thị Tố Uyên"],
    ),
}


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def rendered(django_db_setup: None, django_db_blocker: object) -> dict[str, tuple[bytes, bytes]]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        result = {}
        for key in EXPECTED:
            snapshot = document_snapshot(Document.objects.get(key=key))
            result[key] = (snapshot_pdf(snapshot), snapshot_docx(snapshot))
    return result


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_pdf_is_a4_with_header_page_numbers_and_signer(rendered: dict, key: str) -> None:
    pdf, _docx = rendered[key]
    pages = reader(pdf).pages
    assert len(pages) >= 2
    for page in pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - 595.28) < 0.5 and abs(height - 841.89) < 0.5
    texts = [_squash(t) for t in page_texts(pdf)]
    header, signer = EXPECTED[key]
    assert in_order(texts[0], header), texts[0][:400]
    assert page_number_run(pdf, 0) is None  # no number on page 1
    assert page_number_run(pdf, 1) == "2"
    x = next(x for text, x, y in positioned_runs(pdf, 1) if text == "2" and y > 780)
    assert abs(x - (30 + 165 / 2) * 72 / 25.4) < 12  # centred over the text block
    assert in_order(texts[-1], signer)


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_only_the_shipped_font_is_embedded(rendered: dict, key: str) -> None:
    names = fonts(rendered[key][0])
    assert names and all("Portal-Serif" in name for name in names), names


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_docx_holds_the_same_elements(rendered: dict, key: str) -> None:
    document = docx.Document(io.BytesIO(rendered[key][1]))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
    cells = " ".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    body = " ".join(p.text for p in document.paragraphs)
    header, signer = EXPECTED[key]
    assert in_order(_squash(cells), [h for h in header if h != "KẾ HOẠCH"])
    assert "KẾ HOẠCH" in body
    assert in_order(_squash(cells), signer)
    doc = Document.objects.get(key=key)
    assert doc.plan.themes.first().text.splitlines()[0][:50] in body


def test_party_and_state_differ_as_the_spec_says(rendered: dict) -> None:
    party_pdf, state_pdf = rendered["seed-001"][0], rendered["seed-002"][0]
    party, state = _squash(page_texts(party_pdf)[0]), _squash(page_texts(state_pdf)[0])
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in party and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in party
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in state and "ĐẢNG CỘNG SẢN VIỆT NAM" not in state
    assert "Số 01-KH/BTGDVTU" in party and "Số:" not in party.split("KẾ HOẠCH")[0]
    assert "Số: /KH-UBND" in state
    assert "-----" in party and "-----" not in state
    sizes_party = {text: size for text, size, _font in sized_runs(party_pdf)}
    sizes_state = {text: size for text, size, _font in sized_runs(state_pdf)}
    assert sizes_party["KẾ HOẠCH"] == 16 and sizes_state["KẾ HOẠCH"] == 14
    assert sizes_party["ĐẢNG CỘNG SẢN VIỆT NAM"] == 15
    assert sizes_state["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"] == 13
    last_party = {t: (s, f) for t, s, f in sized_runs(party_pdf, len(reader(party_pdf).pages) - 1)}
    last_state = {t: (s, f) for t, s, f in sized_runs(state_pdf, len(reader(state_pdf).pages) - 1)}
    assert last_party["Nơi nhận:"][0] == 14 and "Italic" not in last_party["Nơi nhận:"][1]
    assert last_state["Nơi nhận:"][0] == 12 and "Bold-Italic" in last_state["Nơi nhận:"][1]


def test_page_one_pictures_are_saved_for_a_human_look(rendered: dict, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for key, (pdf, _docx) in rendered.items():
        source = tmp_path / f"{key}.pdf"
        source.write_bytes(pdf)
        target = ARTIFACTS / f"pdf-{key}"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "70",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(source),
                str(target),
            ],
            check=True,
            timeout=60,
        )
        image = target.with_suffix(".png")
        assert image.stat().st_size > 20_000
        (ARTIFACTS / f"{key}.pdf").write_bytes(pdf)
