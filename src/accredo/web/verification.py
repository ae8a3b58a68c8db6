"""Verify credentials against this platform's own DIDs and status lists, fetching nothing.

The resolver knows the ``did:web`` documents this server publishes (``/orgs/{slug}/did.json``)
and ``did:key``; status lists are read through the status service. Anything else is reported
as unresolvable, never fetched (see STYLE.md: "credential verification fetches nothing").

This composition belongs in ``accredo.services`` once it offers one; until then it sits here,
built only from service and verifier calls.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping
from typing import Any

from accredo.errors import AccredoError
from accredo.proofs.did import LocalDidResolver, VerificationMethod
from accredo.proofs.errors import DidResolutionError
from accredo.services import organisations
from accredo.services.ledger import ledger_checks
from accredo.services.platform import Platform
from accredo.services.status import get_credential_status, get_status_list_text
from accredo.verify import Check, CredentialSource, Report, check_credential

__all__ = [
    "PlatformDidResolver",
    "PlatformStatusLists",
    "PlatformVerifier",
    "check_with_platform",
    "issuer_record_check",
]

_STATUS_PATH = re.compile(r"^/orgs/([a-z0-9-]{1,63})/status/(revocation|suspension)/(\d{1,9})$")


class PlatformDidResolver:
    """did:key, plus the did:web documents of this platform's organisations.

    Documents are cached for ``ttl`` seconds; a method missing from a cached document causes
    one fresh read (keys are only ever added: rotation keeps retired keys in the document).
    """

    def __init__(self, platform: Platform, *, ttl: float = 60.0) -> None:
        self._platform = platform
        self._prefix = f"did:web:{platform.settings.host}:orgs:"
        self._local = LocalDidResolver()
        self._ttl = ttl
        self._cache: dict[str, tuple[float, LocalDidResolver]] = {}

    def _resolver(self, slug: str, *, fresh: bool) -> LocalDidResolver | None:
        now = time.monotonic()
        hit = self._cache.get(slug)
        if hit is not None and not fresh and hit[0] > now:
            return hit[1]
        try:
            doc = organisations.did_document(self._platform, slug)
        except AccredoError:
            self._cache.pop(slug, None)
            return None
        resolver = LocalDidResolver([doc])
        self._cache[slug] = (now + self._ttl, resolver)
        return resolver

    def resolve_verification_method(self, url: str) -> VerificationMethod:
        if isinstance(url, str) and url.startswith(self._prefix):
            slug = url[len(self._prefix) :].partition("#")[0]
            if slug and ":" not in slug:
                resolver = self._resolver(slug, fresh=False)
                if resolver is not None:
                    try:
                        return resolver.resolve_verification_method(url)
                    except DidResolutionError:
                        resolver = self._resolver(slug, fresh=True)
                        if resolver is not None:
                            return resolver.resolve_verification_method(url)
        return self._local.resolve_verification_method(url)


class PlatformStatusLists:
    """Status list credentials published by this platform (others: not obtainable).

    Every call reads the list's stored signed text (one indexed read-only query), so a status
    change committed before a verification is seen by it. Only the parse is cached, keyed by
    that text: a re-signed list is a different text, hence a fresh parse.
    """

    def __init__(self, platform: Platform) -> None:
        self._platform = platform
        self._base = platform.settings.base_url
        self._parsed: dict[str, tuple[str, Mapping[str, Any]]] = {}

    def get(self, url: str) -> Mapping[str, Any] | None:
        if not url.startswith(self._base + "/"):
            return None
        match = _STATUS_PATH.match(url[len(self._base) :])
        if match is None:
            return None
        slug, purpose, seq = match.group(1), match.group(2), int(match.group(3))
        try:
            text = get_status_list_text(self._platform, slug, purpose, seq)
        except AccredoError:
            return None
        hit = self._parsed.get(url)
        if hit is not None and hit[0] == text:
            return hit[1]
        doc: Mapping[str, Any] = json.loads(text)
        if len(self._parsed) > 10_000:
            self._parsed.clear()
        self._parsed[url] = (text, doc)
        return doc


_RECORD = "issuer-record"
_CREDENTIAL_PATH = re.compile(r"^/credentials/([0-9a-f-]{36})$")


def issuer_record_check(platform: Platform) -> Callable[[dict[str, Any]], Check]:
    """An extra check for credentials issued here: what the issuer's record says now.

    Suspensions are published in the suspension status list but (for OB 3.0 schema
    conformance) not referenced from the credential, so only the issuer's record shows them.
    """
    base = platform.settings.base_url

    def check(credential: dict[str, Any]) -> Check:
        cid = credential.get("id")
        match = None
        if isinstance(cid, str) and cid.startswith(base + "/"):
            match = _CREDENTIAL_PATH.match(cid[len(base) :])
        if match is None:
            return Check.not_checked(_RECORD, "the credential was not issued on this site")
        try:
            info = get_credential_status(platform, match.group(1))
        except AccredoError:
            return Check.failed(_RECORD, "this site has no record of issuing this credential")
        if info.status == "active":
            return Check.passed(_RECORD, "the issuer's record shows it as active")
        reason = f": {info.status_reason}" if info.status_reason else ""
        return Check.failed(_RECORD, f"the issuer's record shows it as {info.status}{reason}")

    check.__name__ = _RECORD
    return check


class PlatformVerifier:
    """One per app: the verifier with this platform's resolver, status lists and record check."""

    def __init__(self, platform: Platform) -> None:
        self.platform = platform
        self.resolver = PlatformDidResolver(platform)
        self.status_lists = PlatformStatusLists(platform)
        self.extra = (issuer_record_check(platform), *ledger_checks(platform))
        self.extra_anchored = (
            issuer_record_check(platform),
            *ledger_checks(platform, anchors=True),
        )

    def check(self, data: CredentialSource, *, anchors: bool = False) -> Report:
        """The verifier's report for *data*; never raises on bad input. The transparency log's
        inclusion is always checked; ``anchors`` also checks the chain anchor (may be slow)."""
        return check_credential(
            data,
            resolver=self.resolver,
            status_lists=self.status_lists,
            extra_checks=self.extra_anchored if anchors else self.extra,
        )


def check_with_platform(platform: Platform, data: CredentialSource) -> Report:
    """One-off check (no caches shared across calls); the app uses :class:`PlatformVerifier`."""
    return PlatformVerifier(platform).check(data)
