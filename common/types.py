"""The people code acts for, as types.

`Person` is a signed-in user (services that write take one); `Viewer` is whoever asks to
see something, signed in or not (`visible_to` and the selectors take one, and answer an
anonymous viewer with nothing). The project uses Django's own user model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser, User

if TYPE_CHECKING:
    from django.http import HttpRequest
    from rest_framework.request import Request

type Person = User
type Viewer = User | AnonymousUser


def person(request: HttpRequest | Request) -> Person:
    """The signed-in user of a request that could only get here signed in (a page behind
    login_required, an API view that requires authentication)."""
    user = request.user
    assert user.is_authenticated, "only for views that require a signed-in user"
    return user


__all__ = ["Person", "Viewer", "person"]
