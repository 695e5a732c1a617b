"""Onboarding people in bulk: a unit admin or a superuser uploads a roster (.xlsx or .csv),
sees every row checked with nothing written, confirms once; each new account gets one
e-mail with a set-password link."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from common.models import OutboxMessage
from tests import personas
from tests.builders import member, signed_in, unit
from units.choices import Role, UnitKind, UnitSystem
from units.models import Membership
from units.services import unit_create

pytestmark = pytest.mark.django_db

HEADER = ["Họ và tên", "Thư điện tử", "Tên đăng nhập", "Đơn vị", "Vai trò"]
IMPORT = "/accounts/import/"


@pytest.fixture
def kyl_admin(db: None) -> Any:
    return personas.kyl_admin()


@pytest.fixture
def eager_tasks(settings: Any) -> Iterator[None]:
    from config.celery import app

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = False


def xlsx(*rows: list[Any], header: list[str] = HEADER) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("nguoi-dung.xlsx", buffer.getvalue())


def preview(client: Client, upload: SimpleUploadedFile) -> tuple[str, str]:
    """The preview page's HTML and its confirm token."""
    page = client.post(IMPORT, {"file": upload})
    html = page.content.decode()
    token = re.search(r'name="token" value="([0-9a-f]+)"', html)
    return html, token.group(1) if token else ""


def errors_of(html: str) -> str:
    return html.split('data-testid="errors"')[1].split("</table>")[0] if "errors" in html else ""


def test_the_preview_checks_every_row_and_writes_nothing(kyl_admin: Any) -> None:
    vhxh, kthtdt = unit("ky-lua/phong-vhxh"), unit("ky-lua/phong-kthtdt")
    for parent in (vhxh, kthtdt):
        unit_create(
            name="Tổ công nghệ số cộng đồng",
            kind=UnitKind.DIGITAL_TEAM,
            system=UnitSystem.STATE,
            parent=parent,
        )
    client = signed_in(kyl_admin)
    users_before = get_user_model().objects.count()
    html, token = preview(
        client,
        xlsx(
            ["Nguyễn Văn An", "an.nguyen@example.vn", "", "phong van hoa - xa hoi", "Báo cáo"],
            ["Trần Thị Bình", "binh@example.vn", "", "Đơn vị không có", "reporter"],
            ["Lê Văn Cường", "cuong@example.vn", "", "TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG", "editor"],
            ["Phạm Thị Dung", "dung@example.vn", "", "ky-lua/ubnd", "Giám đốc"],
            ["Hoàng Văn Em", "khong-phai-thu", "", "ky-lua/ubnd", "Lãnh đạo"],
            ["Nguyễn Văn An", "an.nguyen@example.vn", "", "Phòng Văn hóa - Xã hội", "bao cao"],
            ["Đỗ Thị Giang", "giang@example.vn", "giang.do", "UBND phường", "Quản trị đơn vị"],
        ),
    )
    assert token and get_user_model().objects.count() == users_before  # nothing written
    assert 'data-testid="valid-count">2<' in html and 'data-testid="error-count">5<' in html
    errors = errors_of(html)
    assert "không tìm thấy “Đơn vị không có”" in errors  # unknown unit (row 3)
    assert "trùng tên 2 đơn vị" in errors  # ambiguous (row 4), candidates with their parents
    assert f"thuộc {vhxh.name}" in errors and f"thuộc {kthtdt.name}" in errors
    assert "“Giám đốc” không phải vai trò nào" in errors  # bad role (row 5)
    assert "“khong-phai-thu” không phải địa chỉ thư điện tử hợp lệ" in errors  # bad e-mail
    assert "trùng với dòng 2" in errors  # duplicate row (row 7)
    assert "an.nguyen" in html and "giang.do" in html  # the derived and the given username


