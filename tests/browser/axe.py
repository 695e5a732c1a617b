"""axe-core (vendored from npm under tests/browser/vendor/) run inside Chromium on a page.

The script is added to the page by Playwright; the page's Content-Security-Policy forbids
that, so the contexts these checks use bypass it (the CSP itself is checked by the other
page tests, whose contexts keep it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")


def axe_violations(page: Any) -> list[str]:
    """The serious and critical WCAG 2.x A/AA violations on the page, one line per node."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
                resultTypes: ['violations'],
            });
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')),
            }));
        }"""
    )
    return [
        f"{page.url}: {v['impact']} {v['id']} ({v['help']}): {node}"
        for v in result
        if v["impact"] in BLOCKING
        for node in v["nodes"][:5]
    ]


def new_checked_context(browser: Any, **options: Any) -> Any:
    """A browser context where axe may be injected (the portal's CSP is bypassed)."""
    options.setdefault("viewport", {"width": 1366, "height": 768})
    options.setdefault("locale", "vi-VN")
    return browser.new_context(bypass_csp=True, **options)
