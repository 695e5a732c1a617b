"""The page shell at a 1366 px laptop and a 375 px phone: for a superuser, who sees every
navbar item, no main page scrolls sideways, and every text and icon of the navbar (links,
the active and hovered link, the buttons) has WCAG AA contrast (at least 4.5:1)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import artifact, login
from tests.builders import PASSWORD
from tests.personas import superuser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAIN_PAGES = [
    "/",
    "/plans/",
    "/activities/assignments/",
    "/activities/",
    "/dashboard/",
    "/reports/deadlines/",
    "/reports/notifications/",
    "/accounts/tokens/",
]

# The contrast ratio of each visible text or icon in the navbar against the colour actually
# painted behind it (translucent colours composed over their ancestors' backgrounds).
CONTRASTS_JS = """
(root) => {
  const parse = (c) => { const m = c.match(/[\\d.]+/g).map(Number);
    return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  const over = (top, bottom) => { const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]); };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let colour = [255, 255, 255, 1];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const lum = (c) => { const v = c.slice(0, 3).map(x => { x /= 255;
    return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  const out = [];
  for (const el of root.querySelectorAll('a, button, .navbar-brand, i, span, label')) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(el).visibility === 'hidden') continue;
    if (el.closest('.dropdown-menu, .visually-hidden')) continue;
    if (!(el.innerText || '').trim() && el.tagName !== 'I') continue;
    const bg = background(el);
    const fg = over(parse(getComputedStyle(el).color), bg);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    out.push([(el.innerText || el.className).trim().slice(0, 30), (a + 0.05) / (b + 0.05)]);
  }
  return out;
}
"""


def _low_contrast(page: Any) -> list[Any]:
    found = page.evaluate(CONTRASTS_JS, page.locator("nav.navbar").element_handle())
    assert found  # the check looked at something
    return [(text, round(ratio, 2)) for text, ratio in found if ratio < 4.5]


def _overflow(page: Any) -> int:
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )


@pytest.mark.parametrize("width,height", [(1366, 768), (375, 812)])
def test_navbar_fits_and_is_legible_for_a_superuser(
    seeded_live_server: Any, browser: Any, width: int, height: int
) -> None:
    root = superuser()
    root.first_name, root.last_name = "Phương Thảo", "Nguyễn Thị"
    root.save()
    base = seeded_live_server.url
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        login(page, base, "root", PASSWORD)
        for path in MAIN_PAGES:
            response = page.goto(f"{base}{path}")
            assert response is not None and response.status == 200, path
            assert _overflow(page) <= 0, path
            if width < 992:
                page.click(".navbar-toggler")
                page.wait_for_selector("#nav.show")
                assert _overflow(page) <= 0, path
            assert _low_contrast(page) == [], path
        page.screenshot(path=str(artifact(f"navbar-{width}.png")))
        # the hovered link keeps its contrast too
        page.hover("nav .nav-link >> nth=1")
        page.wait_for_timeout(300)
        assert _low_contrast(page) == []
        # and every item is on screen, the logout menu included
        menu = page.locator("[data-testid=user-menu]")
        box = menu.bounding_box()
        assert box is not None and box["x"] + box["width"] <= width
        menu.click()
        logout = page.locator("button.dropdown-item:has-text('Đăng xuất')")
        out = logout.bounding_box()
        assert out is not None and out["x"] >= 0 and out["x"] + out["width"] <= width
    finally:
        context.close()
