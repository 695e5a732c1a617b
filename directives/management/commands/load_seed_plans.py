from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from directives.seeding import seed_plans_load


class Command(BaseCommand):
    help = (
        "Nạp năm kế hoạch mẫu cùng các văn bản, đơn vị và danh mục hình thức tuyên truyền; "
        "chạy lại không đổi gì. / Load the five seed plans with everything they cite."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = seed_plans_load()
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"catalogue rows written {report.catalogue_changed}, "
                f"units created {report.units_created}, updated {report.units_updated}, "
                f"documents written {len(report.documents_written)}, "
                f"plans written {len(report.plans_written)}"
            )
        )
