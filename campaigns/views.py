"""Pages for units logging their activities: assignments, log, list, edit, evidence, Excel."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.fields import parse_id
from common.files import uploaded_file_response
from common.types import person
from common.views import add_domain_error, message_domain_error
from directives.models import Plan

from . import spreadsheets
from .filtersets import ActivityFilterSet
from .forms import ActivityForm, ImportForm
from .models import Activity, Evidence, ImportBatch
from .querysets import ActivityQuerySet
from .selectors import (
    activity_places,
    loggable_assignments,
    my_assignments,
    reportable_units,
    totals_by_channel,
)
from .services import (
    ACTIVITY_FIELDS,
    activity_delete,
    activity_log,
    activity_update,
    evidence_remove,
    may_edit,
)
from .uploads import image_servable_inline, thumbnail_cached, thumbnail_response

PAGE_SIZE = 25


@login_required
def assignments(request: HttpRequest) -> HttpResponse:
    return render(request, "campaigns/assignments.html", {"cards": my_assignments(request.user)})


def _activity_queryset(request: HttpRequest) -> ActivityQuerySet:
    return Activity.objects.visible_to(request.user).select_related(
        "unit", "channel", "plan__document", "assignment"
    )


def _filtered(request: HttpRequest) -> tuple[ActivityFilterSet, Any]:
    """The FilterSet over what the user may see; an invalid filter shows its message, no rows."""
    filterset = ActivityFilterSet(
        request.GET or None, queryset=_activity_queryset(request), request=request
    )
    return filterset, filterset.rows()


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    filterset, activities = _filtered(request)
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "campaigns/activity_list.html",
        {
            "filter": filterset,
            "page": page,
            "totals": totals_by_channel(activities),
            "query": query.urlencode(),
        },
    )


def _form(request: HttpRequest, **kwargs: Any) -> ActivityForm:
    return ActivityForm(
        request.POST or None,
        request.FILES or None,
        assignments=loggable_assignments(request.user),
        units=reportable_units(request.user),
        places=activity_places(request.user),
        **kwargs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_new(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {}
    wanted = parse_id(request.GET.get("assignment", ""))
    if wanted is not None:
        initial["assignment"] = wanted
        assignment = loggable_assignments(request.user).filter(pk=initial["assignment"]).first()
        if assignment is not None:
            first = reportable_units(request.user).filter(pk__in=assignment.units.all()).first()
            if first is not None:
                initial["unit"] = first.pk
    units = reportable_units(request.user)
    if len(units[:2]) == 1:
        initial.setdefault("unit", units[0].pk)
    form = _form(request, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                activity = activity_log(
                    user=person(request),
                    assignment=form.cleaned_data["assignment"],
                    unit=form.cleaned_data["unit"],
                    data=form.activity_data(),
                    audiences=list(form.cleaned_data["audiences"]),
                    links=form.link_list(),
                    files=form.cleaned_data["files"],
                )
            except PermissionDenied as exc:
                form.add_error("unit", str(exc))
            except ValidationError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("Đã ghi hoạt động."))
                return redirect("campaigns:activity_detail", pk=activity.pk)
        status = 400
    return render(
        request, "campaigns/activity_form.html", {"form": form, "activity": None}, status=status
    )


def _visible_activity(request: HttpRequest, pk: int) -> Activity:
    return get_object_or_404(_activity_queryset(request), pk=pk)


def _attempt(request: HttpRequest, write: Callable[[], None]) -> bool:
    """Run a removal; False, with the broken rule as a message, if the service refused it.
    Someone who may see the activity but not change it gets a 404, as for a missing one."""
    try:
        write()
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        message_domain_error(request, exc)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _visible_activity(request, pk)
    editable = may_edit(request.user, activity)
    form = None
    status = 200
    if editable:
        initial = {
            "assignment": activity.assignment_id,
            "unit": activity.unit_id,
            "audiences": list(activity.audiences.all()),
            **{name: getattr(activity, name) for name in ACTIVITY_FIELDS},
        }
        form = _form(request, initial=initial)
        form.fields["assignment"].disabled = True
        form.fields["unit"].disabled = True
        if request.method == "POST":
            if form.is_valid():
                try:
                    activity_update(
                        user=person(request),
                        activity=activity,
                        data=form.activity_data(),
                        audiences=list(form.cleaned_data["audiences"]),
                        links=form.link_list(),
                        files=form.cleaned_data["files"],
                    )
                except ValidationError as exc:
                    add_domain_error(form, exc)
                else:
                    messages.success(request, _("Đã lưu thay đổi."))
                    return redirect("campaigns:activity_detail", pk=pk)
            status = 400
    elif request.method == "POST":
        raise Http404
    history = activity.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request,
        "campaigns/activity_detail.html",
        {
            "activity": activity,
            "form": form,
            "evidence": activity.evidence.all(),
            "history": history,
        },
        status=status,
    )


@login_required
@require_POST
def activity_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _visible_activity(request, pk)
    if not _attempt(request, lambda: activity_delete(user=person(request), activity=activity)):
        return redirect("campaigns:activity_detail", pk=pk)
    messages.success(request, _("Đã xóa hoạt động."))
    return redirect("campaigns:activity_list")


@login_required
def evidence_file(request: HttpRequest, pk: int, eid: int) -> FileResponse:
    """Evidence is private: served only to users who may see the activity's unit."""
    evidence = get_object_or_404(Evidence.objects.visible_to(request.user), pk=eid, activity_id=pk)
    if not evidence.file:
        raise Http404
    file = evidence.file.open("rb")
    return uploaded_file_response(
        file,
        filename=evidence.original_name or evidence.file.name.rsplit("/", 1)[-1],
        content_type=evidence.content_type,
        inline=image_servable_inline(file, evidence.content_type),
    )


