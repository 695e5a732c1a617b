"""The demo logins: one or two per unit of each seed plan, made once, with the demo password.

A persona's password is reset only when it no longer matches. Checking it costs a PBKDF2
round (about half a second) per login, too slow for `make run` on every restart, so the
result of each check is remembered in `var/demo_logins.json` (0600): the demo password's
own salted hash and, per login, the stored hash it was checked against. A login whose stored
hash is unchanged since a successful check is not checked again; nothing weaker than the
hashes already in the database is written down.
"""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import User
from django.core.management.base import CommandError

from units.bodies import KEY_PREFIX, bodies_load
from units.choices import Role
from units.models import Membership, Unit
from units.services import membership_add


@dataclass(frozen=True)
class Persona:
    username: str
    full_name: str
    unit_ref: str  # a unit key ("hy/btgdv") or "scheme:code" ("2025:33")
    role: str
    description: str


ADMIN = "quantri"

# Hưng Yên: the communes whose reports wait for the provincial leader.
HY_COMMUNES = ("11953", "11977", "11980", "11983")
# Bodies made by load_bodies (units/bodies.py) whose reports wait for a seed unit's leader:
KH_WARD_WOMEN = f"{KEY_PREFIX}xa-hlhpn:2025:22366"  # Hội LHPN phường Nha Trang
CG_OFFICE = f"{KEY_PREFIX}xa-phong-vhxh:2025:10903"  # Phòng Văn hóa - Xã hội xã Cẩm Giàng
CT_WARD_PARTY = f"{KEY_PREFIX}xa-dang-uy:2025:31135"  # Đảng ủy phường Ninh Kiều
# Their provinces (2025 codes: Khánh Hòa, Hải Phòng, Cần Thơ), loaded if load_bodies has not run.
BODY_PROVINCES = ("56", "31", "92")

PERSONAS: tuple[Persona, ...] = (
    Persona(
        "bientap.hungyen",
        "Nguyễn Thị Biên Tập",
        "hy/btgdv",
        Role.EDITOR,
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Hưng Yên",
    ),
    Persona(
        "lanhdao.hungyen", "Trần Văn Lãnh Đạo", "2025:33", Role.LEADER, "Tỉnh Hưng Yên (cả tỉnh)"
    ),
    Persona("baocao.phohien", "Đỗ Văn Hiến", "2025:11953", Role.REPORTER, "Phường Phố Hiến"),
    Persona("baocao.tanhung", "Lê Thị Hưng", "2025:11977", Role.REPORTER, "Xã Tân Hưng"),
    Persona("baocao.hongchau", "Phạm Văn Châu", "2025:11980", Role.REPORTER, "Phường Hồng Châu"),
    Persona("baocao.sonnam", "Vũ Thị Nam", "2025:11983", Role.REPORTER, "Phường Sơn Nam"),
    Persona(
        "baocao.kylua",
        "Hoàng Thị Báo Cáo",
        "ky-lua/ubnd",
        Role.REPORTER,
        "UBND phường Kỳ Lừa, Lạng Sơn",
    ),
    Persona("bientap.kylua", "Nông Văn Soạn", "ky-lua/ubnd", Role.EDITOR, "UBND phường Kỳ Lừa"),
    Persona("lanhdao.kylua", "Lương Văn Lừa", "ky-lua/ubnd", Role.LEADER, "UBND phường Kỳ Lừa"),
    Persona(
        "baocao.vhxh.kylua",
        "Hà Thị Xã Hội",
        "ky-lua/phong-vhxh",
        Role.REPORTER,
        "Phòng Văn hóa - Xã hội phường Kỳ Lừa",
    ),
    Persona(
        "bientap.hlhpn.khanhhoa",
        "Nguyễn Thị Khánh",
        "kh/hlhpn",
        Role.EDITOR,
        "Hội LHPN tỉnh Khánh Hòa",
    ),
    Persona(
        "lanhdao.hlhpn.khanhhoa", "Trần Thị Hòa", "kh/hlhpn", Role.LEADER, "Hội LHPN tỉnh Khánh Hòa"
    ),
    Persona(
        "baocao.camgiang",
        "Nguyễn Văn Giàng",
        "hp/xa-cam-giang/ubnd",
        Role.REPORTER,
        "UBND xã Cẩm Giàng (Hải Phòng)",
    ),
    Persona(
        "lanhdao.camgiang",
        "Phạm Văn Cẩm",
        "hp/xa-cam-giang/ubnd",
        Role.LEADER,
        "UBND xã Cẩm Giàng (Hải Phòng)",
    ),
    Persona(
        "bientap.cantho",
        "Trần Văn Thơ",
        "ct/btgdv",
        Role.EDITOR,
        "Ban Tuyên giáo và Dân vận Thành ủy Cần Thơ",
    ),
    Persona("lanhdao.cantho", "Lê Văn Cần", "ct/thanh-uy", Role.LEADER, "Thành ủy Cần Thơ"),
    Persona(
        "baocao.hlhpn.nhatrang",
        "Lê Thị Trang",
        KH_WARD_WOMEN,
        Role.REPORTER,
        "Hội LHPN phường Nha Trang, Khánh Hòa",
    ),
    Persona(
        "baocao.vhxh.camgiang",
        "Đào Thị Cẩm",
        CG_OFFICE,
        Role.REPORTER,
        "Phòng Văn hóa - Xã hội xã Cẩm Giàng",
    ),
    Persona(
        "baocao.ninhkieu",
        "Huỳnh Văn Kiều",
        CT_WARD_PARTY,
        Role.REPORTER,
        "Đảng ủy phường Ninh Kiều",
    ),
)


