from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from common.env import env_str
from units.choices import Role
from units.models import Unit
from units.services import membership_add

# (username, full name, unit reference, role, description)
PERSONAS = [
    (
        "bientap.hungyen",
        "Nguyễn Thị Biên Tập",
        "hy/btgdv",
        Role.EDITOR,
        "provincial editor — Ban Tuyên giáo và Dân vận Tỉnh ủy Hưng Yên",
    ),
    (
        "lanhdao.hungyen",
        "Trần Văn Lãnh Đạo",
        "2025:33",
        Role.LEADER,
        "leader — Tỉnh Hưng Yên (whole province)",
    ),
    (
        "baocao.kylua",
        "Hoàng Thị Báo Cáo",
        "ky-lua/ubnd",
        Role.REPORTER,
        "ward reporter — UBND phường Kỳ Lừa, Lạng Sơn",
    ),
]


class Command(BaseCommand):
    help = "Tạo tài khoản mẫu cho từng vai trò / create one demo login per persona."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", default=env_str("DEMO_PASSWORD", "tuyentruyen-demo"))

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        password = options["password"]
        User = get_user_model()
        rows = []
        for username, full_name, ref, role, description in PERSONAS:
            unit = self._unit(ref)
            user, _created = User.objects.get_or_create(username=username)
            user.first_name, _sep, user.last_name = full_name.rpartition(" ")
            user.set_password(password)
            user.save()
            membership_add(user=user, unit=unit, role=role)
            rows.append((username, description))
        admin, _created = User.objects.get_or_create(username="quantri")
        admin.is_staff = admin.is_superuser = True
        admin.first_name, admin.last_name = "Quản", "Trị"
        admin.set_password(password)
        admin.save()
        rows.append(("quantri", "administrator (superuser)"))
        self.stdout.write(f"Demo logins (password: {password}):")
        for username, description in rows:
            self.stdout.write(f"  {username:<18} {description}")

    @staticmethod
    def _unit(ref: str) -> Unit:
        scheme, sep, code = ref.partition(":")
        unit = (
            Unit.objects.filter(scheme=scheme, code=code).first()
            if sep
            else Unit.objects.filter(key=ref).first()
        )
        if unit is None:
            raise CommandError(
                f"Unit {ref} is missing: run load_admin_units and load_seed_plans first."
            )
        return unit
