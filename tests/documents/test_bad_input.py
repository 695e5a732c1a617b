"""Hostile or oversized content still renders, escaped, offline, within a time limit."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from common.documents import Block, DocumentSnapshot, Family, Table
from common.documents.html import snapshot_html
from common.documents.pdf import RenderTimeout, html_to_pdf, snapshot_pdf
from directives.choices import RenditionStatus
from directives.models import Document, Recipient, Rendition
from directives.rendering import document_snapshot
from directives.services.plans import plan_create
from directives.services.renditions import rendition_run
from tests.builders import unit
from tests.documents.pdftext import fonts, page_texts

pytestmark = pytest.mark.django_db

VIETNAMESE = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)


@pytest.fixture
def counting_server() -> Iterator[tuple[str, list[str]]]:
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


def test_every_vietnamese_letter_prints_in_the_shipped_font_only() -> None:
    text = VIETNAMESE + " " + VIETNAMESE.upper()
    snapshot = DocumentSnapshot(
        family=Family.STATE,
        organ_parent="",
        organ_lines=("ĐƠN VỊ THỬ",),
        number_line="Số: 01/KH-TEST",
        place_date="Hà Nội, ngày 05 tháng 3 năm 2025",
        kind_title="KẾ HOẠCH",
        subject=text,
        blocks=(Block("paragraph", text), Block("lead", text)),
        recipients=(text,),
        signer_lines=(("TM. ỦY BAN NHÂN DÂN", True),),
        signer_name=text,
    )
    pdf = snapshot_pdf(snapshot)
    assert all("Portal-Serif" in name for name in fonts(pdf))
    assert VIETNAMESE[:40] in page_texts(pdf)[0].replace("\n", "")


def test_hostile_plan_renders_escaped_offline_with_placeholders(
    hy_editor: Any, counting_server: Any
) -> None:
    url, hits = counting_server
    draft = plan_create(user=hy_editor, issuer=unit("hy/btgdv"), title="T" * 1000)
    plan = draft.plan
    plan.basis_text = f'<script>alert(1)</script> <img src="{url}/x.png"> url({url}/y.css)'
    plan.save()
    Recipient.objects.bulk_create(
        Recipient(document=draft, position=i, text=f"Đơn vị nhận số {i}") for i in range(500)
    )
    snapshot = document_snapshot(draft)
    html = snapshot_html(snapshot)
    assert "<script>" not in html and "&lt;script&gt;" in html and "<img" not in html
    pdf = snapshot_pdf(snapshot)
    text = " ".join(page_texts(pdf))
    assert "<script>alert(1)</script>" in text  # printed as text, not run
    assert "(chưa có người ký)" in text and "Đơn vị nhận số 499" in text
    assert "DỰ THẢO" in page_texts(pdf)[0]
    assert hits == []


def test_the_fetcher_refuses_remote_and_outside_files(counting_server: Any) -> None:
    url, hits = counting_server
    html = (
        f'<html><head><link rel="stylesheet" href="{url}/a.css"><style>@import url("{url}/b.css");'
        f'</style></head><body><img src="{url}/c.png"><img src="file:///etc/hostname">'
        "<p>văn bản</p></body></html>"
    )
    pdf = html_to_pdf(html)
    assert pdf.startswith(b"%PDF") and hits == []


def test_a_render_over_its_time_limit_fails_clearly() -> None:
    rows = tuple(
        (str(i), "Phường Kỳ Lừa", "Phát thanh về Nghị quyết 57 " * 4, "12") for i in range(3000)
    )
    snapshot = DocumentSnapshot(
        family=Family.STATE,
        organ_parent="",
        organ_lines=("ĐƠN VỊ",),
        number_line="Số: 01/BC-X",
        place_date="Hà Nội",
        kind_title="BÁO CÁO",
        subject="dài",
        blocks=(
            Block(
                "table", table=Table(header=("TT", "Đơn vị", "Hoạt động", "Số lượng"), rows=rows)
            ),
        ),
        recipients=(),
        signer_lines=(),
        signer_name="",
    )
    with pytest.raises(RenderTimeout, match="không dựng xong trong 1 giây"):
        snapshot_pdf(snapshot, time_limit_seconds=1)


def test_download_buttons_serve_pdf_and_docx(kyl_reporter: Any) -> None:
    client = Client()
    client.force_login(kyl_reporter)
    document = Document.objects.get(key="seed-004")
    pdf = client.get(reverse("directives:plan_download", args=[document.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "attachment" in pdf["Content-Disposition"] and b"".join(
        pdf.streaming_content
    ).startswith(b"%PDF")
    word = client.get(reverse("directives:plan_download", args=[document.pk, "docx"]))
    assert word.status_code == 200 and "wordprocessingml" in word["Content-Type"]


def test_outsider_cannot_download(kyl_reporter: Any) -> None:
    client = Client()
    client.force_login(kyl_reporter)
    other = Document.objects.get(key="seed-001")
    assert (
        client.get(reverse("directives:plan_download", args=[other.pk, "pdf"])).status_code == 404
    )


def test_large_documents_render_in_the_background_with_progress(
    kyl_reporter: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from config.celery import app

    app.conf.task_always_eager = True
    try:
        document = Document.objects.get(key="seed-004")
        plan = document.plan
        plan.closing_text = "\n".join(
            f"Đoạn văn thứ {i} " + "nội dung dài " * 40 for i in range(150)
        )
        plan.save()
        client = Client()
        client.force_login(kyl_reporter)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get(reverse("directives:plan_download", args=[document.pk, "pdf"]))
        assert response.status_code == 302 and "/renditions/" in response["Location"]
        rendition = Rendition.objects.get(document=document)
        assert rendition.status == RenditionStatus.DONE and rendition.progress == 100
        page = client.get(response["Location"]).content.decode()
        assert "100%" in page
        file = client.get(reverse("directives:rendition_file", args=[document.pk, rendition.pk]))
        assert b"".join(file.streaming_content).startswith(b"%PDF")
        assert rendition_run(rendition_id=rendition.pk).status == RenditionStatus.DONE  # idempotent
        outsider = Client()
        outsider.force_login(
            kyl_reporter.__class__.objects.create_user("khac", password="x-pass-123")
        )
        assert (
            outsider.get(
                reverse("directives:rendition_file", args=[document.pk, rendition.pk])
            ).status_code
            == 404
        )
    finally:
        app.conf.task_always_eager = False
