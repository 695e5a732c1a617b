"""Pages for plans: list, read, create or derive, edit, issue, withdraw, new version."""

from __future__ import annotations

import io
from typing import Any, Protocol

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.documents.pdf import RenderTimeout
from common.filters import pickable
from common.types import Person, person
from common.views import message_domain_error
from units.models import Unit
from units.selectors import EDIT_ROLES, units_with_role

from . import editor
from .choices import DocumentStatus, ReferenceKind, RenditionFormat, RenditionStatus
from .fidelity import fidelity_check
from .filtersets import DocumentFilterSet
from .forms import PART_TITLES, CreatePlanForm
from .models import Assignment, Document, DocumentReference, Rendition
from .rendering import document_snapshot
from .selectors import document_timeline, plan_outline
from .services.plans import (
    EditConflict,
    plan_create,
    plan_derive,
    plan_issue,
    plan_new_version,
    plan_update,
    plan_withdraw,
    user_can_edit,
)
from .services.renditions import (
    INLINE_TIME_LIMIT,
    needs_background,
    render_bytes,
    rendition_request,
)

PAGE_SIZE = 25


def _visible_document(request: HttpRequest, pk: int) -> Document:
    return get_object_or_404(
        Document.objects.visible_to(request.user).select_related("issuer"), pk=pk
    )


def _editable_plan(request: HttpRequest, pk: int) -> Document:
    document = _visible_document(request, pk)
    if not hasattr(document, "plan"):
        raise Http404
    return document


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = person(request)
    memberships = user.memberships.select_related("unit").order_by("unit__path")
    editor_units = units_with_role(user, EDIT_ROLES)
    drafts = (
        Document.objects.visible_to(user)
        .filter(status=DocumentStatus.DRAFT, issuer__in=editor_units, plan__isnull=False)
        .select_related("issuer")
        .order_by("-updated_at")[:20]
    )
    member_units = [m.unit for m in memberships]
    assigned = (
        Assignment.objects.visible_to(user)
        .filter(units__in=member_units, plan__document__status=DocumentStatus.ISSUED)
        .select_related("plan__document__issuer")
        .distinct()
        .order_by("-plan__document__issued_on")[:20]
    )
    return render(
        request,
        "directives/home.html",
        {
            "memberships": memberships,
            "drafts": drafts,
            "assigned": assigned,
            "can_draft": bool(editor_units),
        },
    )


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    queryset = (
        Document.objects.visible_to(request.user)
        .select_related("issuer")
        .order_by("-issued_on", "-updated_at", "-id")
    )
    filterset = DocumentFilterSet(request.GET or None, queryset=queryset, request=request)
    documents = filterset.rows()
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    template = (
        "directives/_plan_rows.html"
        if request.headers.get("HX-Request")
        else "directives/plan_list.html"
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, template, {"filter": filterset, "page": page, "query": query.urlencode()}
    )