@login_required
def evidence_thumbnail(request: HttpRequest, pk: int, eid: int) -> FileResponse:
    """A small image of a photo, for users who may see the activity's unit (404 otherwise)."""
    evidence = get_object_or_404(Evidence.objects.visible_to(request.user), pk=eid, activity_id=pk)
    if not evidence.file:
        raise Http404
    return thumbnail_response(
        thumbnail_cached(
            file=evidence.file, content_type=evidence.content_type, sha256=evidence.sha256
        )
    )


@login_required
@require_POST
def evidence_delete(request: HttpRequest, pk: int, eid: int) -> HttpResponse:
    evidence = get_object_or_404(Evidence.objects.visible_to(request.user), pk=eid, activity_id=pk)
    _attempt(request, lambda: evidence_remove(user=person(request), evidence=evidence))
    return redirect("campaigns:activity_detail", pk=pk)


def _xlsx(content: bytes, name: str) -> FileResponse:
    return FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=name,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
def excel_template(request: HttpRequest, plan_id: int) -> FileResponse:
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=plan_id)
    return _xlsx(
        spreadsheets.template(plan=plan, user=request.user), f"mau-hoat-dong-{plan_id}.xlsx"
    )


@login_required
def activity_export(request: HttpRequest) -> FileResponse:
    _filterset, activities = _filtered(request)
    return _xlsx(spreadsheets.export(activities), "hoat-dong.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def excel_import(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=plan_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    batch = None
    if request.method == "POST" and form.is_valid():
        try:
            batch = spreadsheets.check(
                plan=plan, user=person(request), upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            form.add_error("file", " ".join(exc.messages))
    return render(request, "campaigns/import.html", {"plan": plan, "form": form, "batch": batch})


@login_required
@require_POST
def excel_import_confirm(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch.objects.visible_to(request.user), pk=batch_id)
    try:
        created = spreadsheets.confirm(batch=batch, user=person(request))
    except ValidationError as exc:
        message_domain_error(request, exc)
        return redirect("campaigns:excel_import", plan_id=batch.plan_id)
    messages.success(request, _("Đã nhập %(n)s hoạt động.") % {"n": created})
    return redirect(f"{_list_url()}?plan={batch.plan_id}")


def _list_url() -> str:
    from django.urls import reverse

    return reverse("campaigns:activity_list")