def test_confirm_applies_once_and_mails_each_new_person_once(
    kyl_admin: Any, eager_tasks: None, django_capture_on_commit_callbacks: Any
) -> None:
    existing = member("kyl_staff", "ky-lua/phong-vhxh", Role.REPORTER)
    existing.email = "staff@example.vn"
    existing.save()
    client = signed_in(kyl_admin)
    _html, token = preview(
        client,
        xlsx(
            ["Nguyễn Văn An", "an@example.vn", "", "Phòng Văn hóa - Xã hội", "Báo cáo"],
            ["Nguyễn Văn An", "an@example.vn", "", "ky-lua/ubnd", "Lãnh đạo"],
            ["Cán bộ cũ", "staff@example.vn", "", "ky-lua/ubnd", "Soạn thảo kế hoạch"],
        ),
    )
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("roster_confirm"), {"token": token}, follow=True)
    assert "Đã tạo 1 tài khoản mới và thêm 3 vai trò" in done.content.decode()
    an = get_user_model().objects.get(username="an")
    assert an.email == "an@example.vn" and an.get_full_name() == "Nguyễn Văn An"
    assert not an.has_usable_password()
    assert set(Membership.objects.filter(user=an).values_list("role", flat=True)) == {
        Role.REPORTER,
        Role.LEADER,
    }
    assert Membership.objects.filter(user=existing, role=Role.EDITOR).exists()
    assert [m.to for m in mail.outbox] == [["an@example.vn"]]

    # The same preview confirmed again (a double click, a second tab): nothing more.
    users, roles = get_user_model().objects.count(), Membership.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse("roster_confirm"), {"token": token}, follow=True)
    assert "đã được nhập" in again.content.decode()
    # The same file uploaded and confirmed again: the people and roles exist already.
    _html, second = preview(
        client, xlsx(["Nguyễn Văn An", "an@example.vn", "", "ky-lua/ubnd", "Lãnh đạo"])
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("roster_confirm"), {"token": second})
    assert (get_user_model().objects.count(), Membership.objects.count()) == (users, roles)
    assert len(mail.outbox) == 1
    assert OutboxMessage.objects.filter(key__startswith="units.welcome_mail:").count() == 1


