"""Verify credentials against this platform's own DIDs and status lists, fetching nothing.

The resolver knows the ``did:web`` documents this server publishes (``/orgs/{slug}/did.json``)
and ``did:key``; status lists are read through the status service. Anything else is reported
as unresolvable, never fetched (see STYLE.md: "credential verification fetches nothing").

This composition belongs in ``accredo.services`` once it offers one; until then it sits here,
built only from service and verifier calls.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from accredo.errors import AccredoError
from accredo.proofs.did import LocalDidResolver, VerificationMethod
from accredo.services import organisations
from accredo.services.platform import Platform
from accredo.services.status import get_status_list_credential
from accredo.verify import CredentialSource, Report, check_credential

__all__ = ["PlatformDidResolver", "PlatformStatusLists", "check_with_platform"]

_STATUS_PATH = re.compile(r"^/orgs/([a-z0-9-]{1,63})/status/(revocation|suspension)/(\d{1,9})$")


class PlatformDidResolver:
    """did:key, plus the did:web documents of this platform's organisations."""

    def __init__(self, platform: Platform) -> None:
        self._platform = platform
        self._prefix = f"did:web:{platform.settings.host}:orgs:"
        self._local = LocalDidResolver()

    def resolve_verification_method(self, url: str) -> VerificationMethod:
        if isinstance(url, str) and url.startswith(self._prefix):
            slug = url[len(self._prefix) :].partition("#")[0]
            if slug and ":" not in slug:
                try:
                    doc = organisations.did_document(self._platform, slug)
                except AccredoError:
                    doc = None
                if doc is not None:
                    return LocalDidResolver([doc]).resolve_verification_method(url)
        return self._local.resolve_verification_method(url)


class PlatformStatusLists:
    """Status list credentials published by this platform (others: not obtainable)."""

    def __init__(self, platform: Platform) -> None:
        self._platform = platform
        self._base = platform.settings.base_url

    def get(self, url: str) -> Mapping[str, Any] | None:
        if not url.startswith(self._base + "/"):
            return None
        match = _STATUS_PATH.match(url[len(self._base) :])
        if match is None:
            return None
        slug, purpose, seq = match.group(1), match.group(2), int(match.group(3))
        try:
            return get_status_list_credential(self._platform, slug, purpose, seq)
        except AccredoError:
            return None


def check_with_platform(platform: Platform, data: CredentialSource) -> Report:
    """The verifier's report for *data*, resolving keys and status through this platform."""
    return check_credential(
        data,
        resolver=PlatformDidResolver(platform),
        status_lists=PlatformStatusLists(platform),
    )
