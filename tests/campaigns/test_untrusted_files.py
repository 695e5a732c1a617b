"""Files from users, in and out: spreadsheets never carry live formulas, an Excel import or
an evidence file that is small on disk but huge once opened is refused with a clear
message (nothing stored), and stored evidence is shown in the browser only when it is a
verified image within the pixel limit."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from campaigns.models import Activity, Evidence, ImportBatch
from campaigns.spreadsheets import COLUMNS
from directives.models import Assignment, Channel
from tests.builders import jpeg_bytes, signed_in, unit
from tests.hostile_files import (
    docx_bomb,
    forge_declared_size,
    huge_png,
    sheet_row,
    xlsx_with_sheet_xml,
)

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HYPERLINK = '=HYPERLINK("https://x.example/lay-mat-khau","Bấm để xem")'


def _template(client: Client, assignment: Assignment) -> bytes:
    response = client.get(reverse("campaigns:excel_template", args=[assignment.plan_id]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _import(client: Client, assignment: Assignment, content: bytes) -> str:
    upload = SimpleUploadedFile("hoat-dong.xlsx", content, XLSX)
    response = client.post(
        reverse("campaigns:excel_import", args=[assignment.plan_id]), {"file": upload}
    )
    assert response.status_code == 200
    return response.content.decode()


def _row(assignment: Assignment, number: int, **overrides: Any) -> list[Any]:
    values = {
        "assignment": assignment.pk,
        "unit": unit("ky-lua/phong-vhxh").pk,
        "channel": "banner",
        "title": f"Treo băng rôn số {number}",
        "started_on": "05/10/2025",
        "ended_on": None,
        "quantity": 1,
        "participants": None,
        "reach": None,
        "views": None,
        "place_text": "Phường Kỳ Lừa",
        "description": "",
        "links": "",
        "audiences": "",
    }
    values.update(overrides)
    return [values[key] for key, _label in COLUMNS]


def _filled(template: bytes, rows: list[list[Any]], extra: dict[str, Any] | None = None) -> bytes:
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook.worksheets[0]
    for row in rows:
        sheet.append(row)
    for ref, value in (extra or {}).items():
        sheet[ref] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Formulas ------------------------------------------------------------------------


def test_the_excel_template_writes_titles_and_names_as_text_not_formulas(
    kyl_reporter: Any, vhxh_assignment: Assignment
) -> None:
    Assignment.objects.filter(pk=vhxh_assignment.pk).update(title=HYPERLINK, label="")
    Channel.objects.filter(code="banner").update(name="=1+2", measure="@SUM(A1)")
    workbook = load_workbook(io.BytesIO(_template(signed_in(kyl_reporter), vhxh_assignment)))
    lists = workbook["Danh mục"]
    cells = [cell for row in lists.iter_rows(min_row=2) for cell in row if cell.value]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = {cell.value for cell in cells}
    assert "'" + HYPERLINK in texts and "'=1+2" in texts and "'@SUM(A1)" in texts


def test_the_activity_export_writes_no_formula_in_any_column(
    logged: Activity, kyl_reporter: Any
) -> None:
    Activity.objects.filter(pk=logged.pk).update(
        title="-2+3", place_text="+84 912", description=HYPERLINK
    )
    response = signed_in(kyl_reporter).get(reverse("campaigns:activity_export"))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert {"'-2+3", "'+84 912", "'" + HYPERLINK} <= {cell.value for cell in cells}


# --- The Excel import's limits --------------------------------------------------------


def test_an_excel_file_over_5_mb_is_refused(kyl_reporter: Any, vhxh_assignment: Any) -> None:
    client = signed_in(kyl_reporter)
    buffer = io.BytesIO(_template(client, vhxh_assignment))
    with zipfile.ZipFile(buffer, "a") as archive:  # incompressible bytes no reader looks at
        archive.writestr("xl/media/padding.bin", os.urandom(5_300_000), zipfile.ZIP_STORED)
    page = _import(client, vhxh_assignment, buffer.getvalue())
    assert "vượt giới hạn 5 MB" in page and not ImportBatch.objects.exists()


@pytest.mark.parametrize("forged", [False, True], ids=["honest-sizes", "forged-sizes"])
def test_an_excel_file_inflating_past_20_mb_is_refused_before_it_is_parsed(
    kyl_reporter: Any, vhxh_assignment: Any, forged: bool
) -> None:
    client = signed_in(kyl_reporter)
    header = sheet_row(1, [label for _key, label in COLUMNS])
    title = "x" * (30 * 1024 * 1024)  # one cell of 30 MB: deflate shrinks it 1000 times
    template = _template(client, vhxh_assignment)
    bomb = xlsx_with_sheet_xml(
        template, [header, sheet_row(2, [vhxh_assignment.pk, 1, "banner", title])]
    )
    if forged:  # the sheet declares 1 KB: only inflating it shows what it is
        bomb = forge_declared_size(bomb, "xl/worksheets/sheet1.xml", 1024)
    assert len(bomb) < len(template) + 100_000  # 30 MB of XML in under 100 KB
    page = _import(client, vhxh_assignment, bomb)
    assert "giải nén vượt 20 MB" in page and not ImportBatch.objects.exists()


def test_data_beyond_column_z_is_refused(kyl_reporter: Any, vhxh_assignment: Any) -> None:
    client = signed_in(kyl_reporter)
    content = _filled(
        _template(client, vhxh_assignment), [_row(vhxh_assignment, 1)], {"AA2": "ghi chú"}
    )
    page = _import(client, vhxh_assignment, content)
    assert "ngoài 26 cột đầu" in page and not ImportBatch.objects.exists()


def test_more_than_5000_rows_are_refused(kyl_reporter: Any, vhxh_assignment: Any) -> None:
    client = signed_in(kyl_reporter)
    rows = [_row(vhxh_assignment, i) for i in range(5001)]
    page = _import(client, vhxh_assignment, _filled(_template(client, vhxh_assignment), rows))
    assert "quá 5.000 dòng" in page and not ImportBatch.objects.exists()


def test_an_overlong_cell_is_an_error_of_its_row_not_a_truncation(
    kyl_reporter: Any, vhxh_assignment: Any
) -> None:
    client = signed_in(kyl_reporter)
    rows = [
        _row(vhxh_assignment, 1),
        _row(vhxh_assignment, 2, title="T" * 301),
        _row(vhxh_assignment, 3, description="m" * 20_001),
    ]
    page = _import(client, vhxh_assignment, _filled(_template(client, vhxh_assignment), rows))
    batch = ImportBatch.objects.get()
    assert [(e["row"], e["column"]) for e in batch.errors] == [
        (3, "Tên hoạt động"),
        (4, "Mô tả"),
    ]
    assert "dài 301 ký tự, vượt giới hạn 300" in page
    assert "dài 20.001 ký tự, vượt giới hạn 20.000" in page
    assert [row["row"] for row in batch.rows] == [2]


# --- Evidence uploads -------------------------------------------------------------------


def _stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT) / "evidence"
    return set(root.rglob("*")) if root.exists() else set()


def _post_activity(client: Client, assignment: Assignment, upload: Any) -> Any:
    return client.post(
        reverse("campaigns:activity_new"),
        {
            "assignment": assignment.pk,
            "unit": unit("ky-lua/phong-vhxh").pk,
            "channel": Channel.objects.get(code="banner").pk,
            "title": "Treo băng rôn trên đường Bà Triệu",
            "started_on": "2025-10-08",
            "quantity": "20",
            "files": upload,
        },
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (lambda: docx_bomb(real_mb=150, declared=1000), "giải nén vượt 100 MB"),
        (lambda: docx_bomb(real_mb=120), "giải nén vượt 100 MB"),
        (lambda: docx_bomb(real_mb=2, declared=1000), "khai báo sai nội dung"),
        (huge_png, "quá lớn (trên 40 triệu điểm ảnh)"),
    ],
    ids=["zip-bomb-forged-sizes", "zip-bomb-honest-sizes", "lying-zip", "12000x12000-png"],
)
def test_files_huge_once_opened_are_refused_and_nothing_is_stored(
    kyl_reporter: Any, vhxh_assignment: Any, content: Any, message: str
) -> None:
    data = content()
    assert len(data) < 400_000
    before = (_stored_files(), Activity.objects.count(), Evidence.objects.count())
    name = "anh.png" if data.startswith(b"\x89PNG") else "bao-cao.docx"
    response = _post_activity(
        signed_in(kyl_reporter), vhxh_assignment, SimpleUploadedFile(name, data)
    )
    page = response.content.decode()
    assert response.status_code == 400 and message in page and name in page
    assert (_stored_files(), Activity.objects.count(), Evidence.objects.count()) == before


def test_a_damaged_zip_is_refused_with_a_message_not_a_server_error(
    kyl_reporter: Any, vhxh_assignment: Any
) -> None:
    from docx import Document as WordDocument

    buffer = io.BytesIO()
    WordDocument().save(buffer)
    damaged = bytearray(buffer.getvalue())
    damaged[damaged.index(b"PK\x01\x02") + 6] = 184  # "needs ZIP version 18.4 to extract"
    upload = SimpleUploadedFile("bien-ban.docx", bytes(damaged))
    response = _post_activity(signed_in(kyl_reporter), vhxh_assignment, upload)
    assert response.status_code == 400 and "Không nhận loại tệp này" in response.content.decode()


def test_the_api_refuses_a_huge_image_with_a_400(kyl_reporter: Any, logged: Activity) -> None:
    api = APIClient()
    api.force_authenticate(kyl_reporter)
    response = api.post(
        f"/api/v1/activities/{logged.pk}/evidence/",
        {"file": [SimpleUploadedFile("anh.png", huge_png())]},
        format="multipart",
    )
    assert response.status_code == 400
    assert "40 triệu điểm ảnh" in " ".join(response.json()["file"])
    english = api.post(
        f"/api/v1/activities/{logged.pk}/evidence/",
        {"file": [SimpleUploadedFile("anh.png", huge_png())]},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert english.status_code == 400
    assert "too large (over 40 megapixels)" in " ".join(english.json()["file"])
    assert logged.evidence.filter(kind="file").count() == 1  # only the photo logged before


def test_an_ordinary_docx_and_a_photo_of_40_megapixels_are_kept(
    kyl_reporter: Any, vhxh_assignment: Any
) -> None:
    from docx import Document as WordDocument

    buffer = io.BytesIO()
    WordDocument().save(buffer)
    client = signed_in(kyl_reporter)
    for upload in (
        SimpleUploadedFile("bien-ban.docx", buffer.getvalue()),
        SimpleUploadedFile("anh.jpg", jpeg_bytes(size=(8000, 5000))),
    ):
        assert _post_activity(client, vhxh_assignment, upload).status_code == 302
    assert Evidence.objects.filter(kind="file").count() == 2


# --- Serving stored evidence ---------------------------------------------------------------


def _stored(activity: Activity, name: str, content: bytes, content_type: str) -> Evidence:
    """Evidence as stored before the limits existed: straight to storage, no check."""
    evidence = Evidence(
        activity=activity,
        kind="file",
        original_name=name,
        content_type=content_type,
        size=len(content),
    )
    evidence.file.save(name, ContentFile(content), save=False)
    evidence.save()
    return evidence


def _served(user: Any, evidence: Evidence) -> Any:
    url = reverse("campaigns:evidence_file", args=[evidence.activity_id, evidence.pk])
    response = signed_in(user).get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    assert "sandbox" in response["Content-Security-Policy"]
    return response


def test_a_verified_photo_is_shown_inline(logged: Activity, kyl_reporter: Any) -> None:
    response = _served(kyl_reporter, logged.evidence.get(kind="file"))
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Type"] == "image/jpeg"


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("lon.png", huge_png, "image/png"),
        ("gia.png", lambda: b"<svg onload=alert(1)>" + b" " * 64, "image/png"),
        ("bao-cao.pdf", lambda: b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    ],
    ids=["huge-image", "not-an-image", "pdf"],
)
def test_anything_but_a_verified_image_is_a_download(
    logged: Activity, kyl_reporter: Any, name: str, content: Any, content_type: str
) -> None:
    evidence = _stored(logged, name, content(), content_type)
    response = _served(kyl_reporter, evidence)
    assert response["Content-Disposition"].startswith("attachment")
    assert name in response["Content-Disposition"]
