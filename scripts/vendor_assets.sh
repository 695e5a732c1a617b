#!/usr/bin/env bash
# Re-vendor the front-end assets from npm into static/vendor/ (see static/vendor/README.md).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm install --silent --no-audit --no-fund bootstrap@5.3.9 htmx.org@2.0.11 bootstrap-icons@1.13.2 chart.js@4.6.1 tom-select@2.6.2
n="$work/node_modules"
v="$root/static/vendor"
mkdir -p "$v/bootstrap" "$v/htmx" "$v/bootstrap-icons/font"
cp "$n/bootstrap/dist/css/bootstrap.min.css"* "$n/bootstrap/dist/js/bootstrap.bundle.min.js"* "$v/bootstrap/"
cp "$n/bootstrap/LICENSE" "$v/bootstrap/LICENSE"
cp "$n/htmx.org/dist/htmx.min.js" "$v/htmx/" && cp "$n/htmx.org/LICENSE" "$v/htmx/LICENSE"
cp "$n/bootstrap-icons/font/bootstrap-icons.min.css" "$v/bootstrap-icons/font/"
cp -r "$n/bootstrap-icons/font/fonts" "$v/bootstrap-icons/font/"
cp "$n/bootstrap-icons/LICENSE" "$v/bootstrap-icons/LICENSE"
mkdir -p "$v/chartjs"
cp "$n/chart.js/dist/chart.umd.min.js" "$v/chartjs/" && cp "$n/chart.js/LICENSE.md" "$v/chartjs/LICENSE.md"
mkdir -p "$v/tom-select"
cp "$n/tom-select/dist/js/tom-select.complete.min.js"* "$n/tom-select/dist/css/tom-select.bootstrap5.min.css"* "$n/tom-select/LICENSE" "$v/tom-select/"
npm install --silent --no-audit --no-fund vanillajs-datepicker@1.3.4
mkdir -p "$v/vanillajs-datepicker/locales"
cp "$n/vanillajs-datepicker/dist/js/datepicker.min.js" "$n/vanillajs-datepicker/dist/css/datepicker-bs5.min.css" "$n/vanillajs-datepicker/LICENSE" "$v/vanillajs-datepicker/"
cp "$n/vanillajs-datepicker/dist/js/locales/vi.js" "$v/vanillajs-datepicker/locales/"
