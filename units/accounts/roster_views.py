"""Onboarding people in bulk: upload a roster, see every row checked (nothing is written),
confirm once. The rows of the preview wait in the importer's session under a random token;
confirming checks them again in the importer's current scope and applies them once."""

from __future__ import annotations

import io
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.types import person
from common.views import message_domain_error

from .forms import RosterUploadForm
from .onboarding import roster_apply
from .roster import may_onboard, roster_check
from .roster_file import COLUMNS, MAX_ROWS, RosterRow, read_roster, template_xlsx

SESSION_KEY = "roster_preview"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_onboarder(request: HttpRequest) -> None:
    if not may_onboard(request.user):
        raise PermissionDenied(
            _("Chỉ quản trị viên đơn vị hoặc quản trị viên hệ thống được nhập người dùng.")
        )


@login_required
@require_http_methods(["GET", "POST"])
def roster_import(request: HttpRequest) -> HttpResponse:
    _require_onboarder(request)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "columns": COLUMNS, "max_rows": MAX_ROWS}
    if request.method == "POST" and form.is_valid():
        try:
            rows = read_roster(form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error("file", " ".join(exc.messages))
        else:
            checked = roster_check(importer=request.user, rows=rows)
            token = uuid.uuid4().hex
            request.session[SESSION_KEY] = {
                "token": token,
                "rows": [[row.number, row.cells] for row in rows],
            }
            context.update(check=checked, token=token)
    status = 400 if form.errors else 200
    return render(request, "accounts/roster_import.html", context, status=status)


@login_required
@require_POST
def roster_confirm(request: HttpRequest) -> HttpResponse:
    _require_onboarder(request)
    stored = request.session.get(SESSION_KEY) or {}
    token = request.POST.get("token", "")
    if not token or stored.get("token") != token:
        messages.error(
            request,
            _("Bản xem trước này đã được nhập hoặc đã hết hạn; hãy tải tệp lên lại nếu cần."),
        )
        return redirect("roster_import")
    rows = [RosterRow(number=number, cells=cells) for number, cells in stored["rows"]]
    checked = roster_check(importer=request.user, rows=rows)
    try:
        outcome = roster_apply(
            importer=person(request),
            token=token,
            rows=checked.planned,
            base_url=request.build_absolute_uri("/"),
        )
    except ValidationError as exc:
        message_domain_error(request, exc)
        return redirect("roster_import")
    request.session.pop(SESSION_KEY, None)
    messages.success(
        request,
        _(
            "Đã tạo %(accounts)s tài khoản mới và thêm %(roles)s vai trò; mỗi người mới nhận "
            "một thư để tự đặt mật khẩu."
        )
        % {"accounts": outcome.accounts_created, "roles": outcome.roles_added},
    )
    if checked.errors:
        messages.warning(
            request,
            _("%(n)s lỗi mới phát sinh khi nhập; các dòng đó chưa được nhập.")
            % {"n": len(checked.errors)},
        )
    return redirect("roster_import")


@login_required
@require_GET
def roster_template(request: HttpRequest) -> FileResponse:
    _require_onboarder(request)
    return FileResponse(
        io.BytesIO(template_xlsx()),
        as_attachment=True,
        filename="mau-nhap-nguoi-dung.xlsx",
        content_type=XLSX,
    )
