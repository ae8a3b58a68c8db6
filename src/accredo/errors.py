"""The one error root. Every error accredo raises on purpose derives from :class:`AccredoError`.

Each layer defines its own subclasses next to its code (``accredo.proofs.errors`` …); the web layer
maps them to RFC 9457 problem responses in one table.
"""

from __future__ import annotations

__all__ = ["AccredoError", "ConflictError", "InputError", "NotFoundError", "PermissionDeniedError"]


class AccredoError(Exception):
    """Root of every error accredo raises on purpose."""


class InputError(AccredoError, ValueError):
    """The caller's input is malformed or breaks a rule; the message says which and why."""


class NotFoundError(AccredoError, LookupError):
    """No such thing — or it belongs to another organisation (we never say which)."""


class PermissionDeniedError(AccredoError):
    """The caller is known but may not do this."""


class ConflictError(AccredoError):
    """The request conflicts with the current state (a duplicate, a stale version)."""
