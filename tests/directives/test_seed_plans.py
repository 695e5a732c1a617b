"""The five seed plans live in the portal as structured data, faithfully."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command

from directives.choices import DutyRule, ReferenceKind
from directives.models import (
    AssignmentTask,
    Document,
    Plan,
)
from directives.seeding import seed_plans_load
from directives.selectors import cascade_ids, cascade_under
from tests.directives.seedtext import normalise, source

pytestmark = pytest.mark.django_db

SOURCES = {
    "seed-000": "000_8fd413669f991c26.txt",
    "seed-001": "001_9e7a898208898bf9.txt",
    "seed-002": "002_cf06547c5ed4d6ee.txt",
    "seed-003": "003_7c667fe826708df9.txt",
    "seed-004": "004_8202387af62931bc.txt",
}

# Counted by hand in the seed texts.
EXPECTED_COUNTS = {
    # purposes, themes, audiences, channels, roadmap, budget,
    # assignments, tasks, duties, recipients, implements
    "seed-000": (3, 2, 1, 4, 0, 0, 2, 4, 1, 5, 1),
    "seed-001": (4, 4, 1, 6, 0, 0, 3, 5, 1, 11, 2),
    "seed-002": (6, 4, 0, 3, 0, 0, 5, 10, 2, 7, 1),
    "seed-003": (3, 4, 1, 6, 0, 0, 3, 5, 2, 8, 1),
    "seed-004": (4, 5, 0, 3, 5, 2, 6, 12, 1, 8, 3),
}


def _counts(plan: Plan) -> tuple[int, ...]:
    return (
        plan.purposes.count(),
        plan.themes.count(),
        plan.audiences.count(),
        plan.channel_items.count(),
        plan.roadmap_steps.count(),
        plan.budget_items.count(),
        plan.assignments.count(),
        AssignmentTask.objects.filter(assignment__plan=plan).count(),
        plan.duties.count(),
        plan.document.recipients.count(),
        plan.document.outgoing_references.filter(kind=ReferenceKind.IMPLEMENTS).count(),
    )


@pytest.mark.parametrize("key", sorted(EXPECTED_COUNTS))
def test_each_seed_has_every_part(key: str) -> None:
    plan = Plan.objects.get(document__key=key)
    assert _counts(plan) == EXPECTED_COUNTS[key]


def _strings(plan: Plan) -> list[str]:
    document = plan.document
    values = [
        document.title,
        document.signer_name,
        document.signer_title,
        plan.basis_text,
        plan.closing_text,
    ]
    values += [r.text for r in document.recipients.all()]
    values += [r.citation for r in document.outgoing_references.all()]
    for related in (
        plan.purposes,
        plan.themes,
        plan.audiences,
        plan.channel_items,
        plan.roadmap_steps,
        plan.budget_items,
        plan.assignments,
    ):
        for item in related.all():
            values += [item.title, item.text]
    for section in plan.sections.all():
        values += [section.title, section.intro, section.outro]
    values += [t.text for t in AssignmentTask.objects.filter(assignment__plan=plan)]
    for duty in plan.duties.all():
        values += [duty.phrase, duty.receiver_text, duty.via_text]
    values += [f.text for f in plan.footnotes.all()]
    lines = [line for value in values for line in value.splitlines()]
    return [line for line in lines if line.strip()]


@pytest.mark.parametrize("key", sorted(SOURCES))
def test_every_stored_string_is_verbatim_from_the_seed(key: str) -> None:
    plan = Plan.objects.get(document__key=key)
    text = source(SOURCES[key])
    strings = _strings(plan)
    assert len(strings) > 25
    missing = [s for s in strings if normalise(s) not in text]
    assert missing == []


def test_header_fields_of_the_hung_yen_plan() -> None:
    doc = Document.objects.get(key="seed-001")
    assert doc.number_line == "Số 01-KH/BTGDVTU"
    assert (doc.place, doc.date_text, doc.issued_on.isoformat()) == (
        "Hưng Yên",
        "ngày 25 tháng 02 năm 2025",
        "2025-02-25",
    )
    assert doc.issuer.key == "hy-legacy/btgdv"
    assert (doc.signer_authority, doc.signer_authority_of, doc.signer_title, doc.signer_name) == (
        "KT",
        "TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
        "Vương Quang Hưng",
    )
    assert doc.register is not None and doc.register.label == "2020-2025"
    assert doc.recipients.last().text == "Lưu VT." and doc.recipients.last().is_archive


def test_blank_stays_blank_in_the_cam_giang_header() -> None:
    doc = Document.objects.get(key="seed-002")
    assert doc.number == "" and doc.number_value is None and doc.register is None
    assert doc.number_line == "Số: /KH-UBND"
    assert doc.issued_on is None and (doc.issued_year, doc.issued_month) == (2025, 3)
    assert doc.date_text == "ngày tháng 3 năm 2025"
    assert doc.issuer.name == "Ủy ban nhân dân huyện Cẩm Giàng" and not doc.issuer.is_active


def test_deadline_phrases_carry_their_rules() -> None:
    can_tho = Plan.objects.get(document__key="seed-003").duties.get(rule=DutyRule.ONCE)
    assert can_tho.due_on.isoformat() == "2025-03-07" and "trước ngày 07/3/2025" in can_tho.phrase
    cam_giang = Plan.objects.get(document__key="seed-002").duties.get(rule=DutyRule.ANNUAL)
    assert (cam_giang.day, cam_giang.month) == (
        10,
        12,
    ) and "trước ngày 10/12 hàng năm" in cam_giang.phrase
    assert cam_giang.reporting_units.count() == 16  # the centre and the 15 communes' UBND
    women = Plan.objects.get(document__key="seed-000").duties.get()
    assert women.rule == DutyRule.MONTHLY and women.day is None
    assert women.receiver.key == "kh-legacy/hlhpn"


def test_assignments_resolve_to_units_with_roles() -> None:
    plan = Plan.objects.get(document__key="seed-004")
    lead = plan.assignments.get(units__key="ky-lua/phong-vhxh")
    assert lead.role == "lead" and lead.tasks.count() == 5
    women = Plan.objects.get(document__key="seed-000").assignments.get(label="2.")
    assert women.units.count() == 9  # the district women's unions of Khánh Hòa


def test_cascade_under_resolution_57_holds_all_five_at_the_right_depth(superuser: Any) -> None:
    root = Document.objects.get(key="57-NQ/TW")
    depths = {Document.objects.get(pk=pk).key: depth for pk, depth in cascade_ids(root.pk).items()}
    assert {k: depths[k] for k in SOURCES} == {
        "seed-000": 2,  # 57 → 257-KH/TU → Women's Union plan
        "seed-001": 2,  # 57 → 186-HD/BTGTW and 386-KH/TU → 01-KH/BTGDVTU
        "seed-002": 3,  # 57 → 03/NQ-CP, 113-CTr/TU → 873/KH-UBND → Cẩm Giàng
        "seed-003": 2,  # 57 → 186-HD/BTGTW → Cần Thơ
        "seed-004": 2,  # 57 → 238-KH/TU → Kỳ Lừa
    }
    nodes = {n.document.key: n for n in cascade_under(root, user=superuser)}
    implements = {Document.objects.get(pk=pk).key for pk in nodes["seed-001"].implements}
    assert implements == {"186-HD/BTGTW", "386-KH/TU@hung-yen"}


def test_cascade_is_a_bounded_number_of_queries(
    superuser: Any, django_assert_max_num_queries: Any
) -> None:
    root = Document.objects.get(key="57-NQ/TW")
    with django_assert_max_num_queries(3):
        nodes = cascade_under(root, user=superuser)
    assert len(nodes) >= 18


def test_cascade_respects_visibility(kyl_reporter: Any) -> None:
    root = Document.objects.get(key="57-NQ/TW")
    keys = {n.document.key for n in cascade_under(root, user=kyl_reporter)}
    assert "seed-004" in keys and "seed-003" not in keys and "seed-001" not in keys


def test_dumpdata_shows_numbers_symbols_and_dates_as_written() -> None:
    out = io.StringIO()
    call_command("dumpdata", "directives.document", stdout=out)
    rows = {row["fields"]["key"]: row["fields"] for row in json.loads(out.getvalue())}
    assert (
        rows["seed-001"]["number"],
        rows["seed-001"]["symbol"],
        rows["seed-001"]["date_text"],
    ) == ("01", "KH/BTGDVTU", "ngày 25 tháng 02 năm 2025")
    assert (
        rows["seed-002"]["number"],
        rows["seed-002"]["symbol"],
        rows["seed-002"]["date_text"],
    ) == ("", "KH-UBND", "ngày tháng 3 năm 2025")
    assert (rows["238-KH/TU@lang-son"]["number"], rows["238-KH/TU@lang-son"]["date_text"]) == (
        "238",
        "23/5/2025",
    )
    assert rows["03/NQ-CP"]["symbol"] == "NQ-CP" and rows["03/NQ-CP"]["number"] == "03"


def test_second_load_changes_nothing() -> None:
    before = {d.pk: d.updated_at for d in Document.objects.all()}
    report = seed_plans_load()
    assert report.changed == 0
    assert {d.pk: d.updated_at for d in Document.objects.all()} == before
