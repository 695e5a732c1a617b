"""Excel round trip: template → 200 rows, 3 bad → clear per-row errors → 197 imported → export."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from campaigns.models import Activity, ImportBatch
from tests.conftest import unit

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_excel_round_trip(kyl_reporter: Any, vhxh_assignment: Any) -> None:
    client = Client()
    client.force_login(kyl_reporter)
    plan = vhxh_assignment.plan
    response = client.get(reverse("campaigns:excel_template", args=[plan.pk]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet, lists = workbook.worksheets
    codes = [row[6] for row in lists.iter_rows(min_row=2, values_only=True) if row[6]]
    assert "banner" in codes and vhxh_assignment.pk in [
        r[0] for r in lists.iter_rows(min_row=2, values_only=True)
    ]
    phong = unit("ky-lua/phong-vhxh")
    for i in range(200):
        sheet.append(
            [
                vhxh_assignment.pk,
                phong.pk,
                "banner",
                f"Treo băng rôn số {i}",
                "05/10/2025",
                None,
                i + 1,
                None,
                100 + i,
                None,
                "Phường Kỳ Lừa",
                "",
                f"https://kylua.langson.gov.vn/bai-{i}",
            ]
        )
    sheet.cell(row=12, column=7, value=-5)  # data row 11 → sheet row 12
    sheet.cell(row=51, column=5, value="31/02/2025")
    sheet.cell(row=101, column=3, value="khong-co")
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("hoat-dong.xlsx", buffer.getvalue(), XLSX)
    page = client.post(
        reverse("campaigns:excel_import", args=[plan.pk]), {"file": upload}
    ).content.decode()
    assert re.search(r'data-testid="valid-count">197<', page) and re.search(
        r'data-testid="error-count">3<', page
    )
    batch = ImportBatch.objects.get()
    assert [(e["row"], e["column"]) for e in batch.errors] == [
        (12, "Số lượng"),
        (51, "Ngày thực hiện (dd/mm/yyyy)"),
        (101, "Mã hình thức"),
    ]
    assert "ngày 31/02/2025 không tồn tại" in page
    assert Activity.objects.count() == 0  # nothing before the confirmation
    response = client.post(reverse("campaigns:excel_import_confirm", args=[batch.pk]))
    assert response.status_code == 302
    assert Activity.objects.filter(plan=plan).count() == 197
    again = client.post(reverse("campaigns:excel_import_confirm", args=[batch.pk]), follow=True)
    assert Activity.objects.count() == 197 and "đã được nhập" in again.content.decode()
    export = client.get(reverse("campaigns:activity_export"), {"plan": plan.pk})
    exported = load_workbook(io.BytesIO(b"".join(export.streaming_content))).worksheets[0]
    rows = list(exported.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 197
    assert {r[6] for r in rows} == set(Activity.objects.values_list("title", flat=True))
    assert sum(r[9] for r in rows) == sum(Activity.objects.values_list("quantity", flat=True))


def test_a_file_that_is_not_excel_is_refused_clearly(
    kyl_reporter: Any, vhxh_assignment: Any
) -> None:
    client = Client()
    client.force_login(kyl_reporter)
    upload = SimpleUploadedFile("hoat-dong.xlsx", b"not a workbook", XLSX)
    page = client.post(
        reverse("campaigns:excel_import", args=[vhxh_assignment.plan_id]), {"file": upload}
    )
    assert "Không đọc được tệp Excel" in page.content.decode() and not ImportBatch.objects.exists()
