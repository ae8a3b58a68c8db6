"""Errors raised by :mod:`accredo.proofs`.

Hierarchy::

    AccredoError
    └── ProofError                    anything that stops signing or verifying a proof
        ├── KeyFormatError            a key, multibase string or key file is malformed
        ├── DidResolutionError        a DID / verification method URL cannot be resolved
        └── CanonicalizationError     a document cannot be canonicalised safely
            ├── ContextNotAllowedError   a JSON-LD context URL is not bundled
            └── UndefinedTermError       a term, type or value would be dropped or left undefined

Every third-party exception (pyld, pyoxigraph, cryptography, joserfc) is mapped to one of these at
the module boundary with ``raise … from exc``.
"""

from __future__ import annotations

from accredo.errors import AccredoError

__all__ = [
    "CanonicalizationError",
    "ContextNotAllowedError",
    "DidResolutionError",
    "KeyFormatError",
    "ProofError",
    "UndefinedTermError",
]


class ProofError(AccredoError):
    """A proof cannot be created or does not verify; the message says why in plain language."""


class KeyFormatError(ProofError, ValueError):
    """A key, multibase/multicodec string or key file is malformed."""


class DidResolutionError(ProofError, LookupError):
    """A DID or verification method URL cannot be resolved to a key."""


class CanonicalizationError(ProofError):
    """A JSON-LD document cannot be canonicalised safely."""


class ContextNotAllowedError(CanonicalizationError):
    """A JSON-LD context URL is not bundled with accredo (nothing is ever fetched)."""

    def __init__(self, url: str) -> None:
        super().__init__(f"JSON-LD context {url!r} is not bundled with accredo; it is not allowed")
        self.url = url


class UndefinedTermError(CanonicalizationError):
    """A term, type, IRI or value is not defined by the document's contexts (or is malformed), so
    it would be silently dropped or mapped to an issuer-dependent IRI when signed."""

    def __init__(
        self, term: str, reason: str = "is not defined by the document's @context"
    ) -> None:
        super().__init__(f"{term!r} {reason}")
        self.term = term
