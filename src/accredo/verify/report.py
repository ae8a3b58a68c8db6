"""The verification report: one :class:`Check` per question asked of a credential."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from accredo.errors import AccredoError

__all__ = ["Check", "CheckStatus", "Report", "VerificationError"]


class CheckStatus(enum.StrEnum):
    """The outcome of one check."""

    PASS = "pass"  # noqa: S105 - a check outcome, not a password
    FAIL = "fail"
    WARNING = "warning"
    NOT_CHECKED = "not-checked"


@dataclass(frozen=True)
class Check:
    """One check: a stable ``name`` (e.g. ``"proof"``), its status and a plain-language message."""

    name: str
    status: CheckStatus
    message: str

    @classmethod
    def passed(cls, name: str, message: str) -> Check:
        return cls(name, CheckStatus.PASS, message)

    @classmethod
    def failed(cls, name: str, message: str) -> Check:
        return cls(name, CheckStatus.FAIL, message)

    @classmethod
    def warning(cls, name: str, message: str) -> Check:
        return cls(name, CheckStatus.WARNING, message)

    @classmethod
    def not_checked(cls, name: str, message: str) -> Check:
        return cls(name, CheckStatus.NOT_CHECKED, message)

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "status": self.status.value, "message": self.message}


@dataclass(frozen=True)
class Report:
    """Everything the verifier found out about one credential.

    ``verified`` is true only when there is at least one check, none failed, and the ``proof``
    check passed: an empty report, or one that never checked a signature, never verifies.
    """

    checks: tuple[Check, ...]
    format: str = "unknown"  # "json" | "vc-jwt" | "unknown"
    credential: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    @property
    def verified(self) -> bool:
        if not self.checks or any(c.status is CheckStatus.FAIL for c in self.checks):
            return False
        return any(c.name == "proof" and c.status is CheckStatus.PASS for c in self.checks)

    def get(self, name: str) -> Check | None:
        """The check called ``name``, if it was run."""
        return next((c for c in self.checks if c.name == name), None)

    @property
    def failed(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.status is CheckStatus.FAIL)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``{"verified", "format", "id", "issuer", "checks": [...]}``."""
        cred = self.credential or {}
        issuer = cred.get("issuer")
        if isinstance(issuer, dict):
            issuer = issuer.get("id")
        return {
            "verified": self.verified,
            "format": self.format,
            "id": cred.get("id") if isinstance(cred.get("id"), str) else None,
            "issuer": issuer if isinstance(issuer, str) else None,
            "checks": [c.to_dict() for c in self.checks],
        }


class VerificationError(AccredoError):
    """A credential did not verify; :attr:`report` says which checks failed and why."""

    def __init__(self, report: Report) -> None:
        self.report = report
        failed = report.failed
        reasons = "; ".join(f"{c.name}: {c.message}" for c in failed) or "no proof was verified"
        super().__init__(f"the credential does not verify ({reasons})")
