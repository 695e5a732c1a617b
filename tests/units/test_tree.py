from __future__ import annotations

import pytest
from django.db import connection

from common.exceptions import DomainError
from tests.builders import unit
from units.choices import UnitKind, UnitSystem
from units.models import Unit
from units.services import unit_create, unit_move
from units.tree import ancestor_ids, ancestor_paths

pytestmark = pytest.mark.django_db


def test_descendants_of_a_province_are_its_communes_and_organisations() -> None:
    lang_son = unit("2025:20")
    descendants = Unit.objects.descendants_of(lang_son)
    names = set(descendants.values_list("name", flat=True))
    assert {"Phường Kỳ Lừa", "Ủy ban nhân dân phường Kỳ Lừa", "Tỉnh ủy Lạng Sơn"} <= names
    assert "Xã Cẩm Giàng" not in names
    communes = descendants.filter(kind=UnitKind.COMMUNE).count()
    assert communes == Unit.objects.filter(parent=lang_son, kind=UnitKind.COMMUNE).count() > 50


def test_ancestors_of_an_office_run_up_to_the_province_in_order() -> None:
    office = unit("ky-lua/phong-vhxh")
    ancestors = list(Unit.objects.ancestors_of(office).order_by("depth"))
    assert [u.name for u in ancestors] == [
        "Tỉnh Lạng Sơn",
        "Ủy ban nhân dân tỉnh Lạng Sơn",
        "Ủy ban nhân dân phường Kỳ Lừa",
    ]
    assert ancestor_ids(office.path)[:-1] == [u.pk for u in ancestors]


def test_ancestors_and_descendants_are_single_queries(django_assert_num_queries) -> None:
    office = unit("ky-lua/phong-vhxh")
    province = unit("2025:20")
    with django_assert_num_queries(1):
        assert len(list(Unit.objects.ancestors_of(office))) == 3
    with django_assert_num_queries(1):
        assert Unit.objects.descendants_of(province).count() > 60


def test_descendant_query_uses_the_path_index() -> None:
    province = unit("2025:20")
    sql, params = (
        Unit.objects.filter(path__descendant_of=province.path).values("id").query.sql_with_params()
    )
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "INDEX" in plan and "path" in plan, plan
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "Index" in plan and "path" in plan, plan


def test_moving_a_unit_moves_its_whole_subtree() -> None:
    ubnd = unit("ky-lua/ubnd")
    office = unit("ky-lua/phong-vhxh")
    new_parent = unit("ls/tinh-uy")
    unit_move(unit=ubnd, new_parent=new_parent)
    office.refresh_from_db()
    assert office.path.startswith(new_parent.path)
    assert ancestor_paths(office.path)[-3:] == [new_parent.path, ubnd.path, office.path]
    assert office.depth == new_parent.depth + 2
    assert Unit.objects.filter(pk=office.pk, path__descendant_of=new_parent.path).exists()


def test_a_unit_cannot_move_under_its_own_descendant() -> None:
    with pytest.raises(DomainError):
        unit_move(unit=unit("ky-lua/ubnd"), new_parent=unit("ky-lua/phong-vhxh"))


def test_created_unit_gets_a_path_under_its_parent() -> None:
    ward = unit("2025:06187")
    block = unit_create(
        name="Khối phố Ngọc Tuyền",
        kind=UnitKind.RESIDENTIAL_BLOCK,
        system=UnitSystem.STATE,
        parent=unit("ky-lua/ubnd"),
        territory=ward,
    )
    assert block.path.startswith(unit("ky-lua/ubnd").path) and block.depth == 3
    assert block in Unit.objects.descendants_of(unit("2025:20"))


def test_legacy_district_names_its_successor_communes() -> None:
    cam_giang = unit("legacy:295")
    assert cam_giang.is_active is False
    assert "10903" in set(cam_giang.successors.values_list("code", flat=True))
    assert unit("hp/xa-cam-giang/ubnd") in unit("cg/ubnd").successors.all()
