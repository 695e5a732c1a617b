"""The plan pages as users meet them: list, read, derive, edit, issue."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from directives.models import Document
from directives.services.plans import plan_create, plan_derive
from tests.builders import plan_form_data, signed_in, unit

pytestmark = pytest.mark.django_db


def _results(response: Any) -> str:
    page = response.content.decode()
    return page[page.index('id="results"') :]


def test_pages_require_login(client: Client) -> None:
    response = client.get(reverse("directives:plan_list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_login_page_speaks_vietnamese_and_switches_to_english(client: Client) -> None:
    assert "Đăng nhập" in client.get(reverse("login")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Log in" in client.get(reverse("login")).content.decode()


def test_home_lists_units_drafts_and_assignments(kyl_reporter: Any) -> None:
    page = signed_in(kyl_reporter).get(reverse("home")).content.decode()
    assert "Ủy ban nhân dân phường Kỳ Lừa" in page


def test_search_is_accent_insensitive(kyl_reporter: Any) -> None:
    page = (
        signed_in(kyl_reporter)
        .get(reverse("directives:plan_list"), {"q": "tuyen truyen pHuong ky lua"})
        .content.decode()
    )
    assert "phường Kỳ Lừa" in page or "Kỳ Lừa" in page
    assert "Không có văn bản phù hợp" not in page


@pytest.mark.parametrize(
    ("params", "present", "absent"),
    [
        ({"kind": "NQ"}, "Nghị quyết 57-NQ/TW", "Kế hoạch 238-KH/TU"),
        ({"status": "issued", "year": "2025"}, "Kế hoạch 238-KH/TU", "Nghị quyết 57-NQ/TW"),
        ({"q": "238"}, "Kế hoạch 238-KH/TU", "Kế hoạch 31-KH/BTGDVTU"),
    ],
)
def test_each_filter_narrows_the_list(
    kyl_reporter: Any, params: dict[str, str], present: str, absent: str
) -> None:
    page = _results(signed_in(kyl_reporter).get(reverse("directives:plan_list"), params))
    assert present in page and absent not in page


def test_issuer_and_implements_filters(superuser: Any) -> None:
    client = signed_in(superuser)
    issuer = unit("ls/tinh-uy")
    page = _results(client.get(reverse("directives:plan_list"), {"issuer": issuer.pk}))
    assert "238-KH/TU" in page and "31-KH/BTGDVTU" not in page
    directive = Document.objects.get(key="186-HD/BTGTW")
    page = _results(client.get(reverse("directives:plan_list"), {"implements": directive.pk}))
    assert "Ban Tuyên giáo và Dân vận Tỉnh ủy Hưng Yên" in page and "Kỳ Lừa" not in page


def test_an_invalid_filter_value_shows_a_message_not_an_error(kyl_reporter: Any) -> None:
    response = signed_in(kyl_reporter).get(reverse("directives:plan_list"), {"year": "abc"})
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()


def test_list_query_count_does_not_grow_with_rows(
    superuser: Any, django_assert_max_num_queries: Any
) -> None:
    client = signed_in(superuser)
    client.get(reverse("directives:plan_list"))
    with django_assert_max_num_queries(8):
        client.get(reverse("directives:plan_list"))
    for i in range(30):
        Document.objects.create(
            kind="KH", issuer_name="Đơn vị thử", title=f"thêm {i}", status="issued"
        )
    with django_assert_max_num_queries(8):
        client.get(reverse("directives:plan_list"))


@pytest.mark.parametrize("key", ["seed-000", "seed-001", "seed-002", "seed-003", "seed-004"])
def test_each_seed_reads_as_on_paper(superuser: Any, key: str) -> None:
    document = Document.objects.get(key=key)
    page = (
        signed_in(superuser)
        .get(reverse("directives:plan_detail", args=[document.pk]))
        .content.decode()
    )
    assert document.signer_name in page
    first_theme = document.plan.themes.order_by("position").first().text.splitlines()[0]
    assert first_theme[:60] in page.replace("&#x27;", "'").replace("&quot;", '"')
    motto = (
        "ĐẢNG CỘNG SẢN VIỆT NAM"
        if document.style == "party"
        else "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    )
    assert motto in page


def test_plan_page_shows_its_cascade_with_lag(superuser: Any) -> None:
    document = Document.objects.get(key="386-KH/TU@hung-yen")
    page = (
        signed_in(superuser)
        .get(reverse("directives:plan_detail", args=[document.pk]))
        .content.decode()
    )
    below = page[page.index('data-testid="below"') :]
    assert "01-KH/BTGDVTU" in below and "sau 12 ngày" in below  # 13/02 → 25/02/2025


def test_outsider_gets_404_on_another_provinces_draft(hy_editor: Any, kyl_reporter: Any) -> None:
    draft = plan_create(user=hy_editor, issuer=unit("hy/btgdv"), title="dự thảo Hưng Yên")
    client = signed_in(kyl_reporter)
    for name in ("plan_detail", "plan_edit"):
        assert client.get(reverse(f"directives:{name}", args=[draft.pk])).status_code == 404
    assert client.post(reverse("directives:plan_issue", args=[draft.pk])).status_code == 404
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_reader_of_the_province_cannot_edit(hy_editor: Any, hy_leader: Any) -> None:
    draft = plan_create(user=hy_editor, issuer=unit("hy/btgdv"), title="dự thảo")
    client = signed_in(hy_leader)
    assert client.get(reverse("directives:plan_detail", args=[draft.pk])).status_code == 200
    assert client.get(reverse("directives:plan_edit", args=[draft.pk])).status_code == 404
    assert client.post(reverse("directives:plan_issue", args=[draft.pk])).status_code == 404


def test_derive_from_the_page(hy_editor: Any) -> None:
    parent = Document.objects.get(key="186-HD/BTGTW")
    client = signed_in(hy_editor)
    assert (
        "186-HD/BTGTW"
        in client.get(reverse("directives:plan_new"), {"parent": parent.pk}).content.decode()
    )
    response = client.post(
        reverse("directives:plan_new"), {"issuer": unit("hy/btgdv").pk, "parent": parent.pk}
    )
    assert response.status_code == 302
    child = Document.objects.filter(issuer=unit("hy/btgdv"), status="draft").latest("id")
    assert child.plan.basis_text.startswith(
        "Thực hiện Hướng dẫn số 186-HD/BTGTW ngày 10/01/2025 "
        "của Ban Tuyên giáo Trung ương về quán triệt"
    )


def test_editor_saves_a_new_theme_and_keeps_html_inert(hy_editor: Any) -> None:
    draft = plan_derive(
        user=hy_editor, parent=Document.objects.get(key="186-HD/BTGTW"), issuer=unit("hy/btgdv")
    )
    client = signed_in(hy_editor)
    data = plan_form_data(draft)
    data["themes-TOTAL_FORMS"] = 1
    data["themes-0-text"] = "<script>alert('x')</script> Quán triệt Nghị quyết 57"
    data["themes-0-position"] = 1
    response = client.post(reverse("directives:plan_edit", args=[draft.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    theme = draft.plan.themes.get()
    assert theme.text.startswith("<script>")
    page = client.get(reverse("directives:plan_detail", args=[draft.pk])).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page


def test_two_sessions_editing_the_second_sees_a_conflict_and_keeps_its_text(
    hy_editor: Any, make_member: Any
) -> None:
    other = make_member("hy_editor_2", "hy/btgdv", "editor")
    draft = plan_create(user=hy_editor, issuer=unit("hy/btgdv"), title="bản gốc")
    first, second = signed_in(hy_editor), signed_in(other)
    data_first = plan_form_data(draft)
    data_second = plan_form_data(draft)
    data_first["h-title"] = "bản của người thứ nhất"
    assert (
        first.post(reverse("directives:plan_edit", args=[draft.pk]), data_first).status_code == 302
    )
    data_second["h-title"] = "bản của người thứ hai, rất dài và quan trọng"
    response = second.post(reverse("directives:plan_edit", args=[draft.pk]), data_second)
    assert response.status_code == 409
    page = response.content.decode()
    assert (
        'data-testid="conflict"' in page and "bản của người thứ hai, rất dài và quan trọng" in page
    )
    draft.refresh_from_db()
    assert draft.title == "bản của người thứ nhất"
    # saving again from the conflict page (it carries the new version) goes through
    version = re.search(r'name="h-lock_version" value="(\d+)"', page).group(1)
    data_second["h-lock_version"] = version
    assert (
        second.post(reverse("directives:plan_edit", args=[draft.pk]), data_second).status_code
        == 302
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("h-title", "", "This field is required"),
        ("h-basis_text", "x" * 100_000, "20000"),
    ],
)
def test_bad_header_input_is_refused_inline_and_typed_text_kept(
    hy_editor: Any, field: str, value: str, message: str
) -> None:
    draft = plan_create(user=hy_editor, issuer=unit("hy/btgdv"), title="giữ nguyên")
    client = signed_in(hy_editor)
    client.post(reverse("set_language"), {"language": "en"})
    data = plan_form_data(draft)
    data[field] = value
    data["h-closing_text"] = "đoạn kết đang gõ dở"
    response = client.post(reverse("directives:plan_edit", args=[draft.pk]), data)
    page = response.content.decode()
    assert response.status_code == 400 and message in page and "đoạn kết đang gõ dở" in page
    draft.refresh_from_db()
    assert draft.title == "giữ nguyên"


def test_impossible_deadline_is_refused_in_vietnamese(hy_editor: Any) -> None:
    draft = plan_create(user=hy_editor, issuer=unit("hy/btgdv"), title="hạn báo cáo")
    client = signed_in(hy_editor)
    data = plan_form_data(draft)
    data.update(
        {
            "duties-TOTAL_FORMS": 1,
            "duties-0-phrase": "trước ngày 31/02 hàng năm",
            "duties-0-rule": "annual",
            "duties-0-day": 31,
            "duties-0-month": 2,
        }
    )
    response = client.post(reverse("directives:plan_edit", args=[draft.pk]), data)
    assert response.status_code == 400 and "Ngày 31/02 không tồn tại" in response.content.decode()
    assert not draft.plan.duties.exists()


def test_issue_from_the_page_shows_the_number(hy_editor: Any) -> None:
    draft = plan_create(user=hy_editor, issuer=unit("hy/btgdv"), title="tuyên truyền Nghị quyết 57")
    client = signed_in(hy_editor)
    response = client.post(reverse("directives:plan_issue", args=[draft.pk]), follow=True)
    assert "Số 01-KH/BTGDVTU" in response.content.decode()
    assert client.get(reverse("directives:plan_edit", args=[draft.pk])).status_code == 302


def test_row_endpoint_returns_an_empty_row(hy_editor: Any) -> None:
    draft = plan_create(user=hy_editor, issuer=unit("hy/btgdv"), title="hàng")
    page = (
        signed_in(hy_editor)
        .get(reverse("directives:plan_row", args=[draft.pk, "themes"]), {"index": 3})
        .content.decode()
    )
    assert 'name="themes-3-text"' in page and "data-row" in page