def unit_by_ref(ref: str) -> Unit:
    scheme, sep, code = ref.partition(":")
    unit = (
        Unit.objects.filter(scheme=scheme, code=code).first()
        if sep and not ref.startswith(KEY_PREFIX)
        else Unit.objects.filter(key=ref).first()
    )
    if unit is None:
        raise CommandError(
            f"Unit {ref} is missing: run load_admin_units, load_seed_plans and load_bodies first."
        )
    return unit


def bodies_ensure() -> bool:
    """The commune bodies the demo uses; when `load_bodies` has not made them, those of their
    provinces only (a few seconds, not the whole country's). Whether any were made."""
    wanted = {p.unit_ref for p in PERSONAS if p.unit_ref.startswith(KEY_PREFIX)}
    if Unit.objects.filter(key__in=wanted).count() == len(wanted):
        return False
    bodies_load(province_codes=BODY_PROVINCES)
    return True


class PasswordMemo:
    """Which stored hashes were already found to match the demo password (see above)."""

    def __init__(self, path: Path, password: str) -> None:
        self.path, self.password = path, password
        data = self._read()
        stored, logins = data.get("password"), data.get("logins")
        self.known: dict[str, str] = {}
        self.password_hash = ""
        # The one slow check of a second run:
        if (
            isinstance(stored, str)
            and isinstance(logins, dict)
            and check_password(password, stored)
        ):
            self.known = {str(k): str(v) for k, v in logins.items()}
            self.password_hash = stored
        self.changed = False

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def needs_reset(self, user: User) -> bool:
        """Whether the login's password is not the demo password. No database access, so
        that the checks run in parallel (PBKDF2 releases the GIL)."""
        if not (user.password and user.has_usable_password()):
            return True  # a new login: checking would only burn a fake PBKDF2 round
        if self.known.get(user.username) == user.password:
            return False
        return not check_password(self.password, user.password)

    def remember(self, users: list[User]) -> None:
        for user in users:
            if self.known.get(user.username) != user.password:
                self.known[user.username] = user.password
                self.changed = True
        if not self.password_hash and users:
            self.password_hash, self.changed = users[0].password, True

    def save(self) -> None:
        if not self.changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"password": self.password_hash, "logins": self.known}, handle)


def _login(username: str, full_name: str, *, admin: bool = False) -> tuple[User, bool]:
    """The login with its name (and the administrator's flags); whether it changed."""
    user, created = get_user_model().objects.get_or_create(username=username)
    first, _sep, last = full_name.rpartition(" ")
    changed = created or (user.first_name, user.last_name) != (first, last)
    user.first_name, user.last_name = first, last
    if admin and not (user.is_staff and user.is_superuser):
        user.is_staff = user.is_superuser = changed = True
    return user, changed


def _passwords_reset(users: list[User], memo: PasswordMemo) -> set[str]:
    """Give the demo password to the logins that lack it, and only to them (a reset logs
    their sessions out); checks and hashes run in parallel threads, without the database."""
    with ThreadPoolExecutor(max_workers=min(len(users), os.cpu_count() or 1) or 1) as pool:
        stale = [u for u, bad in zip(users, pool.map(memo.needs_reset, users), strict=True) if bad]
        list(pool.map(lambda user: user.set_password(memo.password), stale))
    return {user.username for user in stale}


def personas_ensure(*, password: str, memo_path: Path) -> dict[str, User]:
    """Every persona's login and membership, and the administrator; made once."""
    memo = PasswordMemo(memo_path, password)
    logins = [(p.username, p.full_name, False) for p in PERSONAS] + [(ADMIN, "Quản Trị", True)]
    made = [_login(username, name, admin=admin) for username, name, admin in logins]
    users = {user.username: user for user, _changed in made}
    reset = _passwords_reset(list(users.values()), memo)
    for user, changed in made:
        if changed or user.username in reset:
            user.save()
    memo.remember(list(users.values()))
    memo.save()
    have = set(
        Membership.objects.filter(user__in=list(users.values())).values_list(
            "user__username", "unit_id", "role"
        )
    )
    for persona in PERSONAS:
        unit = unit_by_ref(persona.unit_ref)
        if (persona.username, unit.pk, persona.role) not in have:
            membership_add(user=users[persona.username], unit=unit, role=persona.role)
    return users
