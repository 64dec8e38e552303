"""The base of every domain error a user can fix: a Vietnamese message, and the form field it belongs to."""

from __future__ import annotations


class DomainError(Exception):
    """Refused for a reason the user can fix. Views attach `message` to `field` (or flash it)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
