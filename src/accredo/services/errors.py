"""Errors of the services layer (all derive from :class:`accredo.errors.AccredoError`)."""

from __future__ import annotations

from accredo.errors import AccredoError, ConflictError, InputError

__all__ = ["AuthenticationError", "CsvError", "DuplicateError", "InvalidStateError"]


class AuthenticationError(AccredoError):
    """Wrong email/password, or an unknown, expired or revoked API token (never says which)."""


class DuplicateError(ConflictError):
    """A unique thing (slug, email, achievement key) already exists."""


class InvalidStateError(ConflictError):
    """The operation does not apply in the current state (e.g. unsuspend an active credential)."""


class CsvError(InputError):
    """An uploaded CSV cannot be read at all (encoding, size, header). Row problems are reported
    per row in a :class:`~accredo.services.types.BulkPreview` instead."""
