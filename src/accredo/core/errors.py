"""Errors of the domain layer."""

from __future__ import annotations

from collections.abc import Sequence

from accredo.errors import InputError

__all__ = ["MissingEuElementsError", "ModelError"]


class ModelError(InputError):
    """A document does not fit the Open Badges 3.0 model; the message names the field."""


class MissingEuElementsError(InputError):
    """An Achievement marked as a MicroCredential lacks mandatory EU elements.

    :attr:`missing` lists the elements, in the order of the EU Council Recommendation's Annex I.
    """

    def __init__(self, missing: Sequence[str]) -> None:
        self.missing: tuple[str, ...] = tuple(missing)
        super().__init__(
            "a MicroCredential needs every mandatory element of the EU Council Recommendation "
            "of 16 June 2022; missing: " + ", ".join(self.missing)
        )
