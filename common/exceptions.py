"""Errors the domain raises; views and the API turn them into messages and 4xx answers."""

from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    """A rule of the domain was broken; the message is shown to the user as is."""


class Conflict(DomainError):
    """Somebody else changed the object first (a parallel submit, accept or return): the
    action was not applied; the answer is a 409 and the page shows the current state."""