def _lag(child: Document, parent: Document) -> int | None:
    if child.issued_on and parent.issued_on:
        return (child.issued_on - parent.issued_on).days
    return None


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _visible_document(request, pk)
    visible = Document.objects.visible_to(request.user)
    above = [
        (ref, _lag(document, ref.target))
        for ref in DocumentReference.objects.filter(source=document, target__in=visible)
        .select_related("target__issuer")
        .order_by("kind", "position")
    ]
    below = [
        (ref, _lag(ref.source, document))
        for ref in DocumentReference.objects.filter(
            target=document, kind=ReferenceKind.IMPLEMENTS, source__in=visible
        )
        .select_related("source__issuer")
        .order_by("source__issued_on")
    ]
    plan = getattr(document, "plan", None)
    editor_units = units_with_role(request.user, EDIT_ROLES)
    issued = document.status == DocumentStatus.ISSUED
    context: dict[str, Any] = {
        "document": document,
        "issuer": document.issuer or Unit(name=document.issuer_name),
        "plan": plan,
        "above": above,
        "below": below,
        "can_edit": user_can_edit(request.user, document),
        "can_revise": issued and plan is not None and document.issuer in editor_units,
        "can_derive": issued and bool(editor_units),
        "recipients": document.recipients.all(),
        "history": document_timeline(document),
    }
    if plan is not None:
        context.update(
            outline=plan_outline(plan),
            footnotes=plan.footnotes.all(),
            fidelity=fidelity_check(document),
        )
    return render(request, "directives/plan_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest) -> HttpResponse:
    issuers = Unit.objects.filter(pk__in=[u.pk for u in units_with_role(request.user, EDIT_ROLES)])
    if not issuers.exists():
        raise PermissionDenied(_("Bạn chưa được giao quyền soạn thảo ở đơn vị nào."))
    parents = (
        pickable(request.user, Document)
        .filter(status=DocumentStatus.ISSUED)
        .select_related("issuer")
        .order_by("-issued_on")
    )
    initial = {"parent": request.GET.get("parent"), "issuer": issuers.first()}
    form = CreatePlanForm(request.POST or None, initial=initial, issuers=issuers, parents=parents)
    if request.method == "POST" and form.is_valid():
        issuer, parent = form.cleaned_data["issuer"], form.cleaned_data["parent"]
        try:
            if parent is not None:
                document = plan_derive(user=person(request), parent=parent, issuer=issuer)
            else:
                document = plan_create(
                    user=person(request), issuer=issuer, title=form.cleaned_data["title"]
                )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Đã tạo dự thảo. Hãy hoàn thiện các phần của kế hoạch."))
            return redirect("directives:plan_edit", pk=document.pk)
    return render(request, "directives/plan_new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = _editable_plan(request, pk)
    if not user_can_edit(request.user, document):
        if document.status != DocumentStatus.DRAFT:
            messages.info(
                request, _("Văn bản đã ban hành là bản chỉ đọc; hãy tạo phiên bản mới để sửa.")
            )
            return redirect("directives:plan_detail", pk=pk)
        raise Http404
    header, formsets = editor.build_forms(
        document, request.user, request.POST if request.method == "POST" else None
    )
    conflict = False
    status = 200
    if request.method == "POST":
        if header.is_valid() and all(f.is_valid() for f in formsets.values()):
            try:
                plan_update(
                    user=person(request),
                    document=document,
                    expected_version=header.cleaned_data["lock_version"],
                    changes=editor.collect_changes(header, formsets),
                )
            except EditConflict:
                conflict = True  # the page explains it, next to the typed text
                status = 409
            except ValidationError as exc:
                status = 400
                message_domain_error(request, exc)
            else:
                messages.success(request, _("Đã lưu kế hoạch."))
                if "save_and_view" in request.POST:
                    return redirect("directives:plan_detail", pk=pk)
                return redirect("directives:plan_edit", pk=pk)
        else:
            status = 400
            messages.error(request, _("Chưa lưu: hãy sửa các ô được đánh dấu bên dưới."))
    sections = [(part, PART_TITLES[part], formsets[part]) for part in editor.PARTS]
    return render(
        request,
        "directives/plan_edit.html",
        {"document": document, "header": header, "sections": sections, "conflict": conflict},
        status=status,
    )


@login_required
def plan_row(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    """htmx: one empty row of a part, numbered `index`, to append to the editor."""
    document = _editable_plan(request, pk)
    if part not in editor.PARTS or not user_can_edit(request.user, document):
        raise Http404
    try:
        index = max(0, min(int(request.GET.get("index", "0")), 10_000))
    except ValueError:
        index = 0
    form = editor.empty_row(document, part, index)
    return render(request, "directives/_row.html", {"form": form, "part": part})


class _PlanAction(Protocol):
    def __call__(self, *, user: Person, document: Document) -> Document: ...


def _action(request: HttpRequest, pk: int, action: _PlanAction, done: str) -> HttpResponse:
    document = _editable_plan(request, pk)
    try:
        result = action(user=person(request), document=document)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        message_domain_error(request, exc)
        return redirect("directives:plan_detail", pk=pk)
    messages.success(request, done)
    return redirect("directives:plan_detail", pk=result.pk)


@login_required
@require_POST
def plan_issue_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, plan_issue, _("Đã ban hành và cấp số văn bản."))


@login_required
@require_POST
def plan_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, plan_withdraw, _("Đã hủy dự thảo."))


@login_required
@require_POST
def plan_new_version_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, plan_new_version, _("Đã tạo phiên bản mới (dự thảo)."))


@login_required
def plan_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    """PDF or DOCX of a visible document: inline when small, else a background rendition."""
    if fmt not in RenditionFormat.values:
        raise Http404
    document = _visible_document(request, pk)
    snapshot = document_snapshot(document)
    if needs_background(snapshot, fmt):
        rendition = rendition_request(
            user=person(request), document=document, fmt=fmt, snapshot=snapshot
        )
        return redirect("directives:rendition", pk=pk, rid=rendition.pk)
    try:
        content = render_bytes(snapshot, fmt, time_limit=INLINE_TIME_LIMIT)
    except RenderTimeout:
        rendition = rendition_request(
            user=person(request), document=document, fmt=fmt, snapshot=snapshot
        )
        return redirect("directives:rendition", pk=pk, rid=rendition.pk)
    content_type = (
        "application/pdf"
        if fmt == RenditionFormat.PDF
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    return FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=f"{snapshot.file_stem}.{fmt}",
        content_type=content_type,
    )


def _visible_rendition(request: HttpRequest, pk: int, rid: int) -> Rendition:
    document = _visible_document(request, pk)
    rendition: Rendition = get_object_or_404(Rendition.objects.filter(document=document), pk=rid)
    return rendition


@login_required
def rendition_status(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    rendition = _visible_rendition(request, pk, rid)
    template = (
        "directives/_rendition.html"
        if request.headers.get("HX-Request")
        else "directives/rendition.html"
    )
    return render(request, template, {"rendition": rendition, "document": rendition.document})


@login_required
@require_POST
def rendition_retry(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    """Ask again for a print whose render failed: a new rendition of the document as it is
    now (a rendition still queued, running or done is simply shown again)."""
    rendition = _visible_rendition(request, pk, rid)
    if rendition.status == RenditionStatus.FAILED:
        rendition = rendition_request(
            user=person(request), document=rendition.document, fmt=rendition.format
        )
    return redirect("directives:rendition", pk=pk, rid=rendition.pk)


@login_required
def rendition_file(request: HttpRequest, pk: int, rid: int) -> FileResponse:
    rendition = _visible_rendition(request, pk, rid)
    if rendition.status != RenditionStatus.DONE or not rendition.file:
        raise Http404
    name = f"{rendition.snapshot.get('file_stem', 'van-ban')}.{rendition.format}"
    return FileResponse(rendition.file.open("rb"), as_attachment=True, filename=name)
