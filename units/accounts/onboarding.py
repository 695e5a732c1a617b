"""Onboarding people from a checked roster: accounts, roles and the first-login e-mail.

A confirmed roster is applied once: the preview's token is claimed in the shared cache, and
every write is idempotent besides (an account is found by its username before it is made,
a role is added only if missing), so a repeated or parallel confirm creates nothing twice.
A new account has no usable password; its owner sets one through a password-reset link
mailed after the commit by the `units.welcome_mail` task, keyed by the account so that the
outbox records it once, and claimed in the cache so that a redelivered task sends nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from common.exceptions import DomainError
from common.outbox import enqueue_on_commit
from common.types import Person

from ..choices import Role
from ..models import Membership
from .roster import PlannedRow, manageable_units

logger = logging.getLogger(__name__)

WELCOME_TASK = "units.welcome_mail"
WELCOME_BATCH = 50  # accounts per task: one outbox row each, well within the time limit
APPLIED_FOR = timedelta(days=7)
SENT_FOR = timedelta(days=90)


@dataclass(frozen=True)
class RosterOutcome:
    accounts_created: int
    roles_added: int


def welcome_key(user_id: int) -> str:
    """The outbox key of the batch of welcome mails that starts with this new account (an
    account is made once, so the batch is recorded once)."""
    return f"{WELCOME_TASK}:{user_id}"


def _split_name(full_name: str) -> tuple[str, str]:
    """As the demo loader stores names: given names last (get_full_name() joins them back)."""
    first, _sep, last = full_name.strip().rpartition(" ")
    return (first, last) if first else ("", last)


def roster_apply(
    *, importer: Person, token: str, rows: list[PlannedRow], base_url: str
) -> RosterOutcome:
    """Write the rows of the preview `token` (once), each in the importer's current scope."""
    if not cache.add(f"roster-applied:{importer.pk}:{token}", 1, APPLIED_FOR.total_seconds()):
        raise DomainError(_("Bản xem trước này đã được nhập; không có gì được tạo thêm."))
    try:
        return _apply(importer=importer, rows=rows, base_url=base_url)
    except Exception:
        # Nothing was written (the transaction rolled back): the preview may be tried again.
        cache.delete(f"roster-applied:{importer.pk}:{token}")
        raise


@transaction.atomic
def _apply(*, importer: Person, rows: list[PlannedRow], base_url: str) -> RosterOutcome:
    """A few queries whatever the number of rows: accounts and roles are read and written
    in bulk (a province's roster is hundreds of rows, confirmed in one request)."""
    unit_ids = {row.unit_id for row in rows}
    if manageable_units(importer).filter(pk__in=unit_ids).count() != len(unit_ids):
        raise PermissionDenied(_("Quyền quản trị của bạn đã thay đổi; hãy tải tệp lên lại."))
    if any(row.role not in Role.values for row in rows):
        raise DomainError(_("Vai trò không hợp lệ."))
    accounts, created = _accounts(rows)
    wanted = {(accounts[row.username.lower()].pk, row.unit_id, row.role) for row in rows}
    held = set(
        Membership.objects.filter(user_id__in={user_id for user_id, _u, _r in wanted}).values_list(
            "user_id", "unit_id", "role"
        )
    )
    missing = sorted(wanted - held)
    Membership.objects.bulk_create(
        [Membership(user_id=u, unit_id=unit, role=role) for u, unit, role in missing],
        ignore_conflicts=True,  # a parallel confirm added it: one row all the same
    )
    for start in range(0, len(created), WELCOME_BATCH):
        batch = created[start : start + WELCOME_BATCH]
        enqueue_on_commit(WELCOME_TASK, batch, base_url, key=welcome_key(batch[0]))
    return RosterOutcome(accounts_created=len(created), roles_added=len(missing))


def _existing(usernames: set[str]) -> dict[str, Person]:
    users = (
        get_user_model()
        .objects.annotate(username_l=Lower("username"))
        .filter(username_l__in=usernames)
    )
    return {user.username.lower(): user for user in users}


def _accounts(rows: list[PlannedRow]) -> tuple[dict[str, Person], list[int]]:
    """Every row's account by lower-case username, and the ids of those made now."""
    model = get_user_model()
    wanted = {row.username.lower(): row for row in rows}
    before = _existing(set(wanted))
    fresh = []
    for key, row in wanted.items():
        if key in before:
            continue
        first, last = _split_name(row.full_name)
        user = model(
            username=model.normalize_username(row.username),
            email=row.email,
            first_name=first[:150],
            last_name=last[:150],
        )
        user.set_unusable_password()  # the owner sets one from the welcome e-mail
        fresh.append(user)
    model.objects.bulk_create(fresh, ignore_conflicts=True)
    accounts = _existing(set(wanted))
    for key, row in wanted.items():
        if accounts[key].email.lower() != row.email.lower():
            # Made with this username since the check: the row may not mean this person.
            raise DomainError(
                _(
                    "Tài khoản “%(username)s” vừa được tạo với thư điện tử khác; "
                    "hãy kiểm tra lại tệp."
                )
                % {"username": accounts[key].username}
            )
    created = sorted(user.pk for key, user in accounts.items() if key not in before)
    return accounts, created


def welcome_mail_send(*, user_id: int, base_url: str) -> bool:
    """Mail an account made by an import its set-password link; True when sent.

    Skipped for an account that is gone, inactive, without an address, or whose owner has
    already set a password or signed in; and when this account's mail was already sent.
    """
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or user.has_usable_password() or user.last_login:
        return False
    key = welcome_key(user_id)
    if not cache.add(f"sent:{key}", 1, SENT_FOR.total_seconds()):
        return False
    link = base_url.rstrip("/") + reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {"user": user, "link": link, "login": base_url.rstrip("/") + reverse("login")}
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "localhost"
    try:
        EmailMessage(
            _("Tài khoản của bạn trên Cổng kế hoạch tuyên truyền"),
            render_to_string("registration/welcome_email.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
            headers={"Message-ID": f"<{key}@{domain}>", "X-Idempotency-Key": key},
        ).send()
    except OSError:
        cache.delete(f"sent:{key}")  # not sent: a later run of the task may send it
        raise
    return True


def welcome_mails_send(*, user_ids: list[int], base_url: str) -> int:
    """The welcome mails of a batch of new accounts; how many were sent. A mail server that
    refuses one address does not stop the others; the owner of an account whose mail failed
    gets a new link from "Quên mật khẩu?" on the sign-in page."""
    sent = 0
    for user_id in user_ids:
        try:
            sent += welcome_mail_send(user_id=user_id, base_url=base_url)
        except OSError:
            logger.warning("Welcome e-mail to user %s not sent", user_id, exc_info=True)
    return sent
