"""Units log completed activities with evidence; everyone above sees them, nobody else."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Activity, Evidence
from campaigns.selectors import my_assignments, totals_by_channel
from campaigns.services import activity_delete, activity_log, activity_update
from directives.models import Channel, ChannelTarget, Document
from tests.builders import jpeg_bytes, photo, signed_in, unit
from units.services import unit_move

pytestmark = pytest.mark.django_db


def test_ward_reporter_logs_and_edits_for_their_ward(kyl_reporter: Any, logged: Activity) -> None:
    assert logged.unit_path == unit("ky-lua/phong-vhxh").path and logged.root == unit("2025:20")
    photo_evidence = logged.evidence.get(kind="file")
    assert photo_evidence.captured_at is not None
    assert (
        timezone.localtime(photo_evidence.captured_at).strftime("%d/%m/%Y %H:%M")
        == "06/10/2025 07:30"
    )
    assert photo_evidence.content_type == "image/jpeg" and photo_evidence.file.name.endswith(".jpg")
    assert "loa" not in photo_evidence.file.name  # stored under a generated name
    activity_update(user=kyl_reporter, activity=logged, data={"quantity": 5})
    logged.refresh_from_db()
    assert logged.quantity == 5 and logged.history.count() >= 2


def test_activity_counts_on_the_assignment(kyl_reporter: Any, logged: Activity) -> None:
    card = next(c for c in my_assignments(kyl_reporter) if c.assignment.pk == logged.assignment_id)
    loudspeaker = next(p for p in card.progress if p.channel.code == "loudspeaker")
    assert (loudspeaker.logged, loudspeaker.count) == (3, 1)
    page = signed_in(kyl_reporter).get(reverse("campaigns:assignments")).content.decode()
    assert 'data-channel="loudspeaker"' in page and "3 <span" in page


def test_progress_compares_with_planned_quantity(kyl_reporter: Any, logged: Activity) -> None:
    target = ChannelTarget.objects.get(item__plan=logged.plan, channel__code="loudspeaker")
    target.planned_quantity = 12
    target.save()
    card = next(c for c in my_assignments(kyl_reporter) if c.assignment.pk == logged.assignment_id)
    loudspeaker = next(p for p in card.progress if p.channel.code == "loudspeaker")
    assert (loudspeaker.planned, loudspeaker.percent) == (12, 25)


def test_province_leader_reads_all_wards_activities_and_totals(
    ls_leader: Any, logged: Activity
) -> None:
    assert Activity.objects.visible_to(ls_leader).filter(pk=logged.pk).exists()
    page = signed_in(ls_leader).get(reverse("campaigns:activity_list")).content.decode()
    assert "Phát thanh Nghị quyết 57" in page
    totals = totals_by_channel(Activity.objects.visible_to(ls_leader))
    assert {t["channel_name"]: (t["count"], t["quantity"], t["reach"]) for t in totals}[
        "Hệ thống thông tin cơ sở, truyền thanh cơ sở, loa phát thanh"
    ] == (1, 3, 1200)
    evidence = logged.evidence.get(kind="file")
    response = signed_in(ls_leader).get(
        reverse("campaigns:evidence_file", args=[logged.pk, evidence.pk])
    )
    assert (
        response.status_code == 200
        and b"".join(response.streaming_content) == evidence.file.open().read()
    )


def test_reporter_of_another_province_gets_404(hy_reporter: Any, logged: Activity) -> None:
    client = signed_in(hy_reporter)
    evidence = logged.evidence.get(kind="file")
    assert client.get(reverse("campaigns:activity_detail", args=[logged.pk])).status_code == 404
    assert (
        client.get(reverse("campaigns:evidence_file", args=[logged.pk, evidence.pk])).status_code
        == 404
    )
    assert client.post(reverse("campaigns:activity_delete", args=[logged.pk])).status_code == 404
    assert (
        "Phát thanh Nghị quyết 57"
        not in client.get(reverse("campaigns:activity_list")).content.decode()
    )
    with pytest.raises(PermissionDenied):
        activity_delete(user=hy_reporter, activity=logged)
    assert Activity.objects.filter(pk=logged.pk).exists()


def test_moving_a_unit_moves_its_activities_visibility(
    logged: Activity, hy_leader: Any, ls_leader: Any
) -> None:
    unit_move(unit=unit("ky-lua/phong-vhxh"), new_parent=unit("hy/ubnd"))
    logged.refresh_from_db()
    assert logged.unit_path.startswith(unit("2025:33").path) and logged.root == unit("2025:33")
    assert Activity.objects.visible_to(hy_leader).filter(pk=logged.pk).exists()
    assert not Activity.objects.visible_to(ls_leader).filter(pk=logged.pk).exists()


def test_leader_reads_but_cannot_edit(ls_leader: Any, logged: Activity) -> None:
    page = (
        signed_in(ls_leader)
        .get(reverse("campaigns:activity_detail", args=[logged.pk]))
        .content.decode()
    )
    assert "Lưu thay đổi" not in page
    with pytest.raises(PermissionDenied):
        activity_update(user=ls_leader, activity=logged, data={"quantity": 99})


def test_a_locked_activity_cannot_be_changed(kyl_reporter: Any, logged: Activity) -> None:
    Activity.objects.filter(pk=logged.pk).update(locked=True)
    logged.refresh_from_db()
    with pytest.raises(ValidationError, match="báo cáo đã nộp"):
        activity_update(user=kyl_reporter, activity=logged, data={"quantity": 9})
    with pytest.raises(ValidationError):
        activity_delete(user=kyl_reporter, activity=logged)


def _post(client: Client, vhxh_assignment: Any, **overrides: Any) -> Any:
    data = {
        "assignment": vhxh_assignment.pk,
        "unit": unit("ky-lua/phong-vhxh").pk,
        "channel": Channel.objects.get(code="banner").pk,
        "title": "Treo băng rôn trên đường Bà Triệu",
        "started_on": "2025-10-08",
        "quantity": "20",
        "place_text": "Đường Bà Triệu",
    }
    data.update(overrides)
    return client.post(reverse("campaigns:activity_new"), data)


def _stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT) / "evidence"
    return set(root.rglob("*")) if root.exists() else set()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("anh.jpg", b"MZ\x90\x00\x03" + b"\x00" * 4000, "image/jpeg"),
            "Không nhận loại tệp này",
        ),
        (SimpleUploadedFile("rong.jpg", b"", "image/jpeg"), "rỗng"),
        (
            SimpleUploadedFile(
                "lon.jpg", jpeg_bytes() + b"\x00" * (21 * 1024 * 1024), "image/jpeg"
            ),
            "vượt giới hạn 20 MB",
        ),
        (
            SimpleUploadedFile("../../etc/passwd", b"root:x:0:0", "text/plain"),
            "Không nhận loại tệp này",
        ),
    ],
    ids=["exe-as-jpg", "empty", "21MB", "path-traversal"],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(
    kyl_reporter: Any, vhxh_assignment: Any, upload: Any, message: str
) -> None:
    before_files, before_rows = (
        _stored_files(),
        (Activity.objects.count(), Evidence.objects.count()),
    )
    response = _post(signed_in(kyl_reporter), vhxh_assignment, files=upload)
    page = response.content.decode()
    assert response.status_code == 400 and message in page
    assert "Treo băng rôn trên đường Bà Triệu" in page  # the form keeps its other fields
    assert (Activity.objects.count(), Evidence.objects.count()) == before_rows
    assert _stored_files() == before_files


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"quantity": "-3"}, "0"),
        ({"quantity": str(10**12)}, "10000000"),
        ({"started_on": (date.today() + timedelta(days=3)).isoformat()}, "tương lai"),
        ({"started_on": "2025-02-31"}, "Nhập một ngày hợp lệ"),
        ({"channel": "99999"}, "Lựa chọn không hợp lệ"),
        ({"assignment": "99999"}, "Lựa chọn không hợp lệ"),
        ({"links": "khong-phai-duong-dan"}, "Đường dẫn không hợp lệ"),
        ({"ended_on": "2025-10-01"}, "không được trước ngày bắt đầu"),
    ],
)
def test_bad_values_get_clear_field_messages(
    kyl_reporter: Any, vhxh_assignment: Any, overrides: dict, field_message: str
) -> None:
    response = _post(signed_in(kyl_reporter), vhxh_assignment, **overrides)
    assert response.status_code == 400
    assert field_message in response.content.decode()
    assert not Activity.objects.filter(title="Treo băng rôn trên đường Bà Triệu").exists()


def test_dates_before_the_plan_are_refused(kyl_reporter: Any, vhxh_assignment: Any) -> None:
    document = Document.objects.get(key="seed-004")
    document.issued_on = date(2025, 9, 1)
    document.save()
    response = _post(signed_in(kyl_reporter), vhxh_assignment, started_on="2025-08-20")
    assert (
        response.status_code == 400
        and "trước ngày ban hành kế hoạch (01/09/2025)" in response.content.decode()
    )


def test_a_date_before_resolution_57_is_refused(kyl_reporter: Any, vhxh_assignment: Any) -> None:
    with pytest.raises(ValidationError) as error:
        activity_log(
            user=kyl_reporter,
            assignment=vhxh_assignment,
            unit=unit("ky-lua/phong-vhxh"),
            data={
                "channel": Channel.objects.get(code="banner"),
                "title": "x",
                "started_on": date(1, 1, 1),
                "quantity": 1,
            },
        )
    assert "started_on" in error.value.message_dict


def test_logging_through_the_form_with_a_photo(kyl_reporter: Any, vhxh_assignment: Any) -> None:
    ward = unit("2025:06187")
    response = _post(
        signed_in(kyl_reporter), vhxh_assignment, files=photo("bang-ron.png"), place=ward.pk
    )
    assert response.status_code == 302
    activity = Activity.objects.get(title="Treo băng rôn trên đường Bà Triệu")
    assert activity.place == ward
    evidence = activity.evidence.get()
    assert evidence.content_type == "image/jpeg" and evidence.original_name == "bang-ron.png"


def test_only_reporters_of_the_unit_may_log(hy_reporter: Any, vhxh_assignment: Any) -> None:
    with pytest.raises(PermissionDenied):
        activity_log(
            user=hy_reporter,
            assignment=vhxh_assignment,
            unit=unit("ky-lua/phong-vhxh"),
            data={
                "channel": Channel.objects.get(code="banner"),
                "title": "x",
                "started_on": date(2025, 10, 1),
                "quantity": 1,
            },
        )


@pytest.mark.parametrize(
    ("params", "present"),
    [
        ({"channel": "loudspeaker"}, True),
        ({"channel": "banner"}, False),
        ({"date_from": "2025-10-01", "date_to": "2025-10-31"}, True),
        ({"date_from": "2025-11-01"}, False),
        ({"q": "phat thanh nghi quyet"}, True),
        ({"q": "bang ron"}, False),
    ],
)
def test_each_activity_filter(
    ls_leader: Any, logged: Activity, params: dict, present: bool
) -> None:
    if "channel" in params:
        params = {**params, "channel": Channel.objects.get(code=params["channel"]).pk}
    page = signed_in(ls_leader).get(reverse("campaigns:activity_list"), params).content.decode()
    listing = page[page.index('class="list-group') :]
    assert ("Phát thanh Nghị quyết 57" in listing) is present


def test_unit_and_plan_filters(ls_leader: Any, logged: Activity) -> None:
    client = signed_in(ls_leader)
    inside = client.get(
        reverse("campaigns:activity_list"), {"unit": unit("ky-lua/ubnd").pk}
    ).content.decode()
    outside = client.get(
        reverse("campaigns:activity_list"), {"unit": unit("ls/tinh-uy").pk}
    ).content.decode()
    assert (
        "Phát thanh Nghị quyết 57" in inside
        and "Phát thanh Nghị quyết 57" not in outside[outside.index('class="list-group') :]
    )
    by_plan = client.get(
        reverse("campaigns:activity_list"), {"plan": logged.plan_id}
    ).content.decode()
    assert "Phát thanh Nghị quyết 57" in by_plan


def test_list_queries_do_not_grow_with_rows(
    ls_leader: Any, kyl_reporter: Any, vhxh_assignment: Any, django_assert_max_num_queries: Any
) -> None:
    client = signed_in(ls_leader)
    channel = Channel.objects.get(code="banner")
    activity_log(
        user=kyl_reporter,
        assignment=vhxh_assignment,
        unit=unit("ky-lua/phong-vhxh"),
        data={"channel": channel, "title": "một", "started_on": date(2025, 10, 1), "quantity": 1},
    )
    client.get(reverse("campaigns:activity_list"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("campaigns:activity_list"))
    for i in range(40):
        activity_log(
            user=kyl_reporter,
            assignment=vhxh_assignment,
            unit=unit("ky-lua/phong-vhxh"),
            data={
                "channel": channel,
                "title": f"hoạt động {i}",
                "started_on": date(2025, 10, 2),
                "quantity": i,
            },
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("campaigns:activity_list"))
