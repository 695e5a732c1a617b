"""The unit search behind every typeahead picker: accents and case aside, only what the user
may pick, current told from dissolved, one query for the results, bounded input; and the
typeahead widget that ships only the chosen units."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.text import accent_pattern
from reporting.filtersets import DeadlineFilterSet
from reporting.models import Deadline
from tests.builders import unit
from units.choices import UnitKind, UnitSystem
from units.search import unit_admin_label, unit_label
from units.services import unit_create

pytestmark = pytest.mark.django_db

URL = "/units/search/"


def search(client: Any, **params: Any) -> Any:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def labels(client: Any, q: str, **params: Any) -> list[str]:
    return [row["label"] for row in search(client, q=q, **params)["results"]]


def test_search_ignores_accents_and_case(client: Any, superuser: Any) -> None:
    client.force_login(superuser)
    found = labels(client, "uy ban nhan dan hung yen")
    assert "Ủy ban nhân dân tỉnh Hưng Yên" in found
    assert labels(client, "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN") == found
    assert "Phường Kỳ Lừa" in labels(client, "ky lua")


def test_words_match_where_a_word_starts(client: Any, superuser: Any) -> None:
    client.force_login(superuser)
    found = labels(client, "hung yen")
    assert "Tỉnh Hưng Yên" in found
    assert not [label for label in found if "Nguyên" in label]  # "yen" is not "Nguyên"


def test_current_and_dissolved_units_of_one_name_are_told_apart(
    client: Any, superuser: Any
) -> None:
    client.force_login(superuser)
    rows = search(client, q="uy ban nhan dan tinh hung yen")["results"]
    current = next(row for row in rows if row["id"] == unit("hy/ubnd").pk)
    dissolved = next(row for row in rows if row["id"] == unit("hy-legacy/ubnd").pk)
    assert current["label"] == "Ủy ban nhân dân tỉnh Hưng Yên"
    assert current["description"] == "Tỉnh Hưng Yên · Ủy ban nhân dân · từ 01/07/2025"
    assert current["active"] is True
    assert dissolved["label"] == "Ủy ban nhân dân tỉnh Hưng Yên (đã giải thể 30/06/2025)"
    assert "đến 30/06/2025" in dissolved["description"]
    assert "đã giải thể, kế thừa: Ủy ban nhân dân tỉnh Hưng Yên" in dissolved["description"]
    assert rows.index(current) < rows.index(dissolved)  # current units first


def test_ward_reporter_cannot_find_units_outside_what_they_see(
    client: Any, kyl_reporter: Any
) -> None:
    client.force_login(kyl_reporter)
    assert labels(client, "hung yen") == []
    assert labels(client, "ky lua") == [
        "Ủy ban nhân dân phường Kỳ Lừa",
        *[label for label in labels(client, "ky lua") if label != "Ủy ban nhân dân phường Kỳ Lừa"],
    ]
    assert "Đảng ủy phường Kỳ Lừa" not in labels(client, "ky lua")  # another branch


def test_narrowing_to_active_organisations_and_communes(client: Any, superuser: Any) -> None:
    client.force_login(superuser)
    assert labels(client, "ky lua", kind="commune", active="1") == ["Phường Kỳ Lừa"]
    organisations = labels(client, "ky lua", kind="organisation", active="1")
    assert "Phường Kỳ Lừa" not in organisations and "Đảng ủy phường Kỳ Lừa" in organisations
    assert "Ủy ban nhân dân tỉnh Hưng Yên (đã giải thể 30/06/2025)" not in labels(
        client, "uy ban nhan dan hung yen", active="1"
    )


def test_results_come_twenty_a_page(client: Any, superuser: Any) -> None:
    client.force_login(superuser)
    first = search(client, q="xa")
    second = search(client, q="xa", page=2)
    assert len(first["results"]) == 20 and first["more"] is True
    assert {r["id"] for r in first["results"]}.isdisjoint(r["id"] for r in second["results"])


def test_one_query_for_the_results_whatever_the_text(client: Any, superuser: Any) -> None:
    client.force_login(superuser)
    # The request's fixed overhead (session, user), measured on an answer that reads no unit.
    with CaptureQueriesContext(connection) as refused:
        assert client.get(URL, {"q": "ky lua", "page": "0"}).status_code == 400
    for text in ("ky lua", "uy ban nhan dan tinh hung yen", "xa", ""):
        with CaptureQueriesContext(connection) as searched:
            search(client, q=text)
        assert len(searched) == len(refused) + 1, [q["sql"] for q in searched]


def test_a_member_adds_only_the_scope_of_their_units(client: Any, kyl_reporter: Any) -> None:
    client.force_login(kyl_reporter)
    with CaptureQueriesContext(connection) as refused:
        client.get(URL, {"q": "ky lua", "page": "0"})
    with CaptureQueriesContext(connection) as searched:
        search(client, q="ky lua")
    # Their scope (memberships, and the predecessors of their units), then the results.
    assert len(searched) == len(refused) + 3


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "x" * 101}, "quá dài"),
        ({"q": "ky", "page": "abc"}, "Số trang"),
        ({"q": "ky", "page": "99"}, "Số trang"),
        ({"q": "ky", "kind": "planet"}, "Loại đơn vị"),
    ],
)
def test_bad_input_is_a_400_with_a_message(
    client: Any, superuser: Any, params: dict[str, str], message: str
) -> None:
    client.force_login(superuser)
    response = client.get(URL, params)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_anonymous_search_is_refused(client: Any) -> None:
    response = client.get(URL, {"q": "ky lua"})
    assert response.status_code == 403
    assert "đăng nhập" in response.json()["detail"]


def test_accent_pattern_folds_what_is_typed() -> None:
    import re

    assert re.fullmatch(accent_pattern("Đa"), "đÀ")
    assert re.fullmatch(accent_pattern("uy"), "Uỷ")
    assert re.fullmatch(accent_pattern("a.b"), "a.b") and not re.fullmatch(
        accent_pattern("a.b"), "axb"
    )


def test_labels_mark_dissolved_units() -> None:
    current, dissolved = unit("hy/ubnd"), unit("hy-legacy/ubnd")
    assert unit_label(current) == "Ủy ban nhân dân tỉnh Hưng Yên"
    assert unit_admin_label(current) == (
        "Ủy ban nhân dân tỉnh Hưng Yên — Tỉnh Hưng Yên, từ 01/07/2025"
    )
    assert unit_admin_label(dissolved) == (
        "Ủy ban nhân dân tỉnh Hưng Yên — Tỉnh Hưng Yên (đã giải thể 30/06/2025)"
    )


def test_the_picker_ships_only_the_chosen_unit(rf: Any, superuser: Any) -> None:
    chosen = unit("ky-lua/ubnd")
    request = rf.get("/reports/deadlines/", {"unit": chosen.pk})
    request.user = superuser
    filterset = DeadlineFilterSet(request.GET, queryset=Deadline.objects.all(), request=request)
    assert filterset.is_valid()  # validation reads the chosen unit once
    with CaptureQueriesContext(connection) as rendering:
        html = str(filterset.form["unit"])
    assert html.count("<option") == 2  # the empty choice and the chosen unit
    assert f'value="{chosen.pk}" selected' in html and "Ủy ban nhân dân phường Kỳ Lừa" in html
    assert 'data-typeahead="/units/search/"' in html
    assert len(rendering) == 1  # the chosen unit, not the 14,000 others


def test_the_picker_ignores_a_unit_the_user_may_not_pick(rf: Any, kyl_reporter: Any) -> None:
    request = rf.get("/reports/deadlines/", {"unit": unit("hy/ubnd").pk})
    request.user = kyl_reporter
    filterset = DeadlineFilterSet(request.GET, queryset=Deadline.objects.all(), request=request)
    assert "Hưng Yên" not in str(filterset.form["unit"])
    assert not filterset.is_valid() and "unit" in filterset.errors


def test_editors_find_the_organisations_of_their_province(client: Any, hy_editor: Any) -> None:
    """The plan editor assigns any organisation of the issuer's province: `within=province`
    searches the editor's provinces, not only the subtree they see."""
    client.force_login(hy_editor)
    assert "Ủy ban nhân dân tỉnh Hưng Yên" not in labels(client, "uy ban nhan dan tinh hung yen")
    assert "Ủy ban nhân dân tỉnh Hưng Yên" in labels(
        client, "uy ban nhan dan tinh hung yen", within="province", active="1"
    )
    assert labels(client, "ky lua", within="province") == []


def test_an_unknown_scope_is_a_400(client: Any, superuser: Any) -> None:
    client.force_login(superuser)
    response = client.get(URL, {"q": "ky", "within": "planet"})
    assert response.status_code == 400 and "Phạm vi" in response.json()["detail"]


def test_typed_punctuation_and_wildcards_match_themselves(client: Any, superuser: Any) -> None:
    """Regular-expression (PostgreSQL) and GLOB (SQLite) characters typed in the box stand
    for themselves on both databases; run on PostgreSQL in CI (DATABASE_URL)."""
    unit_create(
        name="Tổ thử 1.5 (Đặc biệt) [a*b]? 50%_x \\ y",
        kind=UnitKind.DIGITAL_TEAM,
        system=UnitSystem.STATE,
        parent=unit("hy/btgdv"),
    )
    client.force_login(superuser)
    name = "Tổ thử 1.5 (Đặc biệt) [a*b]? 50%_x \\ y"
    for typed in ("1.5", "(dac", "(ĐẶC biệt)", "[a*b]?", "50%_x", "\\", "to thu 1.5 \\ y"):
        assert name in labels(client, typed), typed
    for typed in ("1x5", "[ab]", "50%x", "*", "?", "dac)"):
        assert name not in labels(client, typed), typed
