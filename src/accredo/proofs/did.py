"""DIDs: ``did:key`` (Ed25519) and ``did:web`` documents, and resolvers.

Specs: https://w3c-ccg.github.io/did-method-key/ and https://w3c-ccg.github.io/did-method-web/.

Key rotation: :func:`did_web_document` keeps *retired* keys in ``verificationMethod`` **and**
``assertionMethod``, so credentials signed before the rotation keep verifying. A retired key is no
longer used to sign (the issuing side picks an active key), and revoking what it signed is the job
of the status list, not of the DID document. A key that was compromised must be removed instead.

>>> from accredo.proofs.keys import Ed25519Key
>>> from accredo.proofs.did import LocalDidResolver, did_key_verification_method
>>> key = Ed25519Key.generate()
>>> vm = did_key_verification_method(key)
>>> LocalDidResolver().resolve_verification_method(vm).key == key
True
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable
from urllib.parse import unquote

from accredo.proofs.errors import DidResolutionError, KeyFormatError
from accredo.proofs.keys import Ed25519Key

__all__ = [
    "DidResolver",
    "HttpDidWebResolver",
    "LocalDidResolver",
    "VerificationMethod",
    "did_key",
    "did_key_document",
    "did_key_verification_method",
    "did_web_document",
    "did_web_to_url",
]

_DID_KEY_PURPOSES = frozenset(
    {"assertionMethod", "authentication", "capabilityInvocation", "capabilityDelegation"}
)
DID_CONTEXTS = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]


@dataclass(frozen=True)
class VerificationMethod:
    """A resolved verification method: its URL, its controller (a DID) and its public key.

    ``purposes`` lists the verification relationships it appears in (``assertionMethod`` …)."""

    id: str
    controller: str
    key: Ed25519Key
    purposes: frozenset[str] = frozenset({"assertionMethod", "authentication"})


@runtime_checkable
class DidResolver(Protocol):
    """Resolves a verification method URL to its key; raises :class:`DidResolutionError`."""

    def resolve_verification_method(self, url: str) -> VerificationMethod: ...


def did_key(key: Ed25519Key) -> str:
    """``did:key:z6Mk…`` for ``key``."""
    return f"did:key:{key.public_multibase}"


def did_key_verification_method(key: Ed25519Key) -> str:
    """``did:key:z6Mk…#z6Mk…``: the verification method URL of ``key``'s did:key."""
    return f"did:key:{key.public_multibase}#{key.public_multibase}"


def _key_from_did_key(did: str) -> Ed25519Key:
    if not did.startswith("did:key:"):
        raise DidResolutionError(f"{did!r} is not a did:key")
    try:
        return Ed25519Key.from_public_multibase(did[len("did:key:") :])
    except KeyFormatError as exc:
        raise DidResolutionError(f"{did!r} is not an Ed25519 did:key: {exc}") from exc


def _multikey_vm(vm_id: str, controller: str, key: Ed25519Key) -> dict[str, str]:
    return {
        "id": vm_id,
        "type": "Multikey",
        "controller": controller,
        "publicKeyMultibase": key.public_multibase,
    }


def did_key_document(did: str) -> dict[str, Any]:
    """The DID document of an Ed25519 did:key (Multikey form)."""
    key = _key_from_did_key(did)
    vm_id = f"{did}#{key.public_multibase}"
    return {
        "@context": list(DID_CONTEXTS),
        "id": did,
        "verificationMethod": [_multikey_vm(vm_id, did, key)],
        "authentication": [vm_id],
        "assertionMethod": [vm_id],
        "capabilityDelegation": [vm_id],
        "capabilityInvocation": [vm_id],
    }


def did_web_to_url(did: str) -> str:
    """The HTTPS URL of a did:web's document (``did:web:example.com:org:a`` →
    ``https://example.com/org/a/did.json``; no path → ``/.well-known/did.json``)."""
    if not did.startswith("did:web:") or "#" in did or "?" in did:
        raise DidResolutionError(f"{did!r} is not a did:web")
    parts = did[len("did:web:") :].split(":")
    if not parts[0] or any(not p for p in parts):
        raise DidResolutionError(f"{did!r} is not a well-formed did:web")
    host = unquote(parts[0])
    if "/" in host or " " in host:
        raise DidResolutionError(f"{did!r} has a malformed host")
    if len(parts) == 1:
        return f"https://{host}/.well-known/did.json"
    return "https://" + host + "/" + "/".join(parts[1:]) + "/did.json"


