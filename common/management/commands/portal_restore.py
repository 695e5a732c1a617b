"""Restore the database and the uploaded files from a `portal_backup` archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_noop

from common.backup.errors import bilingual
from common.backup.manifest import Manifest
from common.backup.services import RestoreResult, backup_inspect, backup_restore

_YES = {"yes", "y", "có", "co"}


class Command(BaseCommand):
    help = (
        "Khôi phục cơ sở dữ liệu và tệp tải lên từ một bản sao lưu / "
        "restore the database and the uploaded files from a backup."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="tệp nén do portal_backup tạo / the archive")
        parser.add_argument(
            "--yes",
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="không hỏi xác nhận / do not ask for confirmation",
        )

    def handle(self, *args: Any, archive: str, interactive: bool = True, **options: Any) -> None:
        path = Path(archive)
        manifest = backup_inspect(archive=path)
        self.stdout.write(_summary(manifest))
        if interactive and not self._confirmed():
            raise CommandError(bilingual(gettext_noop("Đã hủy khôi phục; không có gì thay đổi.")))
        self._report(backup_restore(archive=path, now=timezone.now()))

    def _confirmed(self) -> bool:
        try:
            answer = input(bilingual(gettext_noop("Gõ “yes” để tiếp tục: ")) + " ")
        except EOFError:
            return False
        return answer.strip().lower() in _YES

    def _report(self, result: RestoreResult) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                bilingual(
                    gettext_noop("Đã khôi phục bản sao lưu lúc %(created)s."),
                    created=result.manifest.created_at,
                )
            )
        )
        if result.media_aside is not None:
            self.stdout.write(
                bilingual(
                    gettext_noop(
                        "Thư mục tệp tải lên trước khi khôi phục được giữ ở %(path)s; "
                        "xóa nó khi không cần nữa."
                    ),
                    path=str(result.media_aside),
                )
            )
        if result.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    bilingual(
                        gettext_noop(
                            "Bản sao lưu cũ hơn mã nguồn (%(count)s migration chưa áp dụng): "
                            "hãy chạy “python manage.py migrate”."
                        ),
                        count=result.pending_migrations,
                    )
                )
            )


def _summary(manifest: Manifest) -> str:
    return bilingual(
        gettext_noop(
            "Bản sao lưu lúc %(created)s: cơ sở dữ liệu %(vendor)s, %(files)s tệp tải lên. "
            "Khôi phục sẽ THAY TOÀN BỘ dữ liệu của cơ sở dữ liệu %(database)s và thư mục "
            "%(media)s (thư mục cũ được giữ lại bên cạnh)."
        ),
        created=manifest.created_at,
        vendor=manifest.vendor,
        files=len(manifest.media),
        database=connection.settings_dict["NAME"],
        media=settings.MEDIA_ROOT,
    )
