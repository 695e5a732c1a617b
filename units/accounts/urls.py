"""/accounts/: Django's sign-in views with a capped password reset, and the token page."""

from __future__ import annotations

from django.contrib.auth import urls as auth_urls
from django.urls import URLPattern, URLResolver, path

from .password_reset import LimitedPasswordResetView
from .views import api_token_list, api_token_revoke_view

urlpatterns: list[URLPattern | URLResolver] = [
    path("password_reset/", LimitedPasswordResetView.as_view(), name="password_reset"),
    *(p for p in auth_urls.urlpatterns if getattr(p, "name", None) != "password_reset"),
    path("tokens/", api_token_list, name="api_tokens"),
    path("tokens/<id:pk>/revoke/", api_token_revoke_view, name="api_token_revoke"),
]
