"""The plans of the national dataset (generate_national_dataset): each province committee's
plan implementing 57-NQ/TW, the communes' own plans, their references, assignments and duties.

Rows are built in a fixed order and drawn from the command's seeded `rng` in that order, so
the dataset stays the same for the same seed. (The leading underscore keeps Django from
taking this module for a command.)
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from directives.choices import AssignmentRole, DocumentKind, DocumentStatus, DutyRule, ReferenceKind
from directives.models import Assignment, Document, DocumentReference, Plan, ReportingDuty
from units.models import Unit

BATCH = 5000
TITLE = "thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị"  # every plan's title
ASSIGNMENT = "Tổ chức thực hiện"  # the title of every plan's one assignment
# The reporting duties of every province plan, in order.
PROVINCE_DUTIES: tuple[dict[str, Any], ...] = (
    {
        "phrase": "Định kỳ trước ngày 05 hằng tháng báo cáo kết quả về Tỉnh ủy",
        "rule": DutyRule.MONTHLY,
        "day": 5,
    },
    {
        "phrase": "Báo cáo quý trước ngày 15 tháng đầu quý sau",
        "rule": DutyRule.QUARTERLY,
        "day": 15,
    },
)


def province_path(organs: dict[str, Any]) -> str:
    """The tree path of the province a commune (or province) of the 2025 map lies in."""
    path: str = organs["territory"].path[:8]
    return path


def plan_document(issuer: Unit, number: int, day: date, key: str) -> Document:
    return Document(
        kind=DocumentKind.KE_HOACH,
        style=issuer.doc_style,
        number=f"{number:02d}",
        number_value=number,
        symbol=f"KH/{issuer.symbol_code}",
        issuer=issuer,
        issuer_name=issuer.name,
        issued_on=day,
        issued_year=day.year,
        issued_month=day.month,
        date_text=f"ngày {day.day:02d} tháng {day.month} năm {day.year}",
        title=TITLE,
        status=DocumentStatus.ISSUED,
        key=key,
    )


def province_plans(rng: random.Random, provinces: list[dict[str, Any]]) -> dict[str, Document]:
    """Each province committee's plan, by the province's path, issued 10/01 to 11/03/2025."""
    documents: dict[str, Document] = {}
    for number, province in enumerate(provinces, start=1):
        day = date(2025, 1, 10) + timedelta(days=rng.randint(0, 60))
        territory = province["territory"]
        key = f"nat/{territory.code}/kh57"
        documents[territory.path] = plan_document(province["party"], number, day, key)
    return documents


def commune_plans(
    rng: random.Random, communes: list[dict[str, Any]], province_docs: dict[str, Document]
) -> dict[int, Document]:
    """The plans of about 80 % of the communes, by territory id, 5 to 90 days after their
    province's."""
    documents: dict[int, Document] = {}
    for number, commune in enumerate(communes, start=1):
        if rng.random() >= 0.8:
            continue
        parent = province_docs.get(province_path(commune))
        if parent is None or parent.issued_on is None:
            continue
        day = parent.issued_on + timedelta(days=rng.randint(5, 90))
        territory = commune["territory"]
        key = f"nat/{territory.code}/kh57"
        documents[territory.pk] = plan_document(commune["party"], number, day, key)
    return documents


def plans_create(documents: list[Document]) -> None:
    """Save the documents (ids set even where bulk_create returns none) and their plans."""
    Document.objects.bulk_create(documents, batch_size=BATCH)
    if any(d.pk is None for d in documents):
        keys = {d.key: d for d in Document.objects.filter(key__startswith="nat/")}
        for d in documents:
            d.pk = keys[d.key].pk
    Plan.objects.bulk_create([Plan(document=d) for d in documents], batch_size=BATCH)


def references_create(
    directive: Document,
    province_docs: dict[str, Document],
    communes: list[dict[str, Any]],
    commune_docs: dict[int, Document],
) -> None:
    """Province plans implement the directive; commune plans implement their province's."""
    references = [
        DocumentReference(source=d, target=directive, kind=ReferenceKind.IMPLEMENTS)
        for d in province_docs.values()
    ]
    for commune in communes:
        commune_doc = commune_docs.get(commune["territory"].pk)
        if commune_doc is not None:
            parent = province_docs[province_path(commune)]
            references.append(
                DocumentReference(source=commune_doc, target=parent, kind=ReferenceKind.IMPLEMENTS)
            )
    DocumentReference.objects.bulk_create(references, batch_size=BATCH)


def assignments_create(documents: list[Document]) -> dict[int, Assignment]:
    """Every plan's one assignment, by plan id."""
    assignments = [
        Assignment(plan_id=d.pk, role=AssignmentRole.IMPLEMENT, title=ASSIGNMENT, position=1)
        for d in documents
    ]
    Assignment.objects.bulk_create(assignments, batch_size=BATCH)
    if any(a.pk is None for a in assignments):
        by_plan = dict(
            Assignment.objects.filter(plan__document__key__startswith="nat/").values_list(
                "plan_id", "pk"
            )
        )
        for a in assignments:
            a.pk = by_plan[a.plan_id]
    return {a.plan_id: a for a in assignments}


def communes_by_province(communes: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    by_province: dict[str, list[dict[str, Any]]] = {}
    for commune in communes:
        by_province.setdefault(province_path(commune), []).append(commune)
    return by_province


def assignees_and_duties_create(
    *,
    province_docs: dict[str, Document],
    communes: list[dict[str, Any]],
    commune_docs: dict[int, Document],
    by_province: dict[str, list[dict[str, Any]]],
    assignment_of: dict[int, Assignment],
) -> None:
    """A commune plan assigns the commune's People's Committee, a province plan its
    communes' party committees; province plans carry the reporting duties."""
    through = Assignment.units.through
    links = [
        through(assignment_id=assignment_of[document.pk].pk, unit_id=commune["ubnd"].pk)
        for commune in communes
        if (document := commune_docs.get(commune["territory"].pk)) is not None
    ]
    duties = []
    for path, document in province_docs.items():
        links += [
            through(assignment_id=assignment_of[document.pk].pk, unit_id=c["party"].pk)
            for c in by_province.get(path, [])
        ]
        duties += [
            ReportingDuty(plan_id=document.pk, receiver=document.issuer, position=n, **duty)
            for n, duty in enumerate(PROVINCE_DUTIES, start=1)
        ]
    through.objects.bulk_create(links, batch_size=BATCH)
    ReportingDuty.objects.bulk_create(duties, batch_size=BATCH)
