from __future__ import annotations

import pytest

from accredo.proofs import (
    DidResolutionError,
    DidResolver,
    Ed25519Key,
    HttpDidWebResolver,
    LocalDidResolver,
    did_key,
    did_key_document,
    did_key_verification_method,
    did_web_document,
    did_web_to_url,
)


def test_did_key_forms() -> None:
    key = Ed25519Key.generate()
    assert did_key(key) == f"did:key:{key.public_multibase}"
    vm = did_key_verification_method(key)
    assert vm == f"did:key:{key.public_multibase}#{key.public_multibase}"
    doc = did_key_document(did_key(key))
    assert doc["id"] == did_key(key)
    assert doc["verificationMethod"][0] == {
        "id": vm,
        "type": "Multikey",
        "controller": did_key(key),
        "publicKeyMultibase": key.public_multibase,
    }
    assert doc["assertionMethod"] == [vm]


def test_local_resolver_resolves_did_key_intrinsically() -> None:
    key = Ed25519Key.generate()
    resolver = LocalDidResolver()
    assert isinstance(resolver, DidResolver)
    method = resolver.resolve_verification_method(did_key_verification_method(key))
    assert method.key == key
    assert method.controller == did_key(key)
    assert not method.key.has_secret  # a resolver never hands out secrets


@pytest.mark.parametrize(
    "url",
    [
        "did:key:z6MkNOTAKEY",
        "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme",
        "did:web:example.org#key-1",
        "https://example.org/keys/1",
        "",
    ],
)
def test_local_resolver_refuses_unknown(url: str) -> None:
    with pytest.raises(DidResolutionError):
        LocalDidResolver().resolve_verification_method(url)


def test_did_key_wrong_fragment() -> None:
    a, b = Ed25519Key.generate(), Ed25519Key.generate()
    with pytest.raises(DidResolutionError, match="fragment"):
        LocalDidResolver().resolve_verification_method(f"{did_key(a)}#{b.public_multibase}")


@pytest.mark.parametrize(
    ("did", "url"),
    [
        ("did:web:example.org", "https://example.org/.well-known/did.json"),
        ("did:web:example.org:issuers:a", "https://example.org/issuers/a/did.json"),
        ("did:web:localhost%3A8443", "https://localhost:8443/.well-known/did.json"),
    ],
)
def test_did_web_to_url(did: str, url: str) -> None:
    assert did_web_to_url(did) == url


@pytest.mark.parametrize("did", ["did:key:z6Mk", "did:web:", "did:web:a::b", "did:web:x#frag"])
def test_did_web_to_url_rejects(did: str) -> None:
    with pytest.raises(DidResolutionError):
        did_web_to_url(did)


def test_did_web_document_with_rotation() -> None:
    did = "did:web:example.org:issuers:a"
    new, old = Ed25519Key.generate(), Ed25519Key.generate()
    doc = did_web_document(did, keys=[("key-2", new)], retired=[("key-1", old)])
    ids = [vm["id"] for vm in doc["verificationMethod"]]
    assert ids == [f"{did}#key-2", f"{did}#key-1"]
    assert doc["assertionMethod"] == [f"{did}#key-2", f"{did}#key-1"]
    assert doc["authentication"] == [f"{did}#key-2"]
    resolver = LocalDidResolver([doc])
    assert resolver.resolve_verification_method(f"{did}#key-1").key == old
    m = resolver.resolve_verification_method(f"{did}#key-2")
    assert m.key == new and m.controller == did and "assertionMethod" in m.purposes
    assert resolver.resolve_document(did)["id"] == did


def test_did_web_document_needs_an_active_key() -> None:
    with pytest.raises(DidResolutionError):
        did_web_document("did:web:example.org", keys=[])
    k = Ed25519Key.generate()
    with pytest.raises(DidResolutionError, match="duplicate"):
        did_web_document("did:web:example.org", keys=[("k", k)], retired=[("k", k)])


def test_http_resolver_needs_allow_list_and_refuses_other_hosts() -> None:
    with pytest.raises(DidResolutionError):
        HttpDidWebResolver(allowed_hosts=[])
    resolver = HttpDidWebResolver(allowed_hosts=["issuer.example"], timeout=0.5)
    with pytest.raises(DidResolutionError, match="allow-list"):
        resolver.resolve_verification_method("did:web:evil.example#key-1")
    key = Ed25519Key.generate()
    assert resolver.resolve_verification_method(did_key_verification_method(key)).key == key


def test_http_resolver_fetches_allowed_host_through_transport() -> None:
    import httpx

    did = "did:web:issuer.example:org:1"
    key = Ed25519Key.generate()
    doc = did_web_document(did, keys=[("key-1", key)])
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json=doc)

    resolver = HttpDidWebResolver(
        allowed_hosts=["issuer.example"], timeout=1.0, transport=httpx.MockTransport(handler)
    )
    assert resolver.resolve_verification_method(f"{did}#key-1").key == key
    assert resolver.resolve_verification_method(f"{did}#key-1").key == key  # cached
    assert seen == ["https://issuer.example/org/1/did.json"]


def test_http_resolver_maps_http_errors_and_wrong_documents() -> None:
    import httpx

    did = "did:web:issuer.example"
    other = did_web_document("did:web:evil.example", keys=[("k", Ed25519Key.generate())])
    for response in (
        httpx.Response(404),
        httpx.Response(200, text="not json"),
        httpx.Response(200, json=other),
    ):
        resolver = HttpDidWebResolver(
            allowed_hosts=["issuer.example"],
            transport=httpx.MockTransport(lambda request, r=response: r),
        )
        with pytest.raises(DidResolutionError):
            resolver.resolve_verification_method(f"{did}#k")
