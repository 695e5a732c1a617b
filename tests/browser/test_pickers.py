"""Typeahead unit pickers in Chromium: an administrator types "ky lua" without accents in
the unit filter of the deadlines page, picks the ward with the keyboard and filters by it;
the page never held the catalogue's 14,000 units."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import artifact, login
from tests.builders import PASSWORD, draft_plan, member, unit
from tests.personas import superuser
from units.choices import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _type_in_unit_filter(page: Any, text: str, *, delay: int) -> Any:
    """Type into the list filter's unit typeahead, found by its visible label (tom-select
    moves the label's `for` to its text box); the text box."""
    picker = page.locator("input[role=combobox]").and_(
        page.get_by_role("combobox", name="Đơn vị (gồm đơn vị trực thuộc)")
    )
    picker.click()
    picker.press_sequentially(text, delay=delay)
    return picker


def test_administrator_finds_ky_lua_by_typing_without_accents(
    seeded_live_server: Any, page: Any
) -> None:
    superuser()
    ward = unit("2025:06187")  # Phường Kỳ Lừa
    base = seeded_live_server.url
    login(page, base, "root", PASSWORD)
    response = page.goto(f"{base}/reports/deadlines/")
    assert response.body().count(b"<option") < 300
    picker = _type_in_unit_filter(page, "ky lua", delay=40)
    dropdown = page.locator(".ts-dropdown .option")
    dropdown.filter(has_text="Phường Kỳ Lừa").first.wait_for()
    # Each result says where it belongs and since when.
    assert "Tỉnh Lạng Sơn" in dropdown.filter(has_text="Phường Kỳ Lừa").first.inner_text()
    page.screenshot(path=str(artifact("unit-picker-ky-lua.png")))
    # Keyboard only: the first result (the ward itself) is active; Enter picks it.
    picker.press("Enter")
    assert page.eval_on_selector("#id_unit", "select => select.value") == str(ward.pk)
    page.click("button:has-text('Lọc')")
    page.wait_for_url(re.compile(rf"/reports/deadlines/\?.*\bunit={ward.pk}\b"))
    # Back from the server, the picker shows the chosen ward (the only unit shipped).
    assert "Phường Kỳ Lừa" in page.locator(".ts-control").first.inner_text()


def test_dissolved_and_current_units_look_different(seeded_live_server: Any, page: Any) -> None:
    superuser()
    base = seeded_live_server.url
    login(page, base, "root", PASSWORD)
    page.goto(f"{base}/activities/")
    _type_in_unit_filter(page, "uy ban nhan dan tinh hung yen", delay=20)
    options = page.locator(".ts-dropdown .option")
    options.filter(has_text="đã giải thể").first.wait_for()
    texts = options.all_inner_texts()
    current = [text for text in texts if text.startswith("Ủy ban nhân dân tỉnh Hưng Yên\n")]
    assert current and "từ 01/07/2025" in current[0]
    assert any("(đã giải thể 30/06/2025)" in text for text in texts)


def test_editor_assigns_two_units_without_ctrl_click(seeded_live_server: Any, page: Any) -> None:
    editor = member("bientap_pickers", "hy/btgdv", Role.EDITOR, password="mat-khau-123")
    document = draft_plan(editor, "Kế hoạch tuyên truyền chuyển đổi số")
    base = seeded_live_server.url
    login(page, base, "bientap_pickers")
    page.goto(f"{base}/plans/{document.pk}/edit/")
    rows = page.locator("#rows-assignments [data-row]")
    page.click("[data-add-row='assignments']")
    # A function, not an expression: the CSP forbids eval().
    page.wait_for_function(
        "() => document.querySelectorAll('#rows-assignments [data-row]').length > 0"
    )
    row = rows.first
    row.locator("[name$='-title']").fill("Tuyên truyền trên báo chí")
    picker = row.get_by_role("combobox", name="Đơn vị được giao")
    for typed, wanted in (
        ("ban tuyen giao tinh uy hung", "Ban Tuyên giáo và Dân vận Tỉnh ủy Hưng Yên"),
        ("uy ban nhan dan tinh hung yen", "Ủy ban nhân dân tỉnh Hưng Yên"),
    ):
        picker.click()
        picker.press_sequentially(typed, delay=20)
        page.locator(".ts-dropdown .option", has_text=wanted).first.wait_for()
        picker.press("Enter")
        row.locator(".ts-control .item", has_text=wanted).wait_for()
        assert picker.input_value() == ""  # ready for the next unit
    page.screenshot(path=str(artifact("unit-picker-multiple.png")))
    picker.press("Escape")
    page.click("[data-testid=save]")
    page.wait_for_selector("text=Đã lưu kế hoạch.")
    assignment = document.plan.assignments.get()
    assert {u.key for u in assignment.units.all()} == {"hy/btgdv", "hy/ubnd"}
