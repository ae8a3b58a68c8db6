"""Errors raised by the rendering layer; each derives from :class:`accredo.errors.AccredoError`."""

from __future__ import annotations

from collections.abc import Sequence

from accredo.errors import AccredoError, InputError

__all__ = [
    "DesignError",
    "ExtractionError",
    "FontUploadError",
    "ImageUploadError",
    "RenderError",
]


class RenderError(AccredoError):
    """Rendering failed for a reason that is not the caller's input (a broken toolchain)."""


class DesignError(InputError):
    """A design document is invalid. ``problems`` lists every problem found, one per entry.

    Each entry reads ``"<json path>: <what is wrong>"`` so the builder can point at the field.
    """

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        shown = "; ".join(self.problems[:20])
        more = f" (and {len(self.problems) - 20} more)" if len(self.problems) > 20 else ""
        super().__init__(f"invalid design: {shown}{more}")


class ExtractionError(InputError):
    """No credential, several credentials, or a malformed one inside a PDF / PNG / SVG."""


class ImageUploadError(InputError):
    """An uploaded image is not an acceptable PNG / JPEG / WebP / SVG."""


class FontUploadError(InputError):
    """An uploaded font is not an acceptable TTF / OTF / WOFF / WOFF2 file."""
