"""Pages of reporting: notifications (the bell), deadlines, a deadline's report with its
review, extensions and documents, and the receiver's inbox."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.uploads import thumbnail_cached, thumbnail_response
from common.documents.docx import snapshot_docx
from common.documents.pdf import snapshot_pdf
from common.files import uploaded_file_response
from common.types import person
from common.views import add_domain_error, domain_error_status, message_domain_error
from units.scope import scope_for

from .access import RECEIVER_ROLES, may_receive, may_report
from .choices import ExtensionStatus, ReportStatus
from .extensions import extension_decide, extension_request
from .filtersets import DeadlineFilterSet
from .forms import AttachmentForm, DecisionForm, ExtensionForm, ReportForm, ReturnForm
from .models import Deadline, Extension, Notification, Report, ReportAttachment
from .notifications import notification_read, notifications_read_all
from .rendering import report_snapshot
from .selectors import figures_for, reporting_paths, timeliness
from .services import (
    EDITABLE,
    NARRATIVE,
    report_accept,
    report_attach,
    report_detach,
    report_draft,
    report_return,
    report_submit,
    report_update,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(
        Notification.objects.visible_to(request.user).filter(recipient=person(request)), 30
    ).get_page(request.GET.get("page"))
    return render(request, "reporting/notifications.html", {"page": page})


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link, marking it read on the way."""
    notification = get_object_or_404(Notification.objects.filter(recipient=person(request)), pk=pk)
    notification_read(user=person(request), notification=notification)
    if url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("reporting:notifications")


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    notifications_read_all(user=person(request))
    return redirect("reporting:notifications")


@login_required
def deadline_list(request: HttpRequest) -> HttpResponse:
    """Deadlines of the units the user sees, the nearest first, with their timeliness."""
    deadlines = (
        Deadline.objects.visible_to(request.user)
        .select_related("unit", "duty__plan__document", "report")
        .order_by("due_on", "unit__name", "pk")
    )
    filterset = DeadlineFilterSet(request.GET or None, queryset=deadlines, request=request)
    page = Paginator(filterset.rows(), 50).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [(deadline, timeliness(deadline, today)) for deadline in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reporting/deadlines.html",
        {"page": page, "rows": rows, "filter": filterset, "query": query.urlencode()},
    )


def _deadline(request: HttpRequest, pk: int) -> Deadline:
    return get_object_or_404(
        Deadline.objects.visible_to(request.user).select_related(
            "unit__parent", "unit__territory", "duty__plan__document", "duty__receiver"
        ),
        pk=pk,
    )


def _reportable(request: HttpRequest, pk: int) -> Deadline:
    """A visible deadline the user may report for (403 when only visible)."""
    deadline = _deadline(request, pk)
    if not may_report(request.user, deadline):
        raise PermissionDenied
    return deadline


def _report(deadline: Deadline) -> Report | None:
    return Report.objects.filter(deadline=deadline).first()


def _detail(
    request: HttpRequest, deadline: Deadline, status: int = 200, **forms: Any
) -> HttpResponse:
    report = _report(deadline)
    can_report = may_report(request.user, deadline)
    can_receive = may_receive(request.user, deadline)
    editable = can_report and (report is None or report.status in EDITABLE)
    context = {
        "deadline": deadline,
        "state": timeliness(deadline),
        "report": report,
        "figures": report.figures if report else figures_for(deadline, reporting_paths(deadline)),
        "events": report.events.select_related("actor") if report else [],
        "attachments": report.attachments.all() if report else [],
        "extensions": deadline.extensions.select_related("requested_by", "decided_by"),
        "can_report": can_report,
        "can_receive": can_receive,
        "editable": editable,
        "report_form": forms.get("report_form")
        or ReportForm(
            initial={
                "results": report.results if report else "",
                "shortcomings": report.shortcomings if report else "",
                "proposals": report.proposals if report else "",
            }
        ),
        "attachment_form": forms.get("attachment_form") or AttachmentForm(),
        "return_form": forms.get("return_form") or ReturnForm(),
        "extension_form": forms.get("extension_form") or ExtensionForm(),
        "decision_form": DecisionForm(),
        "pending_extension": deadline.extensions.filter(status=ExtensionStatus.PENDING).first(),
    }
    return render(request, "reporting/deadline_detail.html", context, status=status)