def did_web_document(
    did: str,
    *,
    keys: Sequence[tuple[str, Ed25519Key]],
    retired: Sequence[tuple[str, Ed25519Key]] = (),
) -> dict[str, Any]:
    """A did:web document with Multikey verification methods.

    ``keys`` and ``retired`` are (fragment, key) pairs; a fragment ``"key-1"`` gives the method
    ``did#key-1``. Active keys are in ``assertionMethod`` and ``authentication``; retired keys stay
    in ``verificationMethod`` and ``assertionMethod`` (so old credentials verify) but not in
    ``authentication``.
    """
    did_web_to_url(did)  # validates
    if not keys:
        raise DidResolutionError("a did:web document needs at least one active key")
    vms: list[dict[str, str]] = []
    assertion: list[str] = []
    auth: list[str] = []
    seen: set[str] = set()
    for group, is_active in ((keys, True), (retired, False)):
        for fragment, key in group:
            vm_id = f"{did}#{fragment.lstrip('#')}"
            if vm_id in seen:
                raise DidResolutionError(f"duplicate verification method {vm_id!r}")
            seen.add(vm_id)
            vms.append(_multikey_vm(vm_id, did, key))
            assertion.append(vm_id)
            if is_active:
                auth.append(vm_id)
    return {
        "@context": list(DID_CONTEXTS),
        "id": did,
        "verificationMethod": vms,
        "authentication": auth,
        "assertionMethod": assertion,
    }


def _methods_of(doc: Mapping[str, Any]) -> dict[str, VerificationMethod]:
    """Index a DID document's Multikey / Ed25519VerificationKey2020 methods by absolute id."""
    did = doc.get("id")
    if not isinstance(did, str) or ":" not in did:
        raise DidResolutionError("a DID (or controller) document needs an 'id' that is a URL")

    def absolute(ref: str) -> str:
        return did + ref if ref.startswith("#") else ref

    purposes: dict[str, set[str]] = {}
    for rel in (
        "assertionMethod",
        "authentication",
        "capabilityInvocation",
        "capabilityDelegation",
    ):
        for entry in doc.get(rel, []) or []:
            ref = (
                entry
                if isinstance(entry, str)
                else entry.get("id")
                if isinstance(entry, Mapping)
                else None
            )
            if isinstance(ref, str):
                purposes.setdefault(absolute(ref), set()).add(rel)

    entries: list[Any] = list(doc.get("verificationMethod", []) or [])
    for rel in ("assertionMethod", "authentication"):
        entries.extend(e for e in doc.get(rel, []) or [] if isinstance(e, Mapping))
    out: dict[str, VerificationMethod] = {}
    for entry in entries:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("id"), str):
            raise DidResolutionError("a verification method needs an 'id'")
        vm_id = absolute(entry["id"])
        controller = entry.get("controller", did)
        pkm = entry.get("publicKeyMultibase")
        if entry.get("type") not in ("Multikey", "Ed25519VerificationKey2020") or not isinstance(
            pkm, str
        ):
            continue  # other key types are not ours to use
        try:
            key = Ed25519Key.from_public_multibase(pkm)
        except KeyFormatError as exc:
            raise DidResolutionError(f"verification method {vm_id!r}: {exc}") from exc
        out[vm_id] = VerificationMethod(
            id=vm_id,
            controller=str(controller),
            key=key,
            purposes=frozenset(purposes.get(vm_id, set())),
        )
    return out


