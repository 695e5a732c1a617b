from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from units.admin_units import DATA_DIR, admin_units_load


class Command(BaseCommand):
    help = (
        "Nạp danh mục đơn vị hành chính từ 01/7/2025 (34 tỉnh, 3.321 xã); với --legacy nạp "
        "thêm danh mục trước đó, ngừng hoạt động và gắn đơn vị kế thừa. Chạy lại không đổi gì. "
        "/ Load the administrative units in force since 1/7/2025; --legacy adds the earlier map."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--legacy", action="store_true", help="also load the map before 1/7/2025"
        )
        parser.add_argument(
            "--data-dir", type=Path, default=DATA_DIR, help="folder holding the catalogue files"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = admin_units_load(legacy=options["legacy"], data_dir=options["data_dir"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        for key in sorted(report.counts):
            self.stdout.write(f"  {key}: {report.counts[key]}")
        self.stdout.write(
            self.style.SUCCESS(
                f"created {len(report.created)}, updated {len(report.updated)}, "
                f"deactivated {report.deactivated}, successor links added {report.successors_added}"
            )
        )
