from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from common.exceptions import DomainError
from directives.models import Document, Register
from directives.seeding import SEED_DIR, SeedError, seed_plans_load
from directives.services import document_register_number, party_term, register_for
from directives.validation import validate_duty_rule
from tests.builders import unit

pytestmark = pytest.mark.django_db


def test_party_and_state_numbers_print_in_their_own_style() -> None:
    party = Document(kind="KH", style="party", number="01", symbol="KH/BTGDVTU")
    state = Document(kind="KH", style="state", number="30", symbol="KH-UBND")
    assert (party.number_line, party.reference) == ("Số 01-KH/BTGDVTU", "01-KH/BTGDVTU")
    assert (state.number_line, state.reference) == ("Số: 30/KH-UBND", "30/KH-UBND")


def test_party_registers_run_per_type_for_a_committee_term() -> None:
    assert party_term(date(2025, 2, 25))[0] == "2020-2025"
    assert party_term(date(2025, 10, 1))[0] == "2025-2030"
    assert party_term(date(2026, 11, 22))[1:] == (date(2025, 10, 1), date(2030, 9, 30))
    board = unit("hy/btgdv")
    plan_register = register_for(issuer=board, kind="KH", on=date(2026, 3, 1))
    assert (plan_register.kind, plan_register.label, plan_register.last_number) == (
        "KH",
        "2025-2030",
        0,
    )
    assert register_for(issuer=board, kind="BC", on=date(2026, 3, 1)) != plan_register


def test_state_registers_run_per_calendar_year_for_all_types() -> None:
    ubnd = unit("ky-lua/ubnd")
    first = register_for(issuer=ubnd, kind="KH", on=date(2026, 1, 5))
    assert (first.kind, first.label) == ("", "2026")
    assert register_for(issuer=ubnd, kind="BC", on=date(2026, 12, 31)) == first
    assert register_for(issuer=ubnd, kind="KH", on=date(2027, 1, 1)) != first


def test_a_number_repeated_in_its_register_is_refused_clearly() -> None:
    seed = Document.objects.get(key="seed-001")
    copy = Document.objects.create(
        kind="KH",
        style="party",
        number="01",
        symbol="KH/BTGDVTU",
        issuer=seed.issuer,
        issuer_name=seed.issuer_name,
        issued_on=date(2025, 3, 3),
        title="bản trùng số",
        status="issued",
    )
    with pytest.raises(DomainError, match="Số 01 đã được dùng"):
        document_register_number(document=copy)
    copy.refresh_from_db()
    assert copy.register is None
    # the database constraint says the same, in words, to forms and the admin
    copy.register, copy.number_value = seed.register, 1
    with pytest.raises(ValidationError, match="đã được dùng trong sổ đăng ký"):
        copy.full_clean()


def test_register_counter_follows_loaded_numbers() -> None:
    register = Document.objects.get(key="386-KH/TU@hung-yen").register
    assert isinstance(register, Register) and register.last_number == 386


@pytest.mark.parametrize(
    ("day", "month", "field"),
    [(31, 2, "day"), (0, 12, "day"), (10, 13, "month"), (None, 12, "day")],
)
def test_impossible_annual_deadlines_are_refused_naming_the_field(
    day: int, month: int, field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        validate_duty_rule(rule="annual", due_on=None, day=day, month=month)
    assert field in error.value.message_dict


def test_29_february_is_a_possible_annual_deadline() -> None:
    validate_duty_rule(rule="annual", due_on=None, day=29, month=2)


def _seed_copy(tmp_path: Path) -> Path:
    target = tmp_path / "seed_data"
    shutil.copytree(SEED_DIR, target)
    return target


def test_a_seed_date_that_does_not_exist_is_refused_and_nothing_is_loaded(tmp_path: Path) -> None:
    seeds = _seed_copy(tmp_path)
    units = seeds / "units.yaml"
    units.write_text(
        units.read_text(encoding="utf-8").replace(
            'name: "Tỉnh ủy Lạng Sơn"', 'name: "Tỉnh ủy Lạng Sơn (đã sửa)"'
        ),
        encoding="utf-8",
    )
    plan = seeds / "plans" / "seed_003.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("due: 07/3/2025", "due: 31/02/2025"),
        encoding="utf-8",
    )
    (seeds / "plans" / "seed_003.yaml").touch()
    # force the plan to be reloaded
    from directives.models import SeedLoad

    SeedLoad.objects.filter(key="plan:seed-003").delete()
    with pytest.raises(SeedError) as error:
        seed_plans_load(seeds)
    assert "due" in str(error.value) and "31/02/2025" in str(error.value)
    assert unit("ls/tinh-uy").name == "Tỉnh ủy Lạng Sơn"
    assert SeedLoad.objects.filter(key="plan:seed-003").count() == 0


def test_load_seed_plans_needs_the_admin_units_first(tmp_path: Path) -> None:
    from units.models import Unit

    Unit.objects.filter(scheme="legacy", kind="province").update(kind="district")
    with pytest.raises(CommandError, match="load_admin_units --legacy"):
        call_command("load_seed_plans")


def test_a_seed_row_the_models_refuse_names_its_file_and_loads_nothing(tmp_path: Path) -> None:
    seeds = _seed_copy(tmp_path)
    plan = seeds / "plans" / "seed_003.yaml"
    too_long = "1." * 20  # a label is at most 16 characters
    plan.write_text(
        plan.read_text(encoding="utf-8").replace('- label: "1."', f'- label: "{too_long}"', 1),
        encoding="utf-8",
    )
    from directives.models import SeedLoad

    SeedLoad.objects.filter(key="plan:seed-003").delete()
    with pytest.raises(SeedError) as error:
        seed_plans_load(seeds)
    assert "seed_003" in str(error.value)
    assert SeedLoad.objects.filter(key="plan:seed-003").count() == 0