def _form_action(
    request: HttpRequest,
    deadline: Deadline,
    key: str,
    form: Any,
    act: Callable[[dict[str, Any]], str],
    **others: Any,
) -> HttpResponse:
    """Validate `form`, run the service through `act` (which returns the success message),
    and go back to the deadline; on any error show the page again with the form (400) and
    the `others` forms as they were posted."""
    status = 400
    if form.is_valid():
        try:
            done = act(form.cleaned_data)
        except ValidationError as exc:
            add_domain_error(form, exc)
            status = domain_error_status(exc)
        else:
            return _done(request, deadline, done)
    return _detail(request, deadline, status=status, **{key: form, **others})


def _button_action(
    request: HttpRequest, deadline: Deadline, act: Callable[[], str]
) -> HttpResponse:
    """Run the service behind a button through `act` (which returns the success message) and
    go back to the deadline; a refusal shows the page again with its message."""
    try:
        done = act()
    except ValidationError as exc:
        message_domain_error(request, exc)
        return _detail(request, deadline, status=domain_error_status(exc))
    return _done(request, deadline, done)


def _done(request: HttpRequest, deadline: Deadline, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("reporting:deadline", pk=deadline.pk)


@login_required
def deadline_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _deadline(request, pk))


@login_required
@require_POST
def report_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the narrative; with action=submit, also submit the report."""
    deadline = _reportable(request, pk)
    submit = request.POST.get("action") == "submit"

    def act(data: dict[str, Any]) -> str:
        report = _report(deadline)
        if not (submit and report is not None and report.status == ReportStatus.SUBMITTED):
            report_update(user=person(request), deadline=deadline, data=data)
        if submit:
            report_submit(user=person(request), deadline=deadline)
        return _("Đã nộp báo cáo.") if submit else _("Đã lưu báo cáo.")

    return _form_action(request, deadline, "report_form", ReportForm(request.POST), act)


@login_required
@require_POST
def report_prefill(request: HttpRequest, pk: int) -> HttpResponse:
    """Start (or refresh) the draft: figures from the activities, the units' synthesis."""
    deadline = _reportable(request, pk)
    report_draft(user=person(request), deadline=deadline)
    return _done(request, deadline, _("Đã cập nhật số liệu từ các hoạt động đã ghi nhận."))


def _save_posted_narrative(request: HttpRequest, deadline: Deadline) -> ReportForm | None:
    """The narrative posted with an attachment (its button belongs to the report form), saved
    as the draft first: text typed but not saved survives the attach, even one refused."""
    if not any(name in request.POST for name in NARRATIVE):
        return None
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            report_update(user=person(request), deadline=deadline, data=form.cleaned_data)
        except ValidationError as exc:
            add_domain_error(form, exc)
    return form


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    deadline = _reportable(request, pk)
    narrative = _save_posted_narrative(request, deadline)
    form = AttachmentForm(request.POST, request.FILES)
    if narrative is not None and narrative.errors:
        return _detail(request, deadline, status=400, report_form=narrative, attachment_form=form)

    def act(data: dict[str, Any]) -> str:
        report_attach(user=person(request), deadline=deadline, upload=data["file"])
        if narrative is not None:
            return _("Đã lưu nháp báo cáo và đính kèm tệp.")
        return _("Đã đính kèm tệp.")

    others = {"report_form": narrative} if narrative is not None else {}
    return _form_action(request, deadline, "attachment_form", form, act, **others)


def _attachment(request: HttpRequest, pk: int, aid: int) -> ReportAttachment:
    deadline = _deadline(request, pk)
    return get_object_or_404(ReportAttachment.objects.filter(report__deadline=deadline), pk=aid)


