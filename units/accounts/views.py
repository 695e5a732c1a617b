"""The owner's API token page: list, issue (the secret is shown once), revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from knox.settings import knox_settings

from common.types import person

from ..models import ApiToken
from .forms import ApiTokenForm
from .services import api_token_issue, api_token_revoke, session_hash


def _page(request: HttpRequest, form: ApiTokenForm, secret: str = "") -> HttpResponse:
    tokens = ApiToken.objects.owned_by(request.user).alive()
    current = session_hash(request.session.session_key or "")
    return render(
        request,
        "units/api_tokens.html",
        {
            "form": form,
            "tokens": tokens,
            "secret": secret,
            "current_session": current,
            "ttl_days": knox_settings.TOKEN_TTL.days,
        },
    )


@never_cache
@login_required
def api_token_list(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, ApiTokenForm())
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form)
    bound = form.cleaned_data["session_bound"]
    if bound and not request.session.session_key:
        request.session.save()
    try:
        _token, secret = api_token_issue(
            user=person(request),
            name=form.cleaned_data["name"],
            session_key=(request.session.session_key or "") if bound else "",
            session_expiry=request.session.get_expiry_date() if bound else None,
            now=timezone.now(),
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _page(request, form)
    # Rendered, not redirected: the secret must not travel through messages or the session.
    return _page(request, ApiTokenForm(), secret=secret)


@login_required
@require_POST
def api_token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.owned_by(request.user), pk=pk)
    api_token_revoke(token=token)
    messages.success(request, _("Đã thu hồi mã truy cập “%(name)s”.") % {"name": token.name})
    return redirect("api_tokens")