def test_the_welcome_mail_sets_a_first_password(
    kyl_admin: Any, eager_tasks: None, django_capture_on_commit_callbacks: Any
) -> None:
    client = signed_in(kyl_admin)
    _html, token = preview(
        client, xlsx(["Vũ Thị Hoa", "hoa@example.vn", "", "ky-lua/ubnd", "reporter"])
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("roster_confirm"), {"token": token})
    (message,) = mail.outbox
    assert "Tên đăng nhập của bạn: hoa" in message.body
    link = re.search(r"https?://\S+/accounts/reset/\S+/", str(message.body))
    assert link is not None
    newcomer = Client()
    form = newcomer.get(link.group(0), follow=True)
    assert "Đặt mật khẩu mới" in form.content.decode()
    new_password = "Ky-Lua-2026-hoa"
    saved = newcomer.post(
        form.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert saved.status_code == 302
    signed = Client().post(reverse("login"), {"username": "hoa", "password": new_password})
    assert signed.status_code == 302 and signed["Location"] == reverse("home")


def test_a_unit_admin_cannot_onboard_outside_their_units(kyl_admin: Any) -> None:
    client = signed_in(kyl_admin)
    html, _token = preview(
        client,
        xlsx(
            ["Người Hưng Yên", "hy@example.vn", "", "hy/btgdv", "Báo cáo"],
            ["Người Kỳ Lừa", "kl@example.vn", "", "ky-lua/mttq", "Báo cáo"],  # not theirs
        ),
    )
    assert 'data-testid="error-count">2<' in html and 'data-testid="confirm"' not in html
    assert "trong các đơn vị đang hoạt động mà bạn quản trị" in errors_of(html)


def test_people_without_the_unit_admin_role_may_not_import(kyl_editor: Any) -> None:
    client = signed_in(kyl_editor)
    assert client.get(IMPORT).status_code == 403
    assert client.get(reverse("roster_template")).status_code == 403
    assert client.post(reverse("roster_confirm"), {"token": "x"}).status_code == 403
    assert Client().get(IMPORT).status_code == 302  # sign in first


def test_a_csv_roster_and_the_template_work_for_a_superuser(superuser: Any) -> None:
    client = signed_in(superuser)
    template = client.get(reverse("roster_template"))
    sheet = load_workbook(io.BytesIO(template.getvalue())).active
    assert [cell.value for cell in sheet[1]] == HEADER and sheet.max_row == 2
    csv = "\ufeffHọ và tên;Thư điện tử;Tên đăng nhập;Đơn vị;Vai trò\n"
    csv += "Ngô Văn Khoa;khoa@example.vn;;hy/btgdv;Lãnh đạo\n"
    html, token = preview(client, SimpleUploadedFile("ds.csv", csv.encode()))
    assert token and 'data-testid="valid-count">1<' in html and "khoa" in html


def test_a_file_without_the_required_columns_is_refused(superuser: Any) -> None:
    page = signed_in(superuser).post(IMPORT, {"file": xlsx(["a"], header=["Tên"])})
    assert page.status_code == 400
    assert "Tệp thiếu cột: Họ và tên, Thư điện tử, Đơn vị, Vai trò" in page.content.decode()


def test_an_expired_welcome_link_is_replaced_by_the_forgotten_password_form(
    settings: Any,
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    newcomer = get_user_model().objects.create_user(username="moi", email="moi@example.vn")
    assert not newcomer.has_usable_password()
    Client().post(reverse("password_reset"), {"email": "moi@example.vn"})
    assert [m.to for m in mail.outbox] == [["moi@example.vn"]]
    # Someone who has signed in once is a normal account again: no reset without a password.
    newcomer.last_login = newcomer.date_joined
    newcomer.save()
    Client().post(reverse("password_reset"), {"email": "moi@example.vn"})
    assert len(mail.outbox) == 1


def test_the_preview_costs_the_same_queries_for_2_and_40_rows(kyl_admin: Any) -> None:
    client = signed_in(kyl_admin)
    client.get(IMPORT)  # the session exists before counting

    def count(n: int) -> int:
        rows = [
            [f"Người {i}", f"nguoi{i}@example.vn", "", "ky-lua/ubnd", "reporter"] for i in range(n)
        ]
        with CaptureQueriesContext(connection) as queries:
            html, _token = preview(client, xlsx(*rows))
        assert f'data-testid="valid-count">{n}<' in html
        return len(queries)

    assert count(2) == count(40)


def test_the_profile_and_import_pages_speak_english_when_asked(kyl_admin: Any) -> None:
    client = signed_in(kyl_admin)
    profile = client.get("/accounts/profile/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "My profile" in profile and "Import users from a file" in profile
    page = client.get(IMPORT, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Download the template (.xlsx)" in page


def test_the_import_is_linked_for_those_who_may_use_it(kyl_admin: Any, kyl_editor: Any) -> None:
    admin_client = signed_in(kyl_admin)
    assert f'href="{IMPORT}"' in admin_client.get(reverse("home")).content.decode()
    assert (
        'data-testid="roster-import-link"'
        in admin_client.get("/accounts/profile/").content.decode()
    )
    users = admin_client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert 'data-testid="admin-roster-import"' in users and f'href="{IMPORT}"' in users
    editor_home = signed_in(kyl_editor).get(reverse("home")).content.decode()
    assert f'href="{IMPORT}"' not in editor_home


def test_a_unit_admin_cannot_add_roles_to_an_account_of_another_province(
    kyl_admin: Any, hy_editor: Any, superuser: Any
) -> None:
    """An account with a role elsewhere (say, one whose owner set its e-mail to the address
    a roster names) gets roles in a unit admin's units only from a superuser."""
    hy_editor.email = "squat@example.vn"
    hy_editor.save(update_fields=["email"])
    neighbour = member("ls_neighbour", "2025:20", Role.REPORTER)  # same province: allowed
    neighbour.email = "neighbour@example.vn"
    neighbour.save(update_fields=["email"])
    rows = (
        ["Người lạ", "squat@example.vn", "", "ky-lua/ubnd", "Soạn thảo kế hoạch"],
        ["Người láng giềng", "neighbour@example.vn", "", "ky-lua/ubnd", "Báo cáo"],
    )
    html, token = preview(signed_in(kyl_admin), xlsx(*rows))
    assert 'data-testid="valid-count">1<' in html and 'data-testid="error-count">1<' in html
    assert "đã có vai trò ở tỉnh, thành phố khác" in errors_of(html)
    client = signed_in(kyl_admin)
    _html, token = preview(client, xlsx(*rows))
    client.post(reverse("roster_confirm"), {"token": token})
    assert not Membership.objects.filter(user=hy_editor, unit=unit("ky-lua/ubnd")).exists()
    assert Membership.objects.filter(user=neighbour, unit=unit("ky-lua/ubnd")).exists()
    html, _token = preview(signed_in(superuser), xlsx(rows[0]))
    assert 'data-testid="valid-count">1<' in html  # a superuser may
