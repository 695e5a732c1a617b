"""Activities in Excel: the round trip (template → 200 rows, 3 bad → clear per-row errors →
197 imported → export), broken files refused clearly, and the export read cell by cell."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from campaigns.models import Activity, ImportBatch
from campaigns.services import activity_update
from directives.models import Channel
from tests.builders import activity, signed_in, unit

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
        (101, "Hình thức"),
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


def test_a_broken_sheet_inside_a_valid_workbook_is_refused_clearly(
    kyl_reporter: Any, vhxh_assignment: Any
) -> None:
    client = signed_in(kyl_reporter)
    template = client.get(reverse("campaigns:excel_template", args=[vhxh_assignment.plan_id]))
    source = zipfile.ZipFile(io.BytesIO(b"".join(template.streaming_content)))
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    upload = SimpleUploadedFile("hong.xlsx", broken.getvalue())
    response = client.post(
        reverse("campaigns:excel_import", args=[vhxh_assignment.plan_id]), {"file": upload}
    )
    assert response.status_code == 200 and "Không đọc được tệp Excel" in response.content.decode()


def _exported(client: Client, **filters: Any) -> list[tuple[Any, ...]]:
    """The data rows of the activity export (the header row left out)."""
    export = client.get(reverse("campaigns:activity_export"), filters)
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).worksheets[0]
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_export_does_not_write_formulas(logged: Activity, kyl_reporter: Any) -> None:
    activity_update(
        user=kyl_reporter, activity=logged, data={"title": '=HYPERLINK("https://x.example","bấm")'}
    )
    client = signed_in(kyl_reporter)
    sheet = load_workbook(
        io.BytesIO(b"".join(client.get(reverse("campaigns:activity_export")).streaming_content))
    ).active
    cell = sheet.cell(row=2, column=7)
    assert cell.data_type == "s" and cell.value.startswith("'=HYPERLINK")


def test_export_has_one_row_per_activity_with_its_values(
    logged: Activity, kyl_reporter: Any, ls_leader: Any, hy_leader: Any
) -> None:
    """Kỳ Lừa's broadcast (6/10/2025) and banners (20/10/2025), cell by cell, as the ward and
    Lạng Sơn's leader download them; Hưng Yên's leader gets no row."""
    banners = activity(
        kyl_reporter,
        channel="banner",
        title="Treo băng rôn Nghị quyết 57",
        started_on=date(2025, 10, 20),
        quantity=5,
        participants=40,
    )
    office = unit("ky-lua/phong-vhxh")
    loudspeaker, banner = (Channel.objects.get(code=c) for c in ("loudspeaker", "banner"))
    plan = str(logged.plan.document)
    for user in (kyl_reporter, ls_leader):
        rows = {row[0]: row for row in _exported(signed_in(user))}
        assert set(rows) == {logged.pk, banners.pk}
        assert rows[logged.pk][1:12] == (
            plan,
            logged.assignment.title,
            office.name,
            loudspeaker.name,
            loudspeaker.measure,
            "Phát thanh Nghị quyết 57",
            "06/10/2025",
            None,
            3,
            0,
            1200,
        )
        assert rows[banners.pk][3:11] == (
            "Phòng Văn hóa - Xã hội phường Kỳ Lừa",
            banner.name,
            banner.measure,
            "Treo băng rôn Nghị quyết 57",
            "20/10/2025",
            None,
            5,
            40,
        )
    only_banners = _exported(signed_in(ls_leader), channel=banner.pk)
    assert [row[0] for row in only_banners] == [banners.pk]
    assert _exported(signed_in(hy_leader)) == []
