"""Bodies at every level: `load_bodies` gives every current province and commune the
organs of its level's templates (the catalogue and the seed units are loaded once per
session by tests/conftest.py; each test loads one or two provinces)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from tests.builders import unit, unit_admin
from units.bodies import bodies_load
from units.body_names import Place, placeholders, render
from units.choices import BodyLevel, UnitKind
from units.models import BodyTemplate, Unit
from units.tree import child_path, depth_of

pytestmark = pytest.mark.django_db

HUNG_YEN, LANG_SON, HAI_PHONG, CAN_THO = "33", "20", "31", "92"


def _templates(level: str) -> int:
    return BodyTemplate.objects.filter(level=level, is_active=True).count()


def _body(template: str, territory: str) -> Unit:
    return Unit.objects.get(body_template__key=template, territory=unit(territory))


def test_hung_yen_and_each_of_its_communes_get_the_bodies_of_their_level() -> None:
    report = bodies_load(province_codes=[HUNG_YEN])

    communes = Unit.objects.filter(scheme="2025", kind=UnitKind.COMMUNE, parent=unit("2025:33"))
    assert communes.count() == 104
    assert Unit.objects.filter(territory=unit("2025:33"), body_template__isnull=False).count() == (
        _templates(BodyLevel.PROVINCE)
    )
    assert Unit.objects.filter(
        territory=unit("2025:12583"), body_template__isnull=False
    ).count() == (_templates(BodyLevel.COMMUNE))
    assert report.levels[BodyLevel.COMMUNE].bodies == 104 * _templates(BodyLevel.COMMUNE)
    assert report.levels[BodyLevel.PROVINCE].bodies == _templates(BodyLevel.PROVINCE)


def test_bodies_are_named_and_headed_as_vietnamese_writes_them() -> None:
    bodies_load(province_codes=[HUNG_YEN, CAN_THO])

    party = _body("xa-dang-uy", "2025:12583")
    assert (party.name, party.short_name, party.symbol_code) == (
        "Đảng ủy xã Tân Tiến",
        "Đảng ủy xã",
        "ĐU",
    )
    assert (party.header_parent_line, party.header_name, party.place_name) == (
        "ĐẢNG BỘ TỈNH HƯNG YÊN",
        "ĐẢNG ỦY XÃ TÂN TIẾN",
        "Tân Tiến",
    )
    assert party.doc_style == "party"
    assert _body("ubnd", "2025:92").name == "Ủy ban nhân dân thành phố Cần Thơ"
    assert _body("tinh-uy-ban-to-chuc", "2025:92").name == "Ban Tổ chức Thành ủy Cần Thơ"
    department = _body("so-gddt", "2025:33")
    assert (department.name, department.header_parent_line, department.header_name) == (
        "Sở Giáo dục và Đào tạo tỉnh Hưng Yên",
        "UBND TỈNH HƯNG YÊN",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
    )


def test_bodies_hang_under_their_superior_and_top_organs_under_the_territory() -> None:
    bodies_load(province_codes=[HUNG_YEN])

    province_party = _body("tinh-uy", "2025:33")
    assert province_party == unit("hy/tinh-uy")  # the seed's unit, adopted
    assert _body("tinh-uy-ban-to-chuc", "2025:33").parent == province_party
    assert _body("mttq", "2025:33").parent == unit("2025:33")
    assert _body("xa-dang-uy", "2025:12583").parent == province_party
    assert _body("xa-ubnd", "2025:12583").parent == unit("hy/ubnd")
    front = _body("xa-mttq", "2025:12583")
    women = _body("xa-hlhpn", "2025:12583")
    assert front.parent == _body("mttq", "2025:33")
    assert women.parent == front
    assert women.path == child_path(front.path, women.pk)
    assert women.depth == depth_of(women.path)
    assert women.key == "body:xa-hlhpn:2025:12583"
    # the whole province's organisations lie in its subtree
    assert Unit.objects.descendants_of(unit("2025:33")).filter(pk=women.pk).exists()


def test_a_second_run_creates_and_changes_nothing() -> None:
    first = bodies_load(province_codes=[LANG_SON])
    again = bodies_load(province_codes=[LANG_SON])

    assert first.created > 0
    assert again.created == 0
    assert again.changed == 0


def test_seed_units_are_adopted_not_duplicated_renamed_or_moved() -> None:
    ward_committee = unit("ky-lua/ubnd")
    before = (ward_committee.name, ward_committee.parent_id, ward_committee.path)

    report = bodies_load(province_codes=[LANG_SON])

    ward_committee.refresh_from_db()
    assert ward_committee.body_template is not None
    assert ward_committee.body_template.key == "xa-ubnd"
    assert (ward_committee.name, ward_committee.parent_id, ward_committee.path) == before
    assert ward_committee.key == "ky-lua/ubnd"
    on_ward = Unit.objects.filter(territory=unit("2025:06187"))
    assert on_ward.filter(kind=UnitKind.PEOPLES_COMMITTEE).count() == 1
    assert on_ward.filter(kind=UnitKind.PARTY_COMMITTEE).get() == unit("ky-lua/dang-uy")
    assert on_ward.filter(kind=UnitKind.FATHERLAND_FRONT).get() == unit("ky-lua/mttq")
    assert _body("tinh-uy-btgdv", "2025:20") == unit("ls/btgdv")
    # ls/tinh-uy, ls/btgdv, ls/ubnd, ls/mttq and the ward's four organs
    assert report.levels[BodyLevel.PROVINCE].adopted == 4
    assert report.levels[BodyLevel.COMMUNE].adopted == 4


def test_new_bodies_succeed_the_bodies_of_their_kind_on_the_territories_before_2025() -> None:
    bodies_load(province_codes=[HAI_PHONG])

    district_committee = unit("cg/huyen-uy")  # Huyện ủy Cẩm Giàng, legacy district 295
    successors = set(district_committee.successors.values_list("name", flat=True))
    assert "Đảng ủy xã Cẩm Giàng" in successors
    assert "Đảng ủy phường Việt Hòa" in successors
    # a district's board is not the commune committee's predecessor
    assert not unit("cg/btgdv").successors.filter(kind=UnitKind.PARTY_COMMITTEE).exists()
    science = _body("so-khcn", "2025:31")
    assert science.name == "Sở Khoa học và Công nghệ thành phố Hải Phòng"
    assert set(science.predecessors.values_list("key", flat=True)) == {"hd-legacy/so-khcn"}
    assert unit("hp/xa-cam-giang/ubnd").predecessors.filter(key="cg/ubnd").exists()


def test_an_edited_template_renames_its_bodies_on_the_next_run_but_not_adopted_ones() -> None:
    bodies_load(province_codes=[LANG_SON])
    BodyTemplate.objects.filter(key="xa-hnd").update(name_pattern="Hội Nông dân Việt Nam {name}")
    BodyTemplate.objects.filter(key="xa-ubnd").update(name_pattern="UBND {name}")

    report = bodies_load(province_codes=[LANG_SON])

    assert _body("xa-hnd", "2025:06187").name == "Hội Nông dân Việt Nam phường Kỳ Lừa"
    assert unit("ky-lua/ubnd").name == "Ủy ban nhân dân phường Kỳ Lừa"
    assert report.created == 0
    assert (
        report.levels[BodyLevel.COMMUNE].updated
        == 2 * Unit.objects.filter(parent=unit("2025:20"), kind=UnitKind.COMMUNE).count() - 1
    )  # every commune's two bodies, less the adopted ward committee


def test_a_deactivated_template_creates_nothing_and_deletes_nothing() -> None:
    BodyTemplate.objects.filter(key="xa-hccb").update(is_active=False)
    bodies_load(province_codes=[LANG_SON])
    assert not Unit.objects.filter(body_template__key="xa-hccb").exists()

    BodyTemplate.objects.filter(key="xa-hccb").update(is_active=True)
    bodies_load(province_codes=[LANG_SON])
    made = Unit.objects.filter(body_template__key="xa-hccb").count()
    BodyTemplate.objects.filter(key="xa-hccb").update(is_active=False)
    bodies_load(province_codes=[LANG_SON])

    assert made > 0
    assert Unit.objects.filter(body_template__key="xa-hccb").count() == made


def test_the_command_prints_the_counts_per_level() -> None:
    out = io.StringIO()
    call_command("load_bodies", "--province", LANG_SON, stdout=out)
    text = out.getvalue()
    assert "province: " in text
    assert "commune: " in text
    assert "created " in text


def _refusals(level: str, name_pattern: str, parent_key: str) -> dict[str, list[str]]:
    """The messages by field that full_clean gives a new Hội Người cao tuổi template."""
    template = BodyTemplate(
        key="thu",
        level=level,
        kind=UnitKind.MASS_ORGANISATION,
        system="front",
        name_pattern=name_pattern,
        parent=BodyTemplate.objects.get(key=parent_key),
    )
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    return error.value.message_dict


def test_a_template_with_an_unknown_placeholder_is_refused_in_vietnamese() -> None:
    refusals = _refusals(BodyLevel.COMMUNE, "Hội Người cao tuổi {ten}", "tinh-uy")
    assert refusals["name_pattern"] == ["Biến không có: ten."]


def test_a_province_template_cannot_hang_under_a_commune_template() -> None:
    assert "parent" in _refusals(BodyLevel.PROVINCE, "Hội Người cao tuổi {name}", "xa-mttq")


@pytest.mark.parametrize(
    ("place", "pattern", "expected"),
    [
        (Place("Tỉnh Hưng Yên", "Hưng Yên", "tinh"), "{party}", "Tỉnh ủy Hưng Yên"),
        (Place("Thành phố Cần Thơ", "Cần Thơ", "thanh_pho_tw"), "{party}", "Thành ủy Cần Thơ"),
        (
            Place("Thành phố Hồ Chí Minh", "Hồ Chí Minh", "thanh_pho_tw"),
            "Ủy ban nhân dân {name}",
            "Ủy ban nhân dân Thành phố Hồ Chí Minh",
        ),
        (Place("Phường Kỳ Lừa", "Kỳ Lừa", "phuong"), "{NAME}", "PHƯỜNG KỲ LỪA"),
        (Place("Đặc khu Côn Đảo", "Côn Đảo", "dac_khu"), "{party}", "Đảng ủy đặc khu Côn Đảo"),
        (Place("Huyện Cẩm Giàng", "Cẩm Giàng", "huyen"), "{party}", "Huyện ủy Cẩm Giàng"),
    ],
)
def test_placeholders(place: Place, pattern: str, expected: str) -> None:
    assert render(pattern, placeholders(place)) == expected


def test_a_template_moved_in_the_tree_moves_its_own_bodies_not_adopted_ones() -> None:
    bodies_load(province_codes=[LANG_SON])
    BodyTemplate.objects.filter(key="xa-phong-vhxh").update(parent=None)

    report = bodies_load(province_codes=[LANG_SON])

    office = _body("xa-phong-vhxh", "2025:06019")  # Xã Tân Tiến, Lạng Sơn
    assert office.parent == unit("2025:06019")
    assert office.path == child_path(unit("2025:06019").path, office.pk)
    assert unit("ky-lua/phong-vhxh").parent == unit("ky-lua/ubnd")
    communes = Unit.objects.filter(parent=unit("2025:20"), kind=UnitKind.COMMUNE).count()
    assert report.levels[BodyLevel.COMMUNE].moved == communes - 1


def test_superusers_edit_templates_in_the_admin_and_unit_admins_do_not(
    client: Any, superuser: Any
) -> None:
    template = BodyTemplate.objects.get(key="xa-ubnd")
    change = f"/admin/units/bodytemplate/{template.pk}/change/"
    client.force_login(superuser)
    page = client.get(change)
    assert page.status_code == 200
    assert "Ủy ban nhân dân {name}" in page.content.decode()

    client.force_login(unit_admin("ls-admin", "ls/tinh-uy"))
    assert client.get(change).status_code == 403
    assert client.get("/admin/units/bodytemplate/").status_code == 403


def test_a_template_cannot_hang_under_its_own_descendant() -> None:
    committee = BodyTemplate.objects.get(key="tinh-uy")
    committee.parent = BodyTemplate.objects.get(key="tinh-uy-ban-to-chuc")
    with pytest.raises(ValidationError) as error:
        committee.full_clean()
    assert error.value.message_dict["parent"] == ["Mẫu không thể là cấp trên của chính nó."]