class LocalDidResolver:
    """Resolves ``did:key`` intrinsically and DID documents registered with :meth:`add_document`.

    Never touches the network.
    """

    def __init__(self, documents: Iterable[Mapping[str, Any]] = ()) -> None:
        self._methods: dict[str, VerificationMethod] = {}
        self._did_keys: dict[str, VerificationMethod] = {}
        self._documents: dict[str, dict[str, Any]] = {}
        for doc in documents:
            self.add_document(doc)

    def add_document(self, doc: Mapping[str, Any]) -> None:
        """Register a DID document (did:web or any other method) or a controller document."""
        methods = _methods_of(doc)
        self._documents[str(doc["id"])] = json.loads(json.dumps(doc))
        self._methods.update(methods)

    def add_verification_method(self, method: VerificationMethod) -> None:
        """Register one verification method directly (e.g. an issuer's https:// key URL)."""
        self._methods[method.id] = method

    def resolve_document(self, did: str) -> dict[str, Any]:
        """The DID document of ``did``."""
        if did.startswith("did:key:"):
            return did_key_document(did)
        try:
            return self._documents[did]
        except KeyError:
            raise DidResolutionError(f"DID {did!r} is not known to this resolver") from None

    def resolve_verification_method(self, url: str) -> VerificationMethod:
        if not isinstance(url, str) or not url:
            raise DidResolutionError("a verification method must be a URL string")
        if url.startswith("did:key:"):
            cached = self._did_keys.get(url)
            if cached is not None:
                return cached
            method = self._resolve_did_key(url)
            if len(self._did_keys) > 10_000:
                self._did_keys.clear()
            self._did_keys[url] = method
            return method
        try:
            return self._methods[url]
        except KeyError:
            raise DidResolutionError(
                f"verification method {url!r} is not known to this resolver"
            ) from None

    @staticmethod
    def _resolve_did_key(url: str) -> VerificationMethod:
        did, _, fragment = url.partition("#")
        key = _key_from_did_key(did)
        if fragment and fragment != key.public_multibase:
            raise DidResolutionError(f"{url!r}: the fragment does not name the did:key's key")
        return VerificationMethod(
            id=f"{did}#{key.public_multibase}",
            controller=did,
            key=key,
            purposes=_DID_KEY_PURPOSES,
        )


class HttpDidWebResolver:
    """Resolves did:web over HTTPS for hosts on an explicit allow-list, with a timeout.

    Never used by default; verification fetches nothing unless a caller builds one of these.
    Resolved documents are cached for the resolver's lifetime. ``did:key`` resolves locally.
    """

    def __init__(
        self,
        *,
        allowed_hosts: Iterable[str],
        timeout: float = 5.0,
        transport: Any = None,
    ) -> None:
        """``transport`` is an optional ``httpx.BaseTransport`` (tests pass a MockTransport)."""
        self._allowed = frozenset(h.lower() for h in allowed_hosts)
        if not self._allowed:
            raise DidResolutionError("HttpDidWebResolver needs a non-empty allow-list of hosts")
        if not 0 < timeout <= 60:
            raise DidResolutionError("the did:web timeout must be between 0 and 60 seconds")
        self._timeout = timeout
        self._transport = transport
        self._local = LocalDidResolver()
        self._fetched: set[str] = set()

    def resolve_verification_method(self, url: str) -> VerificationMethod:
        if not isinstance(url, str):
            raise DidResolutionError("a verification method must be a URL string")
        did = url.partition("#")[0]
        if did.startswith("did:web:") and did not in self._fetched:
            self._local.add_document(self._fetch(did))
            self._fetched.add(did)
        return self._local.resolve_verification_method(url)

    def _fetch(self, did: str) -> dict[str, Any]:
        import httpx

        doc_url = did_web_to_url(did)
        host = httpx.URL(doc_url).host.lower()
        if host not in self._allowed:
            raise DidResolutionError(f"did:web host {host!r} is not on the allow-list")
        try:
            with httpx.Client(
                timeout=self._timeout, follow_redirects=False, transport=self._transport
            ) as client:
                response = client.get(doc_url, headers={"Accept": "application/did+json"})
                response.raise_for_status()
                if len(response.content) > 1_000_000:
                    raise DidResolutionError(f"the DID document of {did!r} is too large")
                doc = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise DidResolutionError(f"could not fetch the DID document of {did!r}") from exc
        if not isinstance(doc, dict) or doc.get("id") != did:
            raise DidResolutionError(f"the document fetched for {did!r} does not describe it")
        return doc
