"""On a 375 px phone, a ward reporter of Phường Kỳ Lừa logs a loudspeaker broadcast with a
photo against the plan that assigned it, and sees it counted on the assignment."""

from __future__ import annotations

from typing import Any

import pytest

from campaigns.models import Activity
from tests.browser.conftest import artifact
from tests.builders import jpeg_bytes, member, unit, ward_assignment
from units.choices import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ward_reporter_logs_with_a_photo_at_375px(
    seeded_live_server: Any, browser: Any, tmp_path: Any
) -> None:
    member("phuongkylua", "ky-lua/ubnd", Role.REPORTER, password="mat-khau-123")
    assignment = ward_assignment()
    picture = tmp_path / "loa-phat-thanh.jpg"
    picture.write_bytes(jpeg_bytes(exif_date="2025:10:06 07:30:00", size=(800, 600)))
    base = seeded_live_server.url
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, locale="vi-VN", has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", "phuongkylua")
        page.fill("#id_password", "mat-khau-123")
        page.click("button:has-text('Đăng nhập')")
        page.wait_for_url(f"{base}/")
        page.goto(f"{base}/activities/assignments/")
        card = page.locator(f"[data-testid=assignment-{assignment.pk}]")
        card.locator("a:has-text('Ghi hoạt động')").click()
        page.wait_for_url("**/activities/new/**")
        assert page.evaluate("document.documentElement.scrollWidth") <= 376
        save = page.locator("[data-testid=save-activity]")
        assert save.bounding_box()["height"] >= 44  # a large touch target
        page.select_option(
            "#id_channel", label="Hệ thống thông tin cơ sở, truyền thanh cơ sở, loa phát thanh"
        )
        page.fill("#id_title", "Phát thanh chuyên mục Nghị quyết 57 trên loa phường")
        page.fill("#id_started_on", "2025-10-06")
        page.fill("#id_quantity", "3")
        page.fill("#id_reach", "1500")
        page.check("text=Nhân dân, người dân")
        page.set_input_files("#id_files", str(picture))
        page.screenshot(path=str(artifact("activity-form-375.png")), full_page=True)
        save.click()
        page.wait_for_selector("text=Đã ghi hoạt động.")
        assert "06/10/2025 07:30" in page.inner_text("body")  # capture date read from EXIF
        page.screenshot(path=str(artifact("activity-detail-375.png")), full_page=True)
        page.goto(f"{base}/activities/assignments/")
        row = page.locator(f"[data-testid=assignment-{assignment.pk}] tr[data-channel=loudspeaker]")
        assert row.locator("[data-testid=logged]").inner_text().startswith("3")
        page.screenshot(path=str(artifact("assignments-375.png")), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 376
    finally:
        context.close()
    activity = Activity.objects.get(title="Phát thanh chuyên mục Nghị quyết 57 trên loa phường")
    assert (
        activity.unit == unit("ky-lua/phong-vhxh")
        and activity.evidence.get().content_type == "image/jpeg"
    )
