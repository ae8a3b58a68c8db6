from __future__ import annotations

from pathlib import Path

import pytest

from accredo.proofs import ContextNotAllowedError, canonize_rdfc
from accredo.proofs.contexts import bundled_urls, document_loader, is_bundled, load_context


def test_every_indexed_context_but_the_core_one_is_present() -> None:
    missing = {u for u in bundled_urls() if not is_bundled(u)}
    assert missing <= {"https://accredo.dev/contexts/eu-microcredential/v1"}
    assert "https://www.w3.org/ns/credentials/v2" in bundled_urls()


def test_bundled_copies_match_shared_vectors(vectors: Path) -> None:
    import json

    for url in (
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ):
        rel = url.removeprefix("https://")
        if url.endswith("/v2"):
            rel += ".jsonld"
        assert load_context(url) == json.loads((vectors / "contexts" / rel).read_text())


def test_loader_returns_remote_document_and_caches() -> None:
    url = "https://www.w3.org/ns/credentials/v2"
    doc = document_loader(url, {})
    assert doc["documentUrl"] == url
    assert doc["document"] is load_context(url)  # parsed once


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/context.json",
        "http://www.w3.org/ns/credentials/v2",  # http, not https
        "https://www.w3.org/ns/credentials/v2/",
        "file:///etc/passwd",
    ],
)
def test_loader_refuses_unknown_urls_naming_them(url: str) -> None:
    with pytest.raises(ContextNotAllowedError) as info:
        document_loader(url, {})
    assert url in str(info.value)
    assert info.value.url == url


def test_canonicalisation_refuses_unknown_context_naming_it() -> None:
    doc = {
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://evil.example/ctx"],
        "type": "VerifiableCredential",
    }
    with pytest.raises(ContextNotAllowedError, match=r"evil\.example"):
        canonize_rdfc(doc)


def test_canonicalisation_refuses_unknown_nested_context() -> None:
    doc = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": "VerifiableCredential",
        "credentialSubject": {"@context": "https://evil.example/nested", "id": "did:example:1"},
    }
    with pytest.raises(ContextNotAllowedError, match=r"evil\.example/nested"):
        canonize_rdfc(doc)
