from time import perf_counter
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from units.bodies import bodies_load


class Command(BaseCommand):
    help = (
        "Tạo các cơ quan (cấp ủy, ủy ban nhân dân, sở, Mặt trận, đoàn thể) cho mọi tỉnh và xã "
        "đang hoạt động theo các mẫu cơ quan; chạy lại không tạo trùng. Chạy sau "
        "load_admin_units và load_seed_plans. / Create the bodies of every current province "
        "and commune from the body templates; idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--province",
            action="append",
            dest="provinces",
            metavar="CODE",
            help="only this province (2-digit 2025 code) and its communes; repeatable",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = perf_counter()
        try:
            report = bodies_load(province_codes=options["provinces"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        for level, counts in report.levels.items():
            self.stdout.write(
                f"  {level}: {counts.bodies} bodies, created {counts.created}, "
                f"adopted {counts.adopted}, updated {counts.updated}, moved {counts.moved}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"created {report.created}, predecessor links added "
                f"{report.predecessors_added} in {perf_counter() - started:.1f} s"
            )
        )
