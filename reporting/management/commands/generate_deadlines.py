from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from reporting.deadlines import deadlines_generate_all
from reporting.models import Deadline
from reporting.reminders import reminders_plan


class Command(BaseCommand):
    help = (
        "Tạo hạn báo cáo của các kế hoạch đã ban hành đến hết năm sau và lịch nhắc hạn. "
        "/ Generate deadlines (through next year) and their reminders."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        created = deadlines_generate_all(until=today.replace(year=today.year + 1, month=12, day=31))
        open_deadlines = list(
            Deadline.objects.filter(
                submitted_at__isnull=True, due_on__gte=today.replace(year=today.year - 1)
            ).select_related("unit")
        )
        planned = reminders_plan(deadlines=open_deadlines)
        self.stdout.write(
            self.style.SUCCESS(f"deadlines created {created}, reminder rows considered {planned}")
        )
