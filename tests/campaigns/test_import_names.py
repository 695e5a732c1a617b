"""The activity Excel import by names: the template names assignments, units, channels and
audiences in drop-downs fed from a hidden sheet that lists only what the importer may
name; the import reads names whatever their accents and case (the old ids and codes too),
and a name that fits several choices is an error that lists them. Plan and assignment
pages link to the import for those who may use it."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from campaigns.import_rows import RowChoices, check_row
from campaigns.models import Activity, ImportBatch
from directives.models import Assignment, AudienceGroup, Channel
from tests.builders import unit
from units.models import Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _template(client: Client, plan_id: int) -> Workbook:
    response = client.get(reverse("campaigns:excel_template", args=[plan_id]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.django_db
def test_the_template_offers_the_importers_names_in_drop_downs(
    kyl_reporter: Any, vhxh_assignment: Any
) -> None:
    workbook = _template(_client(kyl_reporter), vhxh_assignment.plan_id)
    sheet, lists = workbook.worksheets
    assert [c.value for c in sheet[1]][:3] == ["Nhiệm vụ", "Đơn vị", "Hình thức"]
    assert lists.title == "Danh mục" and lists.sheet_state == "hidden"
    columns = list(zip(*lists.iter_rows(min_row=2, values_only=True), strict=True))
    unit_names = {name for name in columns[4] if name}
    assert "Phòng Văn hóa - Xã hội" in " ".join(unit_names)
    assert not any("Hưng Yên" in name for name in unit_names)  # not the reporter's province
    assert f"{vhxh_assignment.label} {vhxh_assignment.title}".strip() in columns[1]
    assert Channel.objects.get(code="banner").name in columns[7]
    assert "Nhân dân, người dân" in columns[11]
    sources = {
        str(v.sqref)[0]: v.formula1
        for v in sheet.data_validations.dataValidation
        if v.type == "list"
    }
    assert re.fullmatch(r"'Danh mục'!\$B\$2:\$B\$\d+", sources["A"].lstrip("="))
    assert re.fullmatch(r"'Danh mục'!\$E\$2:\$E\$\d+", sources["B"].lstrip("="))
    assert re.fullmatch(r"'Danh mục'!\$H\$2:\$H\$\d+", sources["C"].lstrip("="))
    assert re.fullmatch(r"'Danh mục'!\$L\$2:\$L\$\d+", sources["N"].lstrip("="))


@pytest.mark.django_db
def test_rows_that_name_things_without_accents_are_imported(
    kyl_reporter: Any, vhxh_assignment: Any
) -> None:
    client = _client(kyl_reporter)
    workbook = _template(client, vhxh_assignment.plan_id)
    sheet = workbook.worksheets[0]
    banner = Channel.objects.get(code="banner")
    row = [
        vhxh_assignment.title.upper(),
        "phong van hoa - xa hoi phuong ky lua",
        banner.name.lower(),
        "Treo băng rôn chào mừng",
        "05/10/2025",
        None,
        4,
        None,
        None,
        None,
        "Phường Kỳ Lừa",
        "",
        "",
        "nhan dan, nguoi dan",
    ]
    sheet.append(row)
    sheet.append(
        [vhxh_assignment.pk, unit("ky-lua/phong-vhxh").pk, "banner", "Theo mã cũ", *row[4:]]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("hoat-dong.xlsx", buffer.getvalue(), XLSX)
    page = client.post(
        reverse("campaigns:excel_import", args=[vhxh_assignment.plan_id]), {"file": upload}
    )
    batch = ImportBatch.objects.get()
    assert batch.errors == [], batch.errors
    assert 'data-testid="valid-count">2<' in page.content.decode()
    client.post(reverse("campaigns:excel_import_confirm", args=[batch.pk]))
    logged = Activity.objects.get(title="Treo băng rôn chào mừng")
    assert logged.unit == unit("ky-lua/phong-vhxh") and logged.channel == banner
    assert [g.name for g in logged.audiences.all()] == ["Nhân dân, người dân"]
    assert Activity.objects.filter(title="Theo mã cũ", assignment=vhxh_assignment).exists()


def test_a_name_that_fits_two_units_is_an_error_listing_both() -> None:
    ward_a, ward_b = Unit(pk=1, name="Phường Kỳ Lừa"), Unit(pk=2, name="Phường Đông Kinh")
    office_a = Unit(pk=11, name="Phòng Văn hóa - Xã hội", parent=ward_a)
    office_b = Unit(pk=12, name="Phòng Văn hóa - Xã hội", parent=ward_b)
    choices = RowChoices(
        assignments={5: Assignment(pk=5, label="1.", title="Tuyên truyền Nghị quyết 57")},
        units={11: office_a, 12: office_b},
        channels={"banner": Channel(code="banner", name="Băng rôn, khẩu hiệu")},
        audiences={"nhan-dan": AudienceGroup(pk=3, code="nhan-dan", name="Nhân dân")},
    )
    row, errors = check_row(
        {
            "assignment": "tuyen truyen nghi quyet 57",
            "unit": "PHÒNG VĂN HÓA - XÃ HỘI",
            "channel": "bang ron, khau hieu",
            "title": "Treo băng rôn",
            "started_on": "05/10/2025",
            "quantity": 1,
            "audiences": "Nhân dân; Học sinh",
        },
        choices,
    )
    assert row is None
    assert set(errors) == {"unit", "audiences"}
    assert "Phòng Văn hóa - Xã hội — Phường Kỳ Lừa" in errors["unit"]
    assert "Phòng Văn hóa - Xã hội — Phường Đông Kinh" in errors["unit"]
    assert "Học sinh" in errors["audiences"]


@pytest.mark.django_db
def test_plan_and_assignment_pages_link_to_the_import_for_those_who_may(
    kyl_reporter: Any, ct_member: Any, vhxh_assignment: Any
) -> None:
    plan_page = reverse("directives:plan_detail", args=[vhxh_assignment.plan.document.pk])
    url = reverse("campaigns:excel_import", args=[vhxh_assignment.plan_id])
    reporter = _client(kyl_reporter)
    assert url in reporter.get(plan_page).content.decode()
    assert url in reporter.get(reverse("campaigns:assignments")).content.decode()
    outsider = _client(ct_member).get(plan_page)
    assert url not in outsider.content.decode()
