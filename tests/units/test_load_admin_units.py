from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from units.admin_units import DATA_DIR, admin_units_load
from units.choices import Scheme, UnitKind
from units.models import Unit

pytestmark = pytest.mark.django_db


def _count(scheme: str, kind: str) -> int:
    return Unit.objects.filter(scheme=scheme, kind=kind).count()


def test_current_map_has_34_provinces_and_3321_communes() -> None:
    assert _count(Scheme.CURRENT, UnitKind.PROVINCE) == 34
    assert _count(Scheme.CURRENT, UnitKind.COMMUNE) == 3321
    assert _count(Scheme.CURRENT, UnitKind.DISTRICT) == 0
    assert not Unit.objects.filter(scheme=Scheme.CURRENT, is_active=False).exists()


def test_legacy_map_is_inactive_and_linked_to_successors() -> None:
    assert _count(Scheme.LEGACY, UnitKind.PROVINCE) == 63
    assert _count(Scheme.LEGACY, UnitKind.DISTRICT) == 696
    # 10,035 = the communes in force on 30/6/2025 (10,051 in the January 2025 list; see
    # units/data/SOURCE.md); every one of them has a successor in the 2025 map.
    assert _count(Scheme.LEGACY, UnitKind.COMMUNE) == 10035
    legacy = Unit.objects.filter(scheme=Scheme.LEGACY)
    assert not legacy.filter(is_active=True).exists()
    assert not legacy.filter(successors__isnull=True).exists()
    hai_duong = Unit.objects.get(scheme=Scheme.LEGACY, code="30")
    assert set(hai_duong.successors.values_list("name", flat=True)) == {"Thành phố Hải Phòng"}


def test_codes_keep_their_leading_zeros_and_names_their_prefix() -> None:
    ky_lua = Unit.objects.get(scheme=Scheme.CURRENT, code="06187")
    assert (ky_lua.name, ky_lua.short_name, ky_lua.parent.code) == ("Phường Kỳ Lừa", "Kỳ Lừa", "20")
    # two communes whose names differ only by a tone mark stay distinct
    assert {
        u.name for u in Unit.objects.filter(scheme=Scheme.CURRENT, code__in=["10903", "10888"])
    } == {
        "Xã Cẩm Giàng",
        "Xã Cẩm Giang",
    }


def test_second_run_changes_nothing() -> None:
    report = admin_units_load(legacy=True)
    assert report.changed == 0


def _broken_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    current = target / "vn_units_2025.csv"
    current.write_text(
        current.read_text(encoding="utf-8").replace(
            "Tỉnh Lạng Sơn,Lạng Sơn", "Tỉnh Đổi Tên,Đổi Tên"
        ),
        encoding="utf-8",
    )
    legacy = target / "vn_units_legacy.csv"
    with legacy.open("a", encoding="utf-8") as handle:
        handle.write("99999,commune,xa,Xã Không Có,Không Có,999,\n")
    return target


def test_a_bad_file_rolls_back_the_whole_load(tmp_path: Path) -> None:
    data = _broken_copy(tmp_path)
    with pytest.raises(Exception) as error:
        admin_units_load(legacy=True, data_dir=data)
    assert "vn_units_legacy.csv" in str(error.value)
    assert Unit.objects.get(scheme=Scheme.CURRENT, code="20").name == "Tỉnh Lạng Sơn"


def test_command_reports_a_missing_file_clearly(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Không tìm thấy tệp dữ liệu"):
        call_command("load_admin_units", "--legacy", "--data-dir", str(tmp_path))
