"""Shared helpers of the seed loaders: YAML, strict dates, unit references."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _

from common.exceptions import DomainError
from units.choices import Scheme, UnitKind
from units.models import Unit

SEED_DIR = Path(__file__).resolve().parent.parent / "seed_data"
_CODE_KIND = {2: UnitKind.PROVINCE, 3: UnitKind.DISTRICT, 5: UnitKind.COMMUNE}
_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SeedError(DomainError):
    """A seed file is wrong; the message names the file, the entry and the field."""


def load_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            # libyaml's loader when PyYAML was built with it: the same safe subset, about
            # ten times faster than the pure-Python one on the seed files.
            return yaml.load(handle, Loader=_SAFE_LOADER)
    except FileNotFoundError:
        raise SeedError(_("Không tìm thấy tệp %(path)s.") % {"path": path}) from None
    except yaml.YAMLError as exc:
        raise SeedError(
            _("Tệp %(path)s không đúng YAML: %(error)s") % {"path": path, "error": exc}
        ) from None


def digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def parse_date(value: Any, *, where: str, field: str) -> date:
    """Parse dd/mm/yyyy (as documents write dates); 31/02 and the like are refused."""
    if isinstance(value, date):
        return value
    match = _DATE.match(str(value).strip())
    if match is None:
        raise SeedError(
            _("%(where)s, trường %(field)s: %(value)s không phải ngày dạng dd/mm/yyyy.")
            % {"where": where, "field": field, "value": value}
        )
    day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise SeedError(
            _("%(where)s, trường %(field)s: ngày %(value)s không tồn tại.")
            % {"where": where, "field": field, "value": value}
        ) from None


class UnitResolver:
    """Resolves "2025:33" / "legacy:295" (territories) and unit keys, with a cache."""

    def __init__(self) -> None:
        self._cache: dict[str, Unit] = {}

    def remember(self, key: str, unit: Unit) -> None:
        self._cache[key] = unit

    def get(self, ref: str, *, where: str) -> Unit:
        if ref in self._cache:
            return self._cache[ref]
        unit = self._lookup(ref)
        if unit is None:
            raise SeedError(
                _("%(where)s: không có đơn vị %(ref)s (chạy load_admin_units --legacy trước?).")
                % {"where": where, "ref": ref}
            )
        self._cache[ref] = unit
        return unit

    def many(self, refs: list[str], *, where: str) -> list[Unit]:
        units: list[Unit] = []
        for ref in refs:
            if ref.endswith("/*"):
                prefix = ref[:-1]
                found = list(Unit.objects.filter(key__startswith=prefix).order_by("key"))
                if not found:
                    raise SeedError(
                        _("%(where)s: không có đơn vị nào khớp %(ref)s.")
                        % {"where": where, "ref": ref}
                    )
                units.extend(found)
            else:
                units.append(self.get(ref, where=where))
        return units

    @staticmethod
    def _lookup(ref: str) -> Unit | None:
        scheme, _sep, code = ref.partition(":")
        if _sep and scheme in Scheme.values and code.isdigit() and len(code) in _CODE_KIND:
            return Unit.objects.filter(scheme=scheme, kind=_CODE_KIND[len(code)], code=code).first()
        return Unit.objects.filter(key=ref).first()
