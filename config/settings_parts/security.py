"""Security headers that are the same everywhere (the switches for production are read from
the environment in config.settings)."""

from __future__ import annotations

# Content-Security-Policy (django-csp): only the portal's own files run or style a page; no
# inline script, style or event handler anywhere (htmx, Bootstrap and Chart.js are
# vendored under static/). data: images are Bootstrap's SVG icons in its CSS. A response
# that sets its own policy keeps it (uploaded files get a sandbox: common/files.py).
CSP_DIRECTIVES: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