@login_required
def attachment_file(request: HttpRequest, pk: int, aid: int) -> FileResponse:
    attachment = _attachment(request, pk, aid)
    return uploaded_file_response(
        attachment.file.open("rb"),
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@login_required
def attachment_thumbnail(request: HttpRequest, pk: int, aid: int) -> FileResponse:
    """A small image of an attached photo, for those who may see the report (404 otherwise)."""
    attachment = _attachment(request, pk, aid)
    return thumbnail_response(
        thumbnail_cached(
            file=attachment.file, content_type=attachment.content_type, sha256=attachment.sha256
        )
    )


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int, aid: int) -> HttpResponse:
    attachment = _attachment(request, pk, aid)
    try:
        report_detach(user=person(request), attachment=attachment)
    except ValidationError as exc:
        message_domain_error(request, exc)
    else:
        messages.success(request, _("Đã gỡ tệp đính kèm."))
    return redirect("reporting:deadline", pk=pk)


def _submitted_report(deadline: Deadline) -> Report:
    report = _report(deadline)
    if report is None:
        raise Http404
    return report


@login_required
@require_POST
def report_return_view(request: HttpRequest, pk: int) -> HttpResponse:
    deadline = _deadline(request, pk)
    report = _submitted_report(deadline)

    def act(data: dict[str, Any]) -> str:
        report_return(user=person(request), report=report, reason=data["reason"])
        return _("Đã trả lại báo cáo kèm lý do.")

    return _form_action(request, deadline, "return_form", ReturnForm(request.POST), act)


@login_required
@require_POST
def report_accept_view(request: HttpRequest, pk: int) -> HttpResponse:
    deadline = _deadline(request, pk)
    report = _submitted_report(deadline)

    def act() -> str:
        report_accept(user=person(request), report=report)
        return _("Đã tiếp nhận báo cáo.")

    return _button_action(request, deadline, act)


@login_required
@require_POST
def extension_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    deadline = _deadline(request, pk)

    def act(data: dict[str, Any]) -> str:
        extension_request(
            user=person(request),
            deadline=deadline,
            until=data["requested_until"],
            reason=data["reason"],
        )
        return _("Đã gửi đề nghị gia hạn.")

    return _form_action(request, deadline, "extension_form", ExtensionForm(request.POST), act)


@login_required
@require_POST
def extension_decide_view(request: HttpRequest, pk: int, eid: int) -> HttpResponse:
    deadline = _deadline(request, pk)
    extension = get_object_or_404(Extension.objects.filter(deadline=deadline), pk=eid)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn đồng ý hoặc không đồng ý."))
        return _detail(request, deadline, status=400)
    grant = form.cleaned_data["decision"] == "grant"

    def act() -> str:
        extension_decide(
            user=person(request), extension=extension, grant=grant, note=form.cleaned_data["note"]
        )
        return _("Đã đồng ý gia hạn.") if grant else _("Đã từ chối gia hạn.")

    return _button_action(request, deadline, act)


@login_required
def report_download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    """The report as "BÁO CÁO" in PDF or DOCX (a draft prints with the DỰ THẢO mark)."""
    if fmt not in ("pdf", "docx"):
        raise Http404
    deadline = _deadline(request, pk)
    report = _report(deadline)
    if report is None:
        raise Http404
    snapshot = report_snapshot(report).normalised()
    content = snapshot_docx(snapshot) if fmt == "docx" else snapshot_pdf(snapshot)
    return FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=f"{snapshot.file_stem}.{fmt}",
        content_type="application/pdf" if fmt == "pdf" else DOCX,
    )


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """What waits for the user as a receiver: submitted reports and extension requests of
    the duties owed to units where the user is a leader or administrator."""
    owed_to_me = scope_for(request.user).role_q("duty__receiver__path", RECEIVER_ROLES)
    waiting = (
        Deadline.objects.filter(owed_to_me)
        .filter(Q(report__status=ReportStatus.SUBMITTED))
        .select_related("unit", "duty__plan__document", "report")
        .order_by("report__submitted_at", "pk")
    )
    extensions = (
        Extension.objects.filter(status=ExtensionStatus.PENDING)
        .filter(scope_for(request.user).role_q("deadline__duty__receiver__path", RECEIVER_ROLES))
        .select_related("deadline__unit", "requested_by")
        .order_by("created_at")
    )
    page = Paginator(waiting, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/inbox.html",
        {"page": page, "extensions": extensions[:200], "today": timezone.localdate()},
    )
