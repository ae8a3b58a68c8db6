"""Canonicalisation: RDFC-1.0 canonical N-Quads of a JSON-LD document, and JCS (RFC 8785).

Specs: https://www.w3.org/TR/rdf-canon/ and https://www.rfc-editor.org/rfc/rfc8785.

JSON-LD → RDF runs offline over the bundled contexts only. **Safety** (see ADR 0001): a term or type
the contexts do not define, a relative or malformed IRI, or a malformed date makes canonicalisation
fail with :class:`UndefinedTermError` instead of being silently dropped (pyld's default) or mapped
to an ``issuer-dependent`` IRI. Two paths produce the same bytes: a fast expansion for the compact
shapes credentials use (``accredo.proofs._fastrdf``), and the full pyld algorithm for anything else.
Blank nodes are relabelled by pyoxigraph's RDFC-1.0.

>>> from accredo.proofs.canon import canonize_rdfc, canonize_jcs
>>> doc = {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:x:1",
...        "type": "VerifiableCredential", "issuer": "did:example:1", "name": "Teamwork"}
>>> print(canonize_rdfc(doc).splitlines()[1])
<urn:x:1> <https://schema.org/name> "Teamwork" .
>>> canonize_rdfc({**doc, "nmae": "typo"})
Traceback (most recent call last):
accredo.proofs.errors.UndefinedTermError: 'nmae' is not defined by the document's @context
>>> canonize_jcs({"b": 1, "a": "x"})
b'{"a":"x","b":1}'
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, cast

import pyoxigraph
import rfc8785
from pyld import jsonld
from pyld.canon import URDNA2015, UnknownFormatError

from accredo.proofs.contexts import document_loader, load_context
from accredo.proofs.errors import CanonicalizationError, ContextNotAllowedError, UndefinedTermError

__all__ = [
    "ISSUER_DEPENDENT",
    "canonize_jcs",
    "canonize_jcs_reference",
    "canonize_nquads",
    "canonize_rdfc",
    "canonize_rdfc_full",
    "to_nquads",
    "to_nquads_full",
]

ISSUER_DEPENDENT = "https://www.w3.org/ns/credentials/issuer-dependent#"
# Relative IRIs are resolved against this base during expansion so that they can be recognised
# (pyld would otherwise resolve them against http://example.org/base/ or drop them).
RELATIVE_BASE = "https://relative-iri.accredo.invalid/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`\x00-\x20]*$")
_DATETIME = re.compile(
    r"^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?"
    r"(Z|[+-](0\d|1[0-4]):[0-5]\d)?$"
)
_DATE = re.compile(r"^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(Z|[+-](0\d|1[0-4]):[0-5]\d)?$")
_DATE_OR_DATETIME = re.compile(f"{_DATETIME.pattern}|{_DATE.pattern}")
# A bare date typed as xsd:dateTime occurs in published vectors (vc-di-eddsa employ/), so it is
# tolerated; anything that is not a date at all ("yesterday") is refused.
_LEXICAL_CHECKS: dict[str, re.Pattern[str]] = {
    XSD + "dateTime": _DATE_OR_DATETIME,
    XSD + "dateTimeStamp": _DATETIME,
    XSD + "date": _DATE,
}


class _NotPlainError(Exception):
    pass


def _jcs_ready(value: Any, depth: int = 0) -> Any:
    """A copy that ``json.dumps(sort_keys=True)`` serialises exactly as RFC 8785, or raise
    :class:`_NotPlainError`. Integral floats become ints (ES ``5`` not ``5.0``); other floats are
    kept only where Python's repr equals ECMAScript's (1e-4 ≤ |x| < 1e16); integers stay within
    ±2^53; keys are ASCII (so code-point order equals UTF-16 order)."""
    if depth > 100:
        raise _NotPlainError
    if isinstance(value, str) or value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        if -(2**53) < value < 2**53:
            return value
        raise _NotPlainError
    if isinstance(value, float):
        if value.is_integer():
            if abs(value) < 2**53:
                return int(value)
            raise _NotPlainError  # ECMAScript prints shortest digits padded with zeros
        if 1e-4 <= abs(value) < 1e16:
            return value
        raise _NotPlainError
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if not isinstance(k, str) or not k.isascii():
                raise _NotPlainError
            out[k] = _jcs_ready(v, depth + 1)
        return out
    if isinstance(value, list):
        return [_jcs_ready(v, depth + 1) for v in value]
    raise _NotPlainError


def canonize_jcs(obj: object) -> bytes:
    """The JSON Canonicalization Scheme (RFC 8785) bytes of ``obj``."""
    try:
        ready = _jcs_ready(obj)
        text = json.dumps(ready, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return text.encode("utf-8")
    except (_NotPlainError, UnicodeEncodeError, ValueError):
        return canonize_jcs_reference(obj)  # the general (slower) implementation decides


def canonize_jcs_reference(obj: object) -> bytes:
    """RFC 8785 by the ``rfc8785`` package only: the reference :func:`canonize_jcs` is tested
    against."""
    try:
        return bytes(rfc8785.dumps(cast("Any", obj)))
    except (rfc8785.CanonicalizationError, TypeError, ValueError, RecursionError) as exc:
        raise CanonicalizationError(f"cannot canonicalise as JCS: {exc}") from exc


def canonize_rdfc(doc: Mapping[str, Any], *, strict: bool = True) -> str:
    """RDFC-1.0 canonical N-Quads of JSON-LD ``doc``.

    ``strict`` (signing) also rejects terms that only resolve through the VC 2.0
    ``issuer-dependent`` ``@vocab``; non-strict (verifying) accepts those, since they are signed,
    but still rejects anything that would be dropped.
    """
    from accredo.proofs import _fastrdf

    fast = _fastrdf.try_canonize(doc, strict=strict)
    if fast is not None:
        return fast
    return canonize_rdfc_full(doc, strict=strict)


def to_nquads(doc: Mapping[str, Any], *, strict: bool = True) -> str:
    """Non-canonical N-Quads of ``doc`` (fast path when it applies, else the full algorithm)."""
    from accredo.proofs import _fastrdf

    result = _fastrdf.try_to_nquads(doc, strict=strict)
    if result is not None:
        return result
    return to_nquads_full(doc, strict=strict)


# Where pyoxigraph's serialisation differs from pyld's (and the JavaScript reference's): control
# characters other than \t \n \r (pyoxigraph escapes them as \uXXXX) and language tags with
# capitals (pyoxigraph lowercases them); U+0085, U+2028 and U+2029 are kept away from every
# line-based parser. Such documents are canonicalised by pyld instead.
OXIGRAPH_DIFFERS = re.compile(
    '[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u2028\\u2029]|"@(?=[A-Za-z0-9-]*[A-Z])'
)


def canonize_nquads(nquads: str) -> str:
    """RDFC-1.0 canonical form of an N-Quads document, lines sorted (see ADR 0001)."""
    if OXIGRAPH_DIFFERS.search(nquads):
        return _canonize_nquads_pyld(nquads)
    if "_:" not in nquads:
        # no blank nodes: the canonical form is the sorted set of lines
        return "".join(sorted({line + "\n" for line in nquads.split("\n") if line}))
    try:
        dataset = pyoxigraph.Dataset(pyoxigraph.parse(nquads, pyoxigraph.RdfFormat.N_QUADS))
    except SyntaxError as exc:
        raise CanonicalizationError(f"malformed IRI or literal: {exc}") from exc
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    out = pyoxigraph.serialize(dataset, format=pyoxigraph.RdfFormat.N_QUADS)
    assert out is not None
    return "".join(sorted(line + "\n" for line in out.decode("utf-8").split("\n") if line))


def _canonize_nquads_pyld(nquads: str) -> str:
    try:
        out = jsonld.normalize(
            nquads,
            {
                "algorithm": "URDNA2015",
                "inputFormat": "application/n-quads",
                "format": "application/n-quads",
            },
        )
    except jsonld.JsonLdError as exc:
        raise CanonicalizationError(f"malformed N-Quads: {_jsonld_message(exc)}") from exc
    return str(out)


def canonize_rdfc_full(doc: Mapping[str, Any], *, strict: bool = True) -> str:
    """RDFC-1.0 by the full pyld algorithm only (expansion, toRdf and URDNA2015, with accredo's
    safety checks): the reference the fast path is tested against."""
    dataset = _dataset_full(doc, strict=strict)
    try:
        out = URDNA2015().main(dataset, {"format": "application/n-quads"})
    except (jsonld.JsonLdError, UnknownFormatError) as exc:  # pragma: no cover - defensive
        raise CanonicalizationError(f"cannot canonicalise: {_jsonld_message(exc)}") from exc
    return str(out)


# --- the full algorithm (pyld) ------------------------------------------------------------------


def _check_contexts(value: Any, depth: int = 0) -> None:
    """Refuse any remote context URL that is not bundled (before pyld sees it)."""
    if depth > 200:
        raise CanonicalizationError("document nests too deeply")
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "@context":
                for c in v if isinstance(v, list) else [v]:
                    if isinstance(c, str):
                        load_context(c)
            _check_contexts(v, depth + 1)
    elif isinstance(value, list):
        for v in value:
            _check_contexts(v, depth + 1)


def _find_cause(exc: BaseException) -> ContextNotAllowedError | None:
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        if isinstance(cur, ContextNotAllowedError):
            return cur
        seen.add(id(cur))
        details = getattr(cur, "details", None)
        if isinstance(details, dict):
            for v in details.values():
                if isinstance(v, ContextNotAllowedError):
                    return v
        cur = cur.__cause__ or cur.__context__
    return None


def _term_name(iri: str) -> str:
    if iri.startswith(ISSUER_DEPENDENT):
        return iri[len(ISSUER_DEPENDENT) :]
    return iri


def check_iri(iri: Any, what: str, *, strict: bool) -> None:
    """Raise :class:`UndefinedTermError` unless ``iri`` is an absolute IRI or blank node id."""
    if not isinstance(iri, str):
        raise UndefinedTermError(repr(iri), f"is not a valid {what}")
    if iri.startswith("_:"):
        return
    if iri.startswith(RELATIVE_BASE):
        rel = iri[len(RELATIVE_BASE) :]
        if what in ("type", "property"):
            raise UndefinedTermError(rel)
        raise UndefinedTermError(rel, f"is not an absolute IRI (as {what})")
    if not _ABSOLUTE_IRI.match(iri):
        raise UndefinedTermError(iri, f"is not an absolute IRI (as {what}); it would be dropped")
    if strict and iri.startswith(ISSUER_DEPENDENT):
        raise UndefinedTermError(_term_name(iri))


def check_literal(value: str, datatype: str) -> None:
    """Raise :class:`UndefinedTermError` if ``value`` is not a valid lexical form of ``datatype``
    (checked for xsd:dateTime / dateTimeStamp / date)."""
    pattern = _LEXICAL_CHECKS.get(datatype)
    if pattern is not None and not pattern.match(value):
        raise UndefinedTermError(value, f"is not a valid {datatype.removeprefix(XSD)}")


def _walk_expanded(node: Any, *, strict: bool, depth: int = 0) -> None:
    if depth > 500:
        raise CanonicalizationError("document nests too deeply")
    if isinstance(node, list):
        for item in node:
            _walk_expanded(item, strict=strict, depth=depth + 1)
        return
    if not isinstance(node, dict):
        return
    if "@value" in node:
        datatype = node.get("@type")
        if datatype is not None and datatype != "@json":
            check_iri(datatype, "datatype", strict=strict)
            if isinstance(node["@value"], str):
                check_literal(node["@value"], datatype)
        return
    for key, value in node.items():
        if key == "@id":
            check_iri(value, "@id", strict=False)
        elif key == "@value" or key == "@language" or key == "@index":
            continue
        elif key == "@type":
            for t in value if isinstance(value, list) else [value]:
                check_iri(t, "type", strict=strict)
        elif key.startswith("@"):
            _walk_expanded(value, strict=strict, depth=depth + 1)
        else:
            check_iri(key, "property", strict=strict)
            _walk_expanded(value, strict=strict, depth=depth + 1)


def to_nquads_full(doc: Mapping[str, Any], *, strict: bool = True) -> str:
    """N-Quads of ``doc`` by the full pyld algorithm, with the safety checks."""
    return str(jsonld.JsonLdProcessor.to_nquads(_dataset_full(doc, strict=strict)))


def _dataset_full(doc: Mapping[str, Any], *, strict: bool) -> dict[str, Any]:
    """pyld's RDF dataset of ``doc`` after expansion with the safety checks."""
    if not isinstance(doc, Mapping):
        raise CanonicalizationError("a JSON-LD document must be a JSON object")
    _check_contexts(doc)
    dropped: list[str | None] = []
    processor = jsonld.JsonLdProcessor(on_property_dropped=dropped.append)
    options: dict[str, Any] = {"documentLoader": document_loader, "base": RELATIVE_BASE}
    try:
        expanded = processor.expand(dict(doc), options)
        if dropped:
            name = dropped[0] if dropped[0] is not None else "a property"
            raise UndefinedTermError(name)
        _walk_expanded(expanded, strict=strict)
        dataset = processor.to_rdf(expanded, {"documentLoader": document_loader})
    except (jsonld.JsonLdError, RecursionError, TypeError, ValueError, KeyError) as exc:
        cause = _find_cause(exc)
        if cause is not None:
            raise ContextNotAllowedError(cause.url) from exc
        raise CanonicalizationError(f"not valid JSON-LD: {_jsonld_message(exc)}") from exc
    if not isinstance(dataset, dict):  # pragma: no cover - pyld returns a dict without format
        raise CanonicalizationError("unexpected RDF output")
    return dataset


def _jsonld_message(exc: BaseException) -> str:
    msg = str(exc).split("\n", 1)[0]
    return msg[:200]
