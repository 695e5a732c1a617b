"""Between the editor's formsets and the plan services: initial rows and submitted changes."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from common.fields import set_choices
from common.types import Viewer
from units.choices import UnitKind
from units.models import Unit
from units.tree import ancestor_paths

from .choices import DocumentStatus, ReferenceKind
from .forms import CHANNEL_SLOTS, PART_FORMS, HeaderForm, formset_class
from .models import Document, Plan
from .services.plans import HEADER_FIELDS, PlanChanges

PARTS = list(PART_FORMS)


def unit_choices(document: Document) -> QuerySet[Unit]:
    """Organisations of the issuer's province tree (assignable, may receive reports)."""
    issuer = document.issuer
    if issuer is None:
        return Unit.objects.none()
    return (
        Unit.objects.filter(path__descendant_of=issuer.path[:8], is_active=True)
        .exclude(kind__in=UnitKind.territorial())
        .order_by("path")
    )


def receiver_choices(document: Document) -> QuerySet[Unit]:
    """Who may receive the plan's reports: its issuer or one of the issuer's superiors."""
    issuer = document.issuer
    if issuer is None:
        return Unit.objects.none()
    return (
        Unit.objects.filter(path__in=ancestor_paths(issuer.path))
        .exclude(kind__in=UnitKind.territorial())
        .order_by("path")
    )


def _unit_kwargs(document: Document, part: str) -> dict[str, Any]:
    if part == "assignments":
        return {"units": unit_choices(document)}
    if part == "duties":
        return {"units": unit_choices(document), "receivers": receiver_choices(document)}
    return {}


def _item(item: Any, *extra: str) -> dict[str, Any]:
    row = {
        "id": item.pk,
        "position": item.position,
        "label": item.label,
        "title": item.title,
        "text": item.text,
    }
    row.update({name: getattr(item, name) for name in extra})
    return row


def initial_rows(plan: Plan) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {
        "purposes": [_item(i, "kind") for i in plan.purposes.all()],
        "themes": [_item(i) for i in plan.themes.all()],
        "audiences": [
            {**_item(i), "groups": list(i.groups.all())}
            for i in plan.audiences.prefetch_related("groups")
        ],
        "roadmap": [_item(i, "due_text") for i in plan.roadmap_steps.all()],
        "budget": [_item(i, "source", "amount") for i in plan.budget_items.all()],
        "assignments": [
            {
                **_item(i, "role"),
                "units": list(i.units.all()),
                "tasks": "\n".join(t.text for t in i.tasks.all()),
            }
            for i in plan.assignments.prefetch_related("units", "tasks")
        ],
        "duties": [
            {
                "id": d.pk,
                "position": d.position,
                "phrase": d.phrase,
                "rule": d.rule,
                "due_on": d.due_on,
                "day": d.day,
                "month": d.month,
                "receiver": d.receiver,
                "receiver_text": d.receiver_text,
                "reporting_units": list(d.reporting_units.all()),
                "reminder_steps": list(d.reminder_steps or []),
                "data_window": d.data_window,
            }
            for d in plan.duties.prefetch_related("reporting_units").select_related("receiver")
        ],
        "sections": [
            {
                "id": s.pk,
                "position": s.position,
                "label": s.label,
                "title": s.title,
                "part": s.part,
                "intro": s.intro,
            }
            for s in plan.sections.order_by("position", "id")
        ],
        "recipients": [
            {"id": r.pk, "position": r.position, "text": r.text, "is_archive": r.is_archive}
            for r in plan.document.recipients.all()
        ],
    }
    channels = []
    for item in plan.channel_items.prefetch_related("targets__channel"):
        row = _item(item)
        for slot, target in enumerate(list(item.targets.all())[:CHANNEL_SLOTS], start=1):
            row[f"channel_{slot}"] = target.channel
            row[f"quantity_{slot}"] = target.planned_quantity
        channels.append(row)
    rows["channels"] = channels
    return rows


def implementable(document: Document, user: Viewer) -> QuerySet[Document]:
    """Issued documents the user sees that this plan may implement."""
    return (
        Document.objects.visible_to(user)
        .filter(status=DocumentStatus.ISSUED)
        .exclude(pk=document.pk)
        .order_by("-issued_on", "-id")
    )


def header_initial(document: Document) -> dict[str, Any]:
    plan = document.plan
    data: dict[str, Any] = {name: getattr(document, name) for name in HEADER_FIELDS}
    data["implements"] = list(
        Document.objects.filter(
            incoming_references__source=document, incoming_references__kind=ReferenceKind.IMPLEMENTS
        )
    )
    data.update(
        lock_version=document.lock_version,
        basis_text=plan.basis_text,
        closing_text=plan.closing_text,
    )
    return data


def build_forms(
    document: Document, user: Viewer, data: Any = None
) -> tuple[HeaderForm, dict[str, Any]]:
    header = HeaderForm(
        data, initial=None if data is not None else header_initial(document), prefix="h"
    )
    set_choices(header.fields["implements"], implementable(document, user))
    initial = initial_rows(document.plan) if data is None else {}
    formsets = {}
    for part in PARTS:
        kwargs: dict[str, Any] = {"prefix": part}
        if part in ("assignments", "duties"):
            kwargs["form_kwargs"] = _unit_kwargs(document, part)
        if data is None:
            kwargs["initial"] = initial.get(part, [])
        formsets[part] = formset_class(part)(data, **kwargs)
    return header, formsets


def empty_row(document: Document, part: str, index: int) -> Any:
    kwargs: dict[str, Any] = {"prefix": f"{part}-{index}", **_unit_kwargs(document, part)}
    form = PART_FORMS[part](**kwargs)
    form.fields["DELETE"] = formset_class(part)().empty_form.fields["DELETE"]
    return form


def collect_changes(header: HeaderForm, formsets: dict[str, Any]) -> PlanChanges:
    data = header.cleaned_data
    changes = PlanChanges(
        header={name: data.get(name, "") or "" for name in HEADER_FIELDS},
        plan={
            "basis_text": data.get("basis_text", ""),
            "closing_text": data.get("closing_text", ""),
        },
        implements=list(data.get("implements") or []),
    )
    for part, formset in formsets.items():
        rows = []
        for index, form in enumerate(formset.forms):
            if not form.has_changed() and not form.cleaned_data.get("id"):
                continue
            row = dict(form.cleaned_data)
            row["position"] = row.get("position") or index + 1
            if part == "channels":
                row["targets"] = form.targets()
            if part == "assignments":
                row["tasks"] = form.task_lines()
                row["units"] = list(row.get("units") or [])
            if not row.get("DELETE") and not form.has_content():
                continue
            rows.append(row)
        changes.parts[part] = rows
    return changes
