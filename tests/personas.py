"""The named people of the test suite, each a member of one real unit of the catalogue.

Tests ask for them by name through the fixtures of tests/conftest.py (thin wrappers of these
functions); a test package needing someone else makes them with `builders.member`, under a
name of its own. Every persona's password is `builders.PASSWORD`.

- hy_editor:    editor of Ban Tuyên giáo và Dân vận Tỉnh ủy Hưng Yên (since 1/7/2025)
- hy_leader:    leader of Tỉnh Hưng Yên (the whole province tree)
- hy_reporter:  reporter of Tỉnh Hưng Yên (may see the province, may not log for Lạng Sơn)
- btgdv_reporter: reporter of Ban Tuyên giáo và Dân vận Tỉnh ủy Hưng Yên
- kyl_reporter: reporter of UBND phường Kỳ Lừa, Lạng Sơn
- kyl_editor:   editor of UBND phường Kỳ Lừa
- vhxh_editor:  editor of Phòng Văn hóa - Xã hội phường Kỳ Lừa
- kyl_admin:    staff with every model permission, unit admin of UBND phường Kỳ Lừa only
- ls_leader:    leader of Tỉnh Lạng Sơn
- ct_member:    reporter of Thành ủy Cần Thơ
- cg_member:    reporter of UBND xã Cẩm Giàng (successor of UBND huyện Cẩm Giàng)
- superuser:    "root"
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

from tests.builders import PASSWORD, member, unit_admin
from units.choices import Role


def hy_editor() -> User:
    return member("hy_editor", "hy/btgdv", Role.EDITOR)


def hy_leader() -> User:
    return member("hy_leader", "2025:33", Role.LEADER)


def hy_reporter() -> User:
    return member("hy_reporter", "2025:33", Role.REPORTER)


def btgdv_reporter() -> User:
    return member("hy_btgdv_reporter", "hy/btgdv", Role.REPORTER)


def kyl_reporter() -> User:
    return member("kyl_reporter", "ky-lua/ubnd", Role.REPORTER)


def kyl_editor() -> User:
    return member("kyl_editor", "ky-lua/ubnd", Role.EDITOR)


def vhxh_editor() -> User:
    return member("vhxh_editor", "ky-lua/phong-vhxh", Role.EDITOR)


def kyl_admin() -> User:
    return unit_admin("kyl_admin", "ky-lua/ubnd")


def ls_leader() -> User:
    return member("ls_leader", "2025:20", Role.LEADER)


def ct_member() -> User:
    return member("ct_member", "ct/thanh-uy", Role.REPORTER)


def cg_member() -> User:
    return member("cg_member", "hp/xa-cam-giang/ubnd", Role.REPORTER)


def superuser() -> User:
    root: User = get_user_model().objects.create_superuser(username="root", password=PASSWORD)
    return root
