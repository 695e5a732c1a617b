"""Pages of reporting: notifications (the bell) and the deadlines of the user's units."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from .models import Deadline, Notification
from .selectors import timeliness


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(
        Notification.objects.visible_to(request.user).filter(recipient=request.user), 30
    ).get_page(request.GET.get("page"))
    return render(request, "reporting/notifications.html", {"page": page})


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("reporting:notifications")


@login_required
def deadline_list(request: HttpRequest) -> HttpResponse:
    """Deadlines of the units the user sees, the nearest first, with their timeliness."""
    deadlines = (
        Deadline.objects.visible_to(request.user)
        .select_related("unit", "duty__plan__document")
        .order_by("due_on", "unit__name")
    )
    page = Paginator(deadlines, 50).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [(deadline, timeliness(deadline, today)) for deadline in page]
    return render(request, "reporting/deadlines.html", {"page": page, "rows": rows})
