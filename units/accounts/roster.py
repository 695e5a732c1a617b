"""Checking a roster of people to onboard, row by row, before anything is written.

Each row names a person (full name, e-mail, optional username derived from the e-mail), a
unit (its key, administrative code, full or short name, compared without accents or case,
among the active units the importer administers) and a role (its code or Vietnamese label).
A row either resolves to a `PlannedRow` (a new account, or a role added to an existing one)
or gets messages by column. The same check runs again when the importer confirms.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from common.text import fold
from common.types import Viewer

from ..admin_scope import ADMIN_ROLES, administers_any
from ..choices import Role
from ..models import Membership, Unit
from ..scope import collapse, scope_for
from ..tree import SEGMENT
from .roster_file import LABELS, MAX_CELL_CHARS, RosterRow

MAX_CANDIDATES_SHOWN = 5


def may_onboard(user: Viewer) -> bool:
    """Superusers and unit administrators may onboard people (into what they administer)."""
    return bool(user.is_authenticated and user.is_active and administers_any(user))


def manageable_units(user: Viewer) -> QuerySet[Unit]:
    """The active units `user` may onboard people into."""
    if not may_onboard(user):
        return Unit.objects.none()
    return Unit.objects.active().filter(scope_for(user).role_q("path", ADMIN_ROLES))


@dataclass(frozen=True)
class PlannedRow:
    """One checked row, JSON-safe, as the preview shows it and the apply step writes it."""

    row: int
    full_name: str
    email: str
    username: str
    unit_id: int
    unit_name: str
    role: str
    role_label: str
    existing_user_id: int | None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class RosterCheck:
    planned: list[PlannedRow] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def new_accounts(self) -> int:
        return sum(1 for row in self.planned if row.existing_user_id is None)


def foreign_accounts(importer: Viewer, user_ids: set[int]) -> set[int]:
    """Those of `user_ids` holding a role outside the provinces where `importer` is a unit
    admin: a unit admin may not hand such an account (say, one whose owner set its e-mail
    to an address the roster names) roles in their units; a superuser may."""
    scope = scope_for(importer)
    if scope.everything or not user_ids:
        return set()
    tops = collapse({path[:SEGMENT] for path, role in scope.roles if role in ADMIN_ROLES})
    inside = reduce(or_, (Q(unit__path__descendant_of=top) for top in tops), Q(pk__in=[]))
    outside = Membership.objects.filter(user_id__in=user_ids).exclude(inside)
    return set(outside.values_list("user_id", flat=True))


class UnitIndex:
    """The units an importer may name, found by key, code or (folded) name."""

    def __init__(self, units: QuerySet[Unit]) -> None:
        self._by_ref: dict[str, list[Unit]] = defaultdict(list)
        for unit in units.select_related("parent").order_by("path"):
            refs = {fold(unit.name), fold(unit.short_name), fold(unit.key or ""), unit.code}
            for ref in refs - {""}:
                self._by_ref[ref].append(unit)

    def find(self, text: str) -> list[Unit]:
        return self._by_ref.get(fold(text), [])


def _describe(unit: Unit) -> str:
    parts = [unit.name]
    if unit.parent is not None:
        parts.append(_("thuộc %(parent)s") % {"parent": unit.parent.name})
    if unit.valid_from:
        parts.append(_("từ %(date)s") % {"date": unit.valid_from.strftime("%d/%m/%Y")})
    if unit.valid_to:
        parts.append(_("đến %(date)s") % {"date": unit.valid_to.strftime("%d/%m/%Y")})
    key = f" [{unit.key or unit.code or unit.pk}]"
    return ", ".join(parts) + key


def _role_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for code, label in Role.choices:
        index[fold(code)] = code
        index[fold(str(label))] = code
        index[fold(str(label).split(",")[0])] = code
    return index


class UserDirectory:
    """The existing accounts a roster may name, read in one query: by e-mail, by username
    (given, or the local part of an e-mail). Compared in lower case, as iexact does."""

    def __init__(self) -> None:
        self._by_email: dict[str, list[Any]] = defaultdict(list)
        self._by_username: dict[str, Any] = {}

    def load(self, rows: list[RosterRow]) -> None:
        emails = {row.cells.get("email", "").lower() for row in rows} - {""}
        names = {row.cells.get("username", "").lower() for row in rows}
        names |= {email.rpartition("@")[0] for email in emails}
        names |= emails  # a username derived from a taken local part is the whole address
        users = (
            get_user_model()
            .objects.annotate(email_l=Lower("email"), username_l=Lower("username"))
            .filter(Q(email_l__in=emails) | Q(username_l__in=names - {""}))
        )
        for user in users:
            self._by_username[user.username.lower()] = user
            if user.email:
                self._by_email[user.email.lower()].append(user)

    def with_email(self, email: str) -> list[Any]:
        return self._by_email.get(email.lower(), [])

    def ids(self) -> set[int]:
        return {user.pk for user in self._by_username.values()} | {
            user.pk for users in self._by_email.values() for user in users
        }

    def named(self, username: str) -> Any:
        return self._by_username.get(username.lower())


class RosterChecker:
    def __init__(self, importer: Viewer) -> None:
        self.importer = importer
        self.units = UnitIndex(manageable_units(importer))
        self.roles = _role_index()
        self.users = UserDirectory()
        self.seen: dict[tuple[str, int, str], int] = {}
        self.foreign: set[int] = set()
        self.emails: dict[str, str] = {}  # username -> e-mail across the file
        self.taken: dict[str, str] = {}  # derived username -> e-mail within the file

    def check(self, rows: list[RosterRow]) -> RosterCheck:
        self.users.load(rows)
        self.foreign = foreign_accounts(self.importer, self.users.ids())
        result = RosterCheck()
        for row in rows:
            errors: dict[str, str] = {}
            planned = self._row(row, errors)
            result.errors.extend(
                {"row": row.number, "column": LABELS.get(key, key), "message": message}
                for key, message in errors.items()
            )
            if planned is not None and not errors:
                result.planned.append(planned)
        return result

    def _row(self, row: RosterRow, errors: dict[str, str]) -> PlannedRow | None:
        cells = row.cells
        for key, value in cells.items():
            if len(value) > MAX_CELL_CHARS:
                errors[key] = _("dài quá %(max)s ký tự") % {"max": MAX_CELL_CHARS}
        full_name = cells.get("full_name", "")
        if not full_name:
            errors["full_name"] = _("bắt buộc")
        email = self._email(cells.get("email", ""), errors)
        unit = self._unit(cells.get("unit", ""), errors)
        role = self._role(cells.get("role", ""), errors)
        if errors or email is None or unit is None or role is None:
            return None
        account = self._account(cells.get("username", ""), email, errors)
        if account is None:
            return None
        username, existing_id = account
        identity = (username.casefold(), unit.pk, role)
        if identity in self.seen:
            errors["username"] = _("trùng với dòng %(row)s (cùng người, đơn vị và vai trò)") % {
                "row": self.seen[identity]
            }
            return None
        self.seen[identity] = row.number
        return PlannedRow(
            row=row.number,
            full_name=full_name,
            email=email,
            username=username,
            unit_id=unit.pk,
            unit_name=unit.name,
            role=role,
            role_label=str(Role(role).label),
            existing_user_id=existing_id,
        )

    def _email(self, value: str, errors: dict[str, str]) -> str | None:
        if not value:
            errors["email"] = _("bắt buộc")
            return None
        try:
            validate_email(value)
        except ValidationError:
            errors["email"] = _("“%(value)s” không phải địa chỉ thư điện tử hợp lệ") % {
                "value": value
            }
            return None
        local, _at, domain = value.rpartition("@")
        return f"{local}@{domain.lower()}"

    def _unit(self, value: str, errors: dict[str, str]) -> Unit | None:
        if not value:
            errors["unit"] = _("bắt buộc")
            return None
        found = self.units.find(value)
        if not found:
            errors["unit"] = _(
                "không tìm thấy “%(value)s” trong các đơn vị đang hoạt động mà bạn quản trị"
            ) % {"value": value}
            return None
        if len(found) > 1:
            shown = "; ".join(_describe(u) for u in found[:MAX_CANDIDATES_SHOWN])
            more = len(found) - MAX_CANDIDATES_SHOWN
            if more > 0:
                shown += "; " + _("và %(n)s đơn vị khác") % {"n": more}
            errors["unit"] = _(
                "“%(value)s” trùng tên %(n)s đơn vị: %(units)s. Hãy ghi khóa định danh hoặc mã "
                "(trong ngoặc vuông)."
            ) % {"value": value, "n": len(found), "units": shown}
            return None
        return found[0]

    def _role(self, value: str, errors: dict[str, str]) -> str | None:
        role = self.roles.get(fold(value)) if value else None
        if role is None:
            labels = ", ".join(str(label) for label in Role.labels)
            errors["role"] = (
                (
                    _("bắt buộc")
                    if not value
                    else _("“%(value)s” không phải vai trò nào") % {"value": value}
                )
                + " ("
                + labels
                + ")"
            )
        return role

    def _account(
        self, given: str, email: str, errors: dict[str, str]
    ) -> tuple[str, int | None] | None:
        """(username, existing user's id) for the row, or None with an error noted."""
        if given:
            return self._named_account(given, email, errors)
        by_email = self.users.with_email(email)
        if len(by_email) == 1:
            return self._existing(by_email[0], errors)
        if len(by_email) > 1:
            errors["email"] = _("nhiều tài khoản dùng địa chỉ này; hãy ghi rõ tên đăng nhập")
            return None
        username = self._derived_username(email)
        self.taken[username.casefold()] = email.casefold()
        return self._new(username, email, errors)

    def _named_account(
        self, username: str, email: str, errors: dict[str, str]
    ) -> tuple[str, int | None] | None:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            errors["username"] = _("chỉ gồm chữ, số và các ký tự @ . + - _ (không có dấu cách)")
            return None
        if len(username) > 150:
            errors["username"] = _("dài quá 150 ký tự")
            return None
        existing = self.users.named(username)
        if existing is None:
            return self._new(username, email, errors)
        if existing.email.casefold() != email.casefold():
            errors["username"] = _(
                "tên đăng nhập “%(username)s” đã thuộc một tài khoản có thư điện tử khác"
            ) % {"username": username}
            return None
        return self._existing(existing, errors)

    def _existing(self, user: Any, errors: dict[str, str]) -> tuple[str, int | None] | None:
        if (user.is_staff or user.is_superuser) and not self.importer.is_superuser:
            errors["username"] = _(
                "“%(username)s” là tài khoản quản trị hệ thống; chỉ quản trị viên cấp cao mới "
                "thêm vai trò cho tài khoản này"
            ) % {"username": user.username}
            return None
        if not user.is_active:
            errors["username"] = _("tài khoản “%(username)s” đã bị vô hiệu hóa") % {
                "username": user.username
            }
            return None
        if user.pk in self.foreign:
            errors["username"] = _(
                "“%(username)s” đã có vai trò ở tỉnh, thành phố khác; chỉ quản trị viên hệ "
                "thống mới thêm vai trò cho tài khoản này"
            ) % {"username": user.username}
            return None
        return self._same_email_across_file(user.username, user.email, errors, user.pk)

    def _new(
        self, username: str, email: str, errors: dict[str, str]
    ) -> tuple[str, int | None] | None:
        holder = self.users.named(username)
        if holder is not None and holder.email.lower() != email.lower():
            errors["username"] = _(
                "tên đăng nhập “%(username)s” đã thuộc một tài khoản có thư điện tử khác"
            ) % {"username": username}
            return None
        if any(u.username.lower() != username.lower() for u in self.users.with_email(email)):
            errors["email"] = _("địa chỉ này đã dùng cho một tài khoản khác")
            return None
        return self._same_email_across_file(username, email, errors, None)

    def _same_email_across_file(
        self, username: str, email: str, errors: dict[str, str], user_id: int | None
    ) -> tuple[str, int | None] | None:
        known = self.emails.setdefault(username.casefold(), email.casefold())
        if known != email.casefold():
            errors["email"] = _("tên đăng nhập “%(username)s” ở dòng khác có thư điện tử khác") % {
                "username": username
            }
            return None
        return username, user_id

    def _derived_username(self, email: str) -> str:
        """The e-mail's local part when no other account or row holds it, else the address."""
        local = email.rpartition("@")[0].casefold()
        valid = True
        try:
            UnicodeUsernameValidator()(local)
        except ValidationError:
            valid = False
        other_row = self.taken.get(local, email.casefold()) != email.casefold()
        if valid and not other_row and self.users.named(local) is None:
            return local
        return email.casefold()[:150]


def roster_check(*, importer: Viewer, rows: list[RosterRow]) -> RosterCheck:
    return RosterChecker(importer).check(rows)


def memberships_of(user: Viewer) -> QuerySet[Membership]:
    """The user's own roles, for their profile page."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("unit").order_by("unit__path")
