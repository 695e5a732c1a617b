"""The owner's pages: the profile (name, e-mail, roles, password, API tokens) and the token
page (list, issue: the secret is shown once, revoke)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from knox.settings import knox_settings

from common.types import person
from common.views import add_domain_error

from ..models import ApiToken
from .forms import ApiTokenForm, ProfileForm
from .roster import may_onboard, memberships_of
from .services import api_token_issue, api_token_revoke, profile_update, session_hash


def _token_context(request: HttpRequest, form: ApiTokenForm, secret: str = "") -> dict[str, Any]:
    return {
        "form": form,
        "tokens": ApiToken.objects.owned_by(request.user).alive(),
        "secret": secret,
        "current_session": session_hash(request.session.session_key or ""),
        "ttl_days": knox_settings.TOKEN_TTL.days,
    }


def _page(request: HttpRequest, form: ApiTokenForm, secret: str = "") -> HttpResponse:
    return render(request, "units/api_tokens.html", _token_context(request, form, secret))


def _issue(request: HttpRequest, form: ApiTokenForm) -> str:
    """The new token's secret, or "" with the form's errors set."""
    if not form.is_valid():
        return ""
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
        return ""
    return secret


@never_cache
@login_required
def api_token_list(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, ApiTokenForm())
    form = ApiTokenForm(request.POST)
    secret = _issue(request, form)
    # Rendered, not redirected: the secret must not travel through messages or the session.
    return _page(request, ApiTokenForm() if secret else form, secret=secret)


@login_required
@require_POST
def api_token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.owned_by(request.user), pk=pk)
    api_token_revoke(token=token)
    messages.success(request, _("Đã thu hồi mã truy cập “%(name)s”.") % {"name": token.name})
    return redirect("profile" if request.POST.get("back") == "profile" else "api_tokens")


def _profile_page(
    request: HttpRequest,
    profile_form: ProfileForm,
    token_form: ApiTokenForm,
    secret: str = "",
    status: int = 200,
) -> HttpResponse:
    context = _token_context(request, token_form, secret)
    context.update(
        profile_form=profile_form,
        memberships=memberships_of(request.user),
        may_onboard=may_onboard(request.user),
        token_back="profile",
    )
    return render(request, "accounts/profile.html", context, status=status)


def _email_change_confirmed(user: Any, form: ProfileForm) -> bool:
    """A new e-mail address (where password-reset links go) needs the current password."""
    if form.cleaned_data["email"].strip().casefold() == (user.email or "").casefold():
        return True
    if user.check_password(form.cleaned_data["password"]):
        return True
    form.add_error("password", _("Nhập đúng mật khẩu hiện tại để đổi địa chỉ thư điện tử."))
    return False


def _profile_initial(user: Any) -> dict[str, str]:
    return {"full_name": user.get_full_name(), "email": user.email}


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own profile: name and e-mail, roles, password, API tokens."""
    user = person(request)
    if request.method != "POST":
        return _profile_page(request, ProfileForm(initial=_profile_initial(user)), ApiTokenForm())
    if request.POST.get("action") == "issue_token":
        form = ApiTokenForm(request.POST)
        secret = _issue(request, form)
        profile_form = ProfileForm(initial=_profile_initial(user))
        if secret:
            return _profile_page(request, profile_form, ApiTokenForm(), secret=secret)
        return _profile_page(request, profile_form, form, status=400)
    profile_form = ProfileForm(request.POST)
    if profile_form.is_valid() and _email_change_confirmed(user, profile_form):
        data = profile_form.cleaned_data
        try:
            profile_update(user=user, full_name=data["full_name"], email=data["email"])
        except ValidationError as exc:
            add_domain_error(profile_form, exc)
        else:
            messages.success(request, _("Đã lưu hồ sơ cá nhân."))
            return redirect("profile")
    return _profile_page(request, profile_form, ApiTokenForm(), status=400)
