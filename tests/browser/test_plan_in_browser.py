"""An editor of Ban Tuyên giáo và Dân vận Tỉnh ủy Hưng Yên derives a plan from
186-HD/BTGTW, fills in the parts of seed 001, issues it as Số 01-KH/BTGDVTU and finds it
under 386-KH/TU in the cascade."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from directives.models import AudienceGroup, Channel, Document
from tests.browser.conftest import artifact, login
from tests.builders import member, unit
from units.choices import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SEED = Path(__file__).resolve().parents[2] / "directives" / "seed_data" / "plans" / "seed_001.yaml"


def _items(sections: list[dict[str, Any]], part: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for section in sections:
        if section.get("part") == part:
            found += section.get("items") or []
        found += _items(section.get("sections") or [], part)
    return found


def _add_row(page: Any, part: str) -> Any:
    rows = page.locator(f"#rows-{part} [data-row]")
    before = rows.count()
    page.click(f"[data-add-row='{part}']")
    # A function, not an expression: Playwright polls an expression with eval(), which the
    # Content-Security-Policy forbids.
    page.wait_for_function(
        f"() => document.querySelectorAll('#rows-{part} [data-row]').length > {before}"
    )
    return rows.nth(before)


def test_editor_derives_fills_and_issues_seed_001(seeded_live_server: Any, page: Any) -> None:
    spec = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    sections = spec["plan"]["sections"]
    member("bientap", "hy/btgdv", Role.EDITOR, password="mat-khau-123")
    parent = Document.objects.get(key="186-HD/BTGTW")
    hung_yen_plan = Document.objects.get(key="386-KH/TU@hung-yen")
    channels = {c.code: str(c.pk) for c in Channel.objects.all()}
    groups = {g.code: str(g.pk) for g in AudienceGroup.objects.all()}
    base = seeded_live_server.url

    login(page, base, "bientap")

    page.goto(f"{base}/plans/new/?parent={parent.pk}")
    page.click("[data-testid=create]")
    page.wait_for_url("**/edit/")
    assert "Thực hiện Hướng dẫn số 186-HD/BTGTW" in page.input_value("#id_h-basis_text")

    document = spec["document"]
    page.fill("#id_h-title", document["title"])
    page.select_option("#id_h-implements", [str(parent.pk), str(hung_yen_plan.pk)])
    page.fill("#id_h-basis_text", spec["plan"]["basis_text"].strip())
    for item in _items(sections, "purposes"):
        row = _add_row(page, "purposes")
        row.locator("[name$='-label']").fill(item.get("label", ""))
        row.locator("[name$='-text']").fill(item["text"].strip())
        row.locator("[name$='-kind']").select_option(item.get("kind", "purpose"))
    for item in _items(sections, "themes"):
        row = _add_row(page, "themes")
        row.locator("[name$='-label']").fill(item.get("label", ""))
        row.locator("[name$='-text']").fill(item["text"].strip())
    for item in _items(sections, "audiences"):
        row = _add_row(page, "audiences")
        row.locator("[name$='-text']").fill(item["text"].strip())
        for code in item.get("groups", []):
            row.locator(f"input[type=checkbox][value='{groups[code]}']").check()
    for item in _items(sections, "channels"):
        row = _add_row(page, "channels")
        row.locator("[name$='-label']").fill(item.get("label", ""))
        row.locator("[name$='-text']").fill(item["text"].strip())
        for slot, entry in enumerate(item.get("channels", [])[:4], start=1):
            code = entry if isinstance(entry, str) else entry["channel"]
            row.locator(f"[name$='-channel_{slot}']").select_option(channels[code])
    for item in _items(sections, "assignments"):
        row = _add_row(page, "assignments")
        row.locator("[name$='-label']").fill(item.get("label", ""))
        row.locator("[name$='-title']").fill(item["title"])
        row.locator("[name$='-role']").select_option(item.get("role", "implement"))
        row.locator("[name$='-tasks']").fill(
            "\n".join(t["text"].strip() for t in item.get("tasks", []))
        )
    for item in _items(sections, "assignments"):
        for duty in item.get("duties", []):
            row = _add_row(page, "duties")
            row.locator("[name$='-phrase']").fill(duty["phrase"].strip())
            row.locator("[name$='-rule']").select_option(duty["rule"])
            row.locator("[name$='-receiver_text']").fill(duty.get("receiver_text", ""))
    for line in document["recipients"]:
        row = _add_row(page, "recipients")
        row.locator("[name$='-text']").fill(line["text"])
        if line.get("archive"):
            row.locator("[name$='-is_archive']").check()
    signer = document["signer"]
    page.select_option("#id_h-signer_authority", signer["authority"])
    page.fill("#id_h-signer_authority_of", signer["authority_of"])
    page.fill("#id_h-signer_title", signer["title"])
    page.fill("#id_h-signer_name", signer["name"])
    page.screenshot(path=str(artifact("plan-editor.png")), full_page=True)

    page.click("button[name=save_and_view]")
    page.wait_for_selector("[data-testid=issue]")
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("[data-testid=issue]")
    page.wait_for_selector("text=Số 01-KH/BTGDVTU")
    page.screenshot(path=str(artifact("plan-page.png")), full_page=True)
    body = page.inner_text("article.paper")
    assert "Số 01-KH/BTGDVTU" in body and "Vương Quang Hưng" in body
    assert "K/T TRƯỞNG BAN" in body and "ĐẢNG CỘNG SẢN VIỆT NAM" in body

    issued = Document.objects.get(issuer=unit("hy/btgdv"), number="01")
    plan = issued.plan
    assert (plan.purposes.count(), plan.themes.count(), plan.channel_items.count()) == (4, 4, 6)
    assert (plan.assignments.count(), plan.duties.count(), issued.recipients.count()) == (3, 1, 11)

    page.goto(f"{base}/plans/{hung_yen_plan.pk}/")
    below = page.inner_text("[data-testid=below]")
    assert "01-KH/BTGDVTU" in below and "Ban Tuyên giáo và Dân vận Tỉnh ủy Hưng Yên" in below

    # The same pages at 375 px: nothing wider than the screen.
    page.set_viewport_size({"width": 375, "height": 800})
    for url, name in (
        (f"{base}/plans/{issued.pk}/", "plan-page-375.png"),
        (f"{base}/plans/?q=tuyen+truyen", "plan-list-375.png"),
        (f"{base}/", "home-375.png"),
    ):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        page.screenshot(path=str(artifact(name)), full_page=False)
        assert width <= 376, (url, width)
    page.goto(f"{base}/plans/{issued.pk}/")
    page.click("button:has-text('Tạo phiên bản mới')")
    page.click("a:has-text('Sửa dự thảo')")
    page.wait_for_url("**/edit/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 376
    page.screenshot(path=str(artifact("plan-editor-375.png")), full_page=False)
