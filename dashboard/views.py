"""The leader's dashboard (/dashboard/): cascade coverage, activities, reporting timeliness,
each panel exportable as XLSX or CSV, with drill-down by unit and a one-click nudge."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from common.fields import BoundedModelChoiceField, set_choices
from common.filters import pickable
from common.tables import table_csv, table_xlsx
from common.types import Viewer, person
from common.views import message_domain_error
from common.widgets_dates import PortalDateInput
from directives.models import Document
from reporting.models import Deadline
from reporting.services import deadline_nudge
from units.models import Unit
from units.scope import scope_for

from . import selectors
from .exports import PANELS, panel_table

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def _date_field(label: StrOrPromise) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=PortalDateInput(),
    )


class DashboardForm(forms.Form):
    unit = BoundedModelChoiceField(
        label=gettext_lazy("Đơn vị"), queryset=Unit.objects.none(), required=False
    )
    directive = BoundedModelChoiceField(
        label=gettext_lazy("Văn bản gốc"), queryset=Document.objects.none(), required=False
    )
    date_from = _date_field(gettext_lazy("Từ ngày"))
    date_to = _date_field(gettext_lazy("Đến ngày"))

    def __init__(self, *args: Any, user: Viewer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["unit"], pickable(user, Unit))
        set_choices(self.fields["directive"], selectors.directive_choices(user))
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


def _default_root(user: Viewer) -> Unit | None:
    """The user's own top unit (the shortest path of their scope); None: the whole country."""
    scope = scope_for(user)
    if scope.everything:
        return None
    if not scope.member_paths:
        raise Http404
    return Unit.objects.filter(path=min(scope.member_paths, key=len)).first()


def _scope(request: HttpRequest) -> tuple[DashboardForm, selectors.Scope | None]:
    form = DashboardForm(request.GET or None, user=request.user)
    if form.is_bound and not form.is_valid():
        for name in ("unit", "directive"):
            raw = request.GET.get(name, "")
            if name in form.errors and raw.isdigit() and len(raw) < 19:
                # A well-formed id the user may not see (another province's unit, a document
                # they cannot read) is a 404, as everywhere else; malformed values stay 400.
                raise Http404
        return form, None
    data = form.cleaned_data if form.is_bound else {}
    directive = data.get("directive") or selectors.default_directive(request.user)
    if directive is None:
        return form, None
    first, last = selectors.default_period(directive)
    start, end = data.get("date_from") or first, data.get("date_to") or last
    if not form.is_bound:
        form.initial.update({"directive": directive.pk, "date_from": start, "date_to": end})
    root = data.get("unit") or _default_root(request.user)
    return form, selectors.make_scope(
        user=request.user, root=root, directive=directive, date_from=start, date_to=end
    )


@login_required
def index(request: HttpRequest) -> HttpResponse:
    form, scope = _scope(request)
    if scope is None:
        status = 400 if form.is_bound and form.errors else 200
        return render(request, "dashboard/index.html", {"form": form}, status=status)
    rows = selectors.rows_of(scope)
    overdue, overdue_total = selectors.overdue(scope)
    by_channel = selectors.activities_by_channel(scope)
    by_month = selectors.activities_by_month(scope)
    query = request.GET.copy()
    query.pop("unit", None)
    context = {
        "form": form,
        "scope": scope,
        "ancestors": list(Unit.objects.ancestors_of(scope.root).visible_to(request.user))
        if scope.root
        else [],
        "coverage": selectors.coverage(scope),
        "by_channel": by_channel,
        "by_unit": selectors.activities_by_unit(scope, rows),
        "by_month": by_month,
        "timeliness": selectors.timeliness_by_unit(scope, rows),
        "timeliness_periods": selectors.timeliness_by_period(scope),
        "overdue": overdue,
        "overdue_total": overdue_total,
        "query": query.urlencode(),
        "full_query": request.GET.urlencode(),
        "charts": {
            "channels": {
                "labels": [r["channel_name"] for r in by_channel],
                "values": [r["quantity"] for r in by_channel],
            },
            "months": {
                "labels": [r["month"] for r in by_month],
                "values": [r["count"] for r in by_month],
            },
        },
    }
    return render(request, "dashboard/index.html", context)


@login_required
def export(request: HttpRequest, panel: str, fmt: str) -> HttpResponse:
    """One panel as XLSX or CSV, with the page's filters."""
    if panel not in PANELS or fmt not in ("xlsx", "csv"):
        raise Http404
    form, scope = _scope(request)
    if scope is None:
        return HttpResponse(
            "; ".join(f"{k}: {' '.join(str(m) for m in v)}" for k, v in form.errors.items())
            or _("Không có dữ liệu."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    title, header, rows = panel_table(panel, scope)
    if fmt == "csv":
        content, kind = table_csv(header, rows), "text/csv; charset=utf-8"
    else:
        content = table_xlsx(title, header, rows)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="bang-dieu-hanh-{panel}.{fmt}"'
    return response


@login_required
@require_POST
def nudge(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Đôn đốc": remind the unit's reporters now, through the reminder machinery."""
    deadline = get_object_or_404(Deadline.objects.visible_to(request.user), pk=pk)
    try:
        count = deadline_nudge(user=person(request), deadline=deadline)
    except PermissionDenied:
        raise
    except ValidationError as exc:
        message_domain_error(request, exc)
    else:
        if count:
            messages.success(
                request,
                _("Đã đôn đốc %(unit)s (%(n)s người nhận).")
                % {"unit": deadline.unit.name, "n": count},
            )
        else:
            messages.info(request, _("Đơn vị vừa được đôn đốc; hãy chờ thêm trước khi nhắc lại."))
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("dashboard:index")
