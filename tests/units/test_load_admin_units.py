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


def test_every_unit_is_written_with_its_path_in_one_pass() -> None:
    """The ids are taken before the insert, so each row's path holds its own id."""
    from units.tree import child_path

    rows = Unit.objects.territorial().values_list("pk", "parent_id", "path", "depth")
    paths = {pk: path for pk, _parent, path, _depth in rows}
    for pk, parent_id, path, depth in rows:
        assert path == child_path(paths[parent_id] if parent_id else "", pk)
        assert depth == len(path) // 8 - 1


def test_a_changed_file_updates_only_what_changed(tmp_path: Path) -> None:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    current = target / "vn_units_2025.csv"
    text = current.read_text(encoding="utf-8")
    current.write_text(
        text.replace("Tỉnh Lạng Sơn,Lạng Sơn", "Tỉnh Lạng Sơn Mới,Lạng Sơn Mới"), encoding="utf-8"
    )
    lang_son = Unit.objects.get(scheme=Scheme.CURRENT, code="20")
    report = admin_units_load(legacy=True, data_dir=target)
    assert (report.updated, report.created, report.deactivated) == ({lang_son.pk}, set(), 0)
    lang_son.refresh_from_db()
    assert (lang_son.name, lang_son.place_name) == ("Tỉnh Lạng Sơn Mới", "Lạng Sơn Mới")


def test_new_units_never_take_the_id_of_a_deleted_one(tmp_path: Path) -> None:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    with (target / "vn_units_2025.csv").open("a", encoding="utf-8") as handle:
        handle.write("99998,commune,xa,Xã Mới Lập,Mới Lập,20\n")
    top = Unit.objects.order_by("-pk").first()
    assert top is not None
    gone = Unit.objects.create(name="Tạm", kind=UnitKind.COMMUNE, system="territory", path="")
    Unit.objects.filter(pk=gone.pk).delete()
    report = admin_units_load(legacy=True, data_dir=target)
    new = Unit.objects.get(scheme=Scheme.CURRENT, code="99998")
    assert report.created == {new.pk} and new.pk > gone.pk > top.pk
    assert new.parent is not None and new.parent.code == "20"
    assert new.path == new.parent.path + f"{new.pk:08d}"


def test_a_unit_missing_from_the_file_is_deactivated_not_deleted(tmp_path: Path) -> None:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    current = target / "vn_units_2025.csv"
    lines = current.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("06187,")]
    assert len(kept) == len(lines) - 1
    current.write_text("".join(kept), encoding="utf-8")
    # Only the 2025 map: legacy communes name 06187 as their successor.
    report = admin_units_load(data_dir=target)
    assert report.deactivated == 1 and not report.created and not report.updated
    assert not Unit.objects.get(scheme=Scheme.CURRENT, code="06187").is_active


def test_a_unit_made_after_a_load_gets_a_fresh_id(tmp_path: Path) -> None:
    """The ids the load reserved (a sequence on PostgreSQL, sqlite_sequence on SQLite) are
    behind the next ordinary insert: no primary-key clash after a load that created units."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    with (target / "vn_units_2025.csv").open("a", encoding="utf-8") as handle:
        handle.write("99997,commune,xa,Xã Mới Tách,Mới Tách,20\n")
    admin_units_load(legacy=True, data_dir=target)
    new = Unit.objects.get(scheme=Scheme.CURRENT, code="99997")
    after = Unit.objects.create(name="Sau", kind=UnitKind.COMMUNE, system="territory", path="")
    assert after.pk > new.pk
