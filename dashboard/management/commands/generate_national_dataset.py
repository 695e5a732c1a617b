"""A deterministic national dataset for benchmarks: Resolution 57-NQ/TW cascading to every
province and commune of the 2025 map, two years of activities and the reporting deadlines.

Needs the catalogue and the seed plans (`load_admin_units --legacy`, `load_seed_plans`).
Adds, all keyed `nat/…` so that a second run adds nothing:

- a party committee and a People's Committee for each province and commune of the 2025
  map (with the catalogue, some 20,000 units in the real tree shape);
- each province committee's plan implementing 57-NQ/TW, assigning its communes' party
  committees, with a monthly and a quarterly reporting duty; about 80 % of the communes
  issue their own implementing plan, 5 to 90 days later;
- `--activities` activities (default 2,000,000) from 22/12/2024 to today, by the commune
  party committees, logged against the province's plan that assigned them;
- `--deadlines` deadlines (default 100,000) of those duties, two thirds of the past ones
  submitted (most on time), with their reports.
"""

from __future__ import annotations

import random
import time as clock
from datetime import date, datetime, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from campaigns.models import Activity
from directives.models import Channel, Document, ReportingDuty
from reporting.choices import ReportStatus
from reporting.deadlines import Period, periods
from reporting.models import Deadline, Report
from units.choices import DocumentStyle, Scheme, UnitKind, UnitSystem
from units.models import Unit
from units.tree import child_path

from ._national_plans import (
    BATCH,
    assignees_and_duties_create,
    assignments_create,
    commune_plans,
    communes_by_province,
    plans_create,
    province_plans,
    references_create,
)

START = date(2024, 12, 22)
# The two organs of each province and commune of the 2025 map, by key suffix.
ORGANS: dict[str, dict[str, str]] = {
    "party": {
        "kind": UnitKind.PARTY_COMMITTEE,
        "system": UnitSystem.PARTY,
        "doc_style": DocumentStyle.PARTY,
    },
    "ubnd": {
        "kind": UnitKind.PEOPLES_COMMITTEE,
        "system": UnitSystem.STATE,
        "doc_style": DocumentStyle.STATE,
    },
}


def _organs(territory: Unit) -> list[Unit]:
    """The party committee and the People's Committee of a province or commune."""
    short = territory.short_name or territory.name
    province = territory.kind == UnitKind.PROVINCE
    names = {
        "party": (f"Tỉnh ủy {short}", "TU") if province else (f"Đảng ủy {short}", "ĐU"),
        "ubnd": (f"Ủy ban nhân dân {short}", "UBND"),
    }
    return [
        Unit(
            name=name,
            symbol_code=symbol,
            parent=territory,
            territory=territory,
            key=f"nat/{territory.code}/{suffix}",
            **ORGANS[suffix],
        )
        for suffix, (name, symbol) in names.items()
    ]


def _period_fields(period: Period) -> dict[str, Any]:
    """A reporting period as the fields of a Deadline that hold it."""
    return {
        "period_start": period.start,
        "period_end": period.end,
        "period_label": period.label,
        "due_on": period.due_on,
    }


def _submitted_at(rng: random.Random, due_on: date, today: date) -> datetime | None:
    """Two thirds of the past deadlines are reported, a fifth of those late."""
    if not (due_on < today and rng.random() < 2 / 3):
        return None
    late = rng.random() < 0.2
    day = due_on + timedelta(days=rng.randint(1, 20) if late else -rng.randint(0, 4))
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=9))


