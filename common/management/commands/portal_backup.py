"""Back up the database and the uploaded files into one archive (`make backup`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext_noop

from common.backup.errors import bilingual
from common.backup.services import backup_create, backup_default_path


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu và tệp tải lên vào một tệp nén / "
        "back up the database and the uploaded files into one archive."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            "-o",
            help="tệp nén sẽ tạo / archive to write (var/backups/portal-<time>.tar.gz)",
        )

    def handle(self, *args: Any, output: str | None = None, **options: Any) -> None:
        now = timezone.now()
        target = Path(output) if output else backup_default_path(now=now)
        manifest = backup_create(target=target, now=now)
        size = sum(entry.size for entry in manifest.media)
        self.stdout.write(
            self.style.SUCCESS(
                bilingual(
                    gettext_noop(
                        "Đã sao lưu vào %(path)s: cơ sở dữ liệu %(vendor)s, %(files)s tệp tải "
                        "lên (%(mb).1f MB)."
                    ),
                    path=str(target),
                    vendor=manifest.vendor,
                    files=len(manifest.media),
                    mb=size / 1_000_000,
                )
            )
        )
