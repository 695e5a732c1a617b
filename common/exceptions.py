"""Errors the domain raises; views and the API turn them into messages and 4xx answers."""

from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    """A rule of the domain was broken; the message is shown to the user as is."""