class Command(BaseCommand):
    help = (
        "Sinh bộ dữ liệu quy mô toàn quốc (tất định) để đo hiệu năng. "
        "/ Generate the deterministic national-scale dataset for benchmarks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--activities", type=int, default=2_000_000)
        parser.add_argument("--deadlines", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=57)

    def handle(self, *args: Any, **options: Any) -> None:
        directive = Document.objects.filter(key="57-NQ/TW").first()
        if directive is None or not Unit.objects.filter(scheme=Scheme.CURRENT).exists():
            raise CommandError(
                "Cần nạp danh mục và kế hoạch mẫu trước (load_admin_units --legacy, "
                "load_seed_plans). / Load the catalogue and the seed plans first."
            )
        if Document.objects.filter(key__startswith="nat/").exists():
            self.stdout.write("national dataset already present; nothing to do")
            return
        rng = random.Random(options["seed"])
        started = clock.monotonic()
        with transaction.atomic():
            provinces, communes = self._units()
            self._say(f"units: {Unit.objects.count():,}", started)
            plans = self._plans(rng, directive, provinces, communes)
            self._say(f"documents: {Document.objects.count():,}", started)
            self._deadlines(rng, plans, options["deadlines"])
            self._say(f"deadlines: {Deadline.objects.count():,}", started)
        self._activities(rng, plans, communes, options["activities"], started)
        self._say(f"activities: {Activity.objects.count():,}", started)

    def _say(self, text: str, started: float) -> None:
        self.stdout.write(f"[{clock.monotonic() - started:7.1f} s] {text}")

    # --- units ---------------------------------------------------------------------------

    def _units(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        territories = list(
            Unit.objects.filter(
                scheme=Scheme.CURRENT, kind__in=[UnitKind.PROVINCE, UnitKind.COMMUNE]
            ).order_by("path")
        )
        rows = [organ for territory in territories for organ in _organs(territory)]
        created = Unit.objects.bulk_create(rows, batch_size=BATCH)
        if any(u.pk is None for u in created):
            keys = {u.key: u for u in Unit.objects.filter(key__startswith="nat/")}
            created = [keys[u.key] for u in rows]
        by_id: dict[int | None, Unit] = {t.pk: t for t in territories}
        for unit in created:
            parent = by_id[unit.parent_id]
            unit.path, unit.depth = child_path(parent.path, unit.pk), parent.depth + 1
        Unit.objects.bulk_update(created, ["path", "depth"], batch_size=BATCH)
        organs: dict[int | None, dict[str, Unit]] = {}
        for unit in created:
            kind = "party" if unit.kind == UnitKind.PARTY_COMMITTEE else "ubnd"
            organs.setdefault(unit.parent_id, {})[kind] = unit
        provinces = [
            {"territory": t, **organs[t.pk]} for t in territories if t.kind == UnitKind.PROVINCE
        ]
        communes = [
            {"territory": t, **organs[t.pk]} for t in territories if t.kind == UnitKind.COMMUNE
        ]
        return provinces, communes

    # --- plans ---------------------------------------------------------------------------

    def _plans(
        self,
        rng: random.Random,
        directive: Document,
        provinces: list[dict[str, Any]],
        communes: list[dict[str, Any]],
    ) -> dict[str, Any]:
        province_docs = province_plans(rng, provinces)
        commune_docs = commune_plans(rng, communes, province_docs)
        documents = [*province_docs.values(), *commune_docs.values()]
        plans_create(documents)
        references_create(directive, province_docs, communes, commune_docs)
        assignment_of = assignments_create(documents)
        by_province = communes_by_province(communes)
        assignees_and_duties_create(
            province_docs=province_docs,
            communes=communes,
            commune_docs=commune_docs,
            by_province=by_province,
            assignment_of=assignment_of,
        )
        return {
            "province_docs": province_docs,
            "commune_docs": commune_docs,
            "assignment_of": assignment_of,
            "by_province": by_province,
        }

    # --- deadlines -----------------------------------------------------------------------

    def _deadlines(self, rng: random.Random, plans: dict[str, Any], target: int) -> None:
        today = timezone.localdate()
        duties = list(
            ReportingDuty.objects.filter(plan__document__key__startswith="nat/").order_by(
                "position", "plan_id"
            )
        )
        path_of = {d.pk: p for p, d in plans["province_docs"].items()}
        rows = []
        for duty in duties:
            members = plans["by_province"].get(path_of[duty.plan_id], [])
            for period in periods(duty, date(2025, 1, 1), date(2026, 12, 31)):
                for commune in members:
                    rows.append((duty, period, commune["party"]))
        rng.shuffle(rows)
        rows = sorted(rows[:target], key=lambda r: (r[0].pk, r[1].start, r[2].pk))
        deadlines = [
            Deadline(
                duty=duty,
                unit=unit,
                submitted_at=_submitted_at(rng, period.due_on, today),
                **_period_fields(period),
            )
            for duty, period, unit in rows
        ]
        created = Deadline.objects.bulk_create(deadlines, batch_size=BATCH)
        if any(d.pk is None for d in created):
            created = list(Deadline.objects.filter(duty__in=duties).order_by("pk"))
        Report.objects.bulk_create(
            [
                Report(
                    deadline=d,
                    status=ReportStatus.ACCEPTED if rng.random() < 0.7 else ReportStatus.SUBMITTED,
                    submitted_at=d.submitted_at,
                    results="Đã tổ chức các hoạt động tuyên truyền theo kế hoạch.",
                )
                for d in created
                if d.submitted_at is not None
            ],
            batch_size=BATCH,
        )

    # --- activities ----------------------------------------------------------------------

    def _activities(
        self,
        rng: random.Random,
        plans: dict[str, Any],
        communes: list[dict[str, Any]],
        total: int,
        started: float,
    ) -> None:
        channels = list(Channel.objects.filter(is_active=True).order_by("pk"))
        span = (timezone.localdate() - START).days
        province_of = {p: d for p, d in plans["province_docs"].items()}
        targets = []
        for commune in communes:
            # Logged by the commune's party committee against the province's plan, which
            # assigned it: the plan's status endpoint then has figures for every unit.
            document = province_of.get(commune["territory"].path[:8])
            if document is None:
                continue
            targets.append(
                (
                    commune["party"],
                    document.pk,
                    plans["assignment_of"][document.pk].pk,
                    commune["territory"].path[:8],
                )
            )
        roots = dict(
            Unit.objects.filter(path__in={t[3] for t in targets}).values_list("path", "pk")
        )
        made = 0
        while made < total:
            size = min(BATCH * 4, total - made)
            batch = []
            for _ in range(size):
                unit, plan_id, assignment_id, root_path = targets[rng.randrange(len(targets))]
                quantity = rng.randint(1, 20)
                batch.append(
                    Activity(
                        assignment_id=assignment_id,
                        plan_id=plan_id,
                        unit=unit,
                        unit_path=unit.path,
                        root_id=roots[root_path],
                        channel=channels[rng.randrange(len(channels))],
                        title="Tuyên truyền Nghị quyết 57-NQ/TW",
                        started_on=START + timedelta(days=rng.randrange(span + 1)),
                        quantity=quantity,
                        participants=rng.randint(0, 300),
                        reach=quantity * rng.randint(50, 500),
                        locked=False,
                    )
                )
            with transaction.atomic():
                Activity.objects.bulk_create(batch, batch_size=BATCH)
            made += size
            if made % 200_000 < size:
                self._say(f"activities {made:,}/{total:,}", started)
