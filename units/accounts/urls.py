"""/accounts/: Django's sign-in and password views (a capped reset), the profile, the token
page and the bulk import of people."""

from __future__ import annotations

from django.contrib.auth import urls as auth_urls
from django.urls import URLPattern, URLResolver, path

from .password_reset import LimitedPasswordResetView
from .roster_views import roster_confirm, roster_import, roster_template
from .views import api_token_list, api_token_revoke_view, profile

urlpatterns: list[URLPattern | URLResolver] = [
    path("password_reset/", LimitedPasswordResetView.as_view(), name="password_reset"),
    *(p for p in auth_urls.urlpatterns if getattr(p, "name", None) != "password_reset"),
    path("tokens/", api_token_list, name="api_tokens"),
    path("tokens/<id:pk>/revoke/", api_token_revoke_view, name="api_token_revoke"),
    path("profile/", profile, name="profile"),
    path("import/", roster_import, name="roster_import"),
    path("import/confirm/", roster_confirm, name="roster_confirm"),
    path("import/template.xlsx", roster_template, name="roster_template"),
]
