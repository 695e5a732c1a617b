"""`load_seed_plans`: the five seed plans and everything they cite, as structured data.

Order: catalogue → organisations → cited documents → plans. Everything runs in one
transaction; a file whose content has not changed since the last load (same digest) is
skipped, so a second run writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from units.choices import UnitKind
from units.models import Unit

from ..models import AudienceGroup, Channel, Document, SeedLoad
from .documents import document_upsert, references_replace
from .plans import plan_replace
from .refs import SEED_DIR, SeedError, UnitResolver, digest, load_yaml
from .units import UnitsReport, seed_units_load

__all__ = ["SeedError", "SeedReport", "catalogue_load", "seed_plans_load"]


@dataclass
class SeedReport:
    catalogue_changed: int = 0
    units: UnitsReport = field(default_factory=UnitsReport)
    documents_written: list[str] = field(default_factory=list)
    plans_written: list[str] = field(default_factory=list)

    @property
    def units_created(self) -> int:
        return self.units.created

    @property
    def units_updated(self) -> int:
        return self.units.updated

    @property
    def changed(self) -> int:
        return (
            self.catalogue_changed
            + self.units_created
            + self.units_updated
            + len(self.documents_written)
            + len(self.plans_written)
        )


def _upsert_by_code(model: Any, rows: list[dict[str, Any]]) -> int:
    changed = 0
    existing = {obj.code: obj for obj in model.objects.all()}
    for position, row in enumerate(rows, start=1):
        values = {**row, "position": position}
        obj = existing.get(row["code"])
        if obj is None:
            obj = model(**values)
        elif all(getattr(obj, k) == v for k, v in values.items()):
            continue
        else:
            for name, value in values.items():
                setattr(obj, name, value)
        obj.full_clean()
        obj.save()
        changed += 1
    return changed


@transaction.atomic
def catalogue_load(seed_dir: Path = SEED_DIR) -> int:
    data = load_yaml(seed_dir / "catalogue.yaml")
    return _upsert_by_code(Channel, data["channels"]) + _upsert_by_code(
        AudienceGroup, data["audience_groups"]
    )


def _changed(key: str, value: Any) -> bool:
    """True (and remembered) when `value` differs from what was loaded under `key`."""
    new = digest(value)
    record = SeedLoad.objects.filter(key=key).first()
    if record is not None and record.digest == new:
        return False
    SeedLoad.objects.update_or_create(key=key, defaults={"digest": new})
    return True


@transaction.atomic
def seed_plans_load(seed_dir: Path = SEED_DIR) -> SeedReport:
    if not Unit.objects.filter(kind=UnitKind.PROVINCE, scheme="legacy").exists():
        raise SeedError(
            _(
                "Chưa có danh mục đơn vị hành chính trước 01/7/2025: chạy "
                "`python manage.py load_admin_units --legacy` trước."
            )
        )
    report = SeedReport()
    report.catalogue_changed = catalogue_load(seed_dir)
    resolver = UnitResolver()

    report.units = seed_units_load(load_yaml(seed_dir / "units.yaml")["units"], resolver)

    cited = load_yaml(seed_dir / "documents.yaml")["documents"]
    documents: dict[str, Document] = {}
    dirty: list[dict[str, Any]] = []
    for spec in cited:
        key = str(spec["key"])
        where = f"documents.yaml {key}"
        if _changed(f"document:{key}", spec) or not Document.objects.filter(key=key).exists():
            documents[key] = document_upsert(spec, key=key, resolver=resolver, where=where)
            dirty.append(spec)
            report.documents_written.append(key)
        else:
            documents[key] = Document.objects.get(key=key)
    for spec in dirty:
        references_replace(
            documents[str(spec["key"])],
            spec.get("references") or [],
            documents=documents,
            where=f"documents.yaml {spec['key']}",
        )

    for path in sorted((seed_dir / "plans").glob("seed_*.yaml")):
        spec = load_yaml(path)
        key = str(spec["key"])
        where = path.name
        if not _changed(f"plan:{key}", spec) and Document.objects.filter(key=key).exists():
            continue
        document = document_upsert(spec["document"], key=key, resolver=resolver, where=where)
        references_replace(
            document, spec["document"].get("references") or [], documents=documents, where=where
        )
        plan_replace(document, spec.get("plan") or {}, resolver=resolver, where=where)
        report.plans_written.append(key)
    return report
