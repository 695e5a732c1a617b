from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from reporting.deadlines import deadlines_generate_all, horizon, upcoming
from reporting.models import Deadline
from reporting.reminders import reminders_plan


def _batches(deadlines: Any, size: int) -> Any:
    """Keyset batches, so a national catalogue never sits in memory at once."""
    last = 0
    while batch := list(deadlines.filter(pk__gt=last)[:size]):
        yield batch
        last = batch[-1].pk


class Command(BaseCommand):
    help = (
        "Tạo hạn báo cáo của các kế hoạch đã ban hành đến hết năm sau và lịch nhắc hạn. "
        "/ Generate deadlines (through next year) and their reminders."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        created = deadlines_generate_all(until=horizon(today))
        planned = 0
        soon = upcoming(Deadline.objects.all(), today).select_related("unit").order_by("pk")
        for batch in _batches(soon, 2000):
            planned += reminders_plan(deadlines=batch)
        self.stdout.write(
            self.style.SUCCESS(f"deadlines created {created}, reminder rows considered {planned}")
        )
