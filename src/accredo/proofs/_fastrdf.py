"""Fast JSON-LD → N-Quads for the compact shapes credentials use.

It mirrors pyld's expansion (JSON-LD 1.1: property-scoped and non-propagating type-scoped
contexts, ``@type: @id`` / ``@vocab`` / datatype coercion, native numbers and booleans) and
``toRdf``, but processes every context and term once and caches the result per active context.
Anything it does not handle — embedded ``@context``, value objects, lists, language maps, ``@graph``
containers (e.g. an embedded ``proof``), reverse properties, language-tagged strings, ``@json``,
blank node identifiers in the input, and **every error case** — makes it return ``None`` so that
the full pyld algorithm (:func:`accredo.proofs.canon.to_nquads_full`) runs and produces the result
or the precise error. A hypothesis test compares both paths byte for byte.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Mapping
from numbers import Real
from typing import Any

from pyld import jsonld
from pyld.context_resolver import ContextResolver

from accredo.errors import AccredoError
from accredo.proofs.canon import ISSUER_DEPENDENT, RELATIVE_BASE, check_literal
from accredo.proofs.contexts import document_loader, load_context

__all__ = ["try_to_nquads"]

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
XSD_BOOLEAN = XSD + "boolean"
XSD_DOUBLE = XSD + "double"
XSD_INTEGER = XSD + "integer"
_ABS = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`\x00-\x20]*$")
_MAX_DEPTH = 64
_MAX_VOCAB_CACHE = 100_000


class _FallbackError(Exception):
    """The fast path does not handle this document; use the full algorithm."""


def _escape(value: str) -> str:
    # exactly pyld's N-Quads escaping (pyld.nquads.escape)
    return (
        value.replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace('"', '\\"')
    )


def _canonical_double(value: float) -> str:
    return re.sub(r"(\d)0*E\+?(-)?0*(\d)", r"\1E\2\3", f"{value:1.15E}")


class _Engine:
    """Caches processed active contexts and term expansions (thread-safe for reads)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc = jsonld.JsonLdProcessor()
        self._options: dict[str, Any] = {
            "documentLoader": document_loader,
            "base": RELATIVE_BASE,
            "isFrame": False,
            "keepFreeFloatingNodes": False,
            "extractAllScripts": False,
            "processingMode": "json-ld-1.1",
        }
        self._options["contextResolver"] = ContextResolver({}, document_loader)
        self._initial = self._proc._get_initial_context(self._options)
        self._top: dict[tuple[str, ...], dict[str, Any]] = {}
        # (id(active), id(local), propagate) -> (active, local, result): keeps referents alive
        self._derived: dict[tuple[int, int, bool], tuple[Any, Any, dict[str, Any]]] = {}
        self._vocab: dict[tuple[int, str], str | None] = {}

    # contexts -----------------------------------------------------------------------------------
    def top_context(self, ctx: Any) -> dict[str, Any]:
        key = tuple(ctx) if isinstance(ctx, list) else (ctx,)
        found = self._top.get(key)
        if found is not None:
            return found
        if not key or not all(isinstance(c, str) for c in key):
            raise _FallbackError
        for url in key:
            load_context(url)  # raises ContextNotAllowedError → handled by the caller
        with self._lock:
            try:
                active: dict[str, Any] = self._proc._process_context(
                    self._initial, list(key), dict(self._options)
                )
            except jsonld.JsonLdError as exc:
                raise _FallbackError from exc
            self._top[key] = active
        return active

    def derive(
        self, active: dict[str, Any], local: Any, *, propagate: bool, override: bool
    ) -> dict[str, Any]:
        k = (id(active), id(local), propagate)
        hit = self._derived.get(k)
        if hit is not None:
            return hit[2]
        with self._lock:
            try:
                result: dict[str, Any] = self._proc._process_context(
                    active,
                    local,
                    dict(self._options),
                    override_protected=override,
                    propagate=propagate,
                )
            except jsonld.JsonLdError as exc:
                raise _FallbackError from exc
            self._derived[k] = (active, local, result)
        return result

    # IRIs ---------------------------------------------------------------------------------------
    def vocab_iri(self, active: dict[str, Any], value: str) -> str | None:
        """pyld ``_expand_iri(active, value, vocab=True, base=…)`` cached per context."""
        k = (id(active), value)
        try:
            return self._vocab[k]
        except KeyError:
            pass
        out: str | None = self._proc._expand_iri(active, value, vocab=True, base=RELATIVE_BASE)
        if len(self._vocab) > _MAX_VOCAB_CACHE:
            self._vocab.clear()
        self._vocab[k] = out
        return out

    @staticmethod
    def doc_iri(active: dict[str, Any], value: str) -> str:
        """pyld ``_expand_iri(active, value, base=…)`` (document-relative), absolute IRIs only."""
        if not value or value[0] == "@":
            raise _FallbackError
        prefix, colon, suffix = value.partition(":")
        if not colon or prefix == "_":
            raise _FallbackError  # relative IRI or blank node identifier: let pyld decide
        if not suffix.startswith("//"):
            mapping = active["mappings"].get(prefix)
            if mapping and mapping.get("_prefix"):
                value = mapping["@id"] + suffix
        if not _ABS.match(value):
            raise _FallbackError
        return value


_engine: _Engine | None = None
_engine_lock = threading.Lock()


def _get_engine() -> _Engine:
    global _engine
    if _engine is None:
        with _engine_lock:
            if _engine is None:
                _engine = _Engine()
    return _engine


def _check_term_iri(iri: str | None, strict: bool) -> str:
    if iri is None or iri.startswith(RELATIVE_BASE) or not _ABS.match(iri):
        raise _FallbackError
    if strict and iri.startswith(ISSUER_DEPENDENT):
        raise _FallbackError
    return iri


class _Emitter:
    __slots__ = ("counter", "eng", "lines", "strict")

    def __init__(self, eng: _Engine, strict: bool) -> None:
        self.eng = eng
        self.strict = strict
        self.lines: list[str] = []
        self.counter = itertools.count()

    def node(
        self,
        active: dict[str, Any],
        active_property: str | None,
        element: Mapping[str, Any],
        depth: int,
    ) -> str | None:
        """Emit a node object's quads; return its subject term (``<iri>`` / ``_:bN``)."""
        if depth > _MAX_DEPTH or ("@context" in element and depth):
            raise _FallbackError
        eng = self.eng
        mappings = active["mappings"]
        prop_def = mappings.get(active_property) if active_property is not None else None
        prop_scoped = prop_def.get("@context") if prop_def else None

        # revert a non-propagated (type-scoped) context, as pyld does
        if active.get("previousContext") is not None:
            must_revert = True
            if len(element) == 1:
                (only_key,) = element
                if eng.vocab_iri(active, only_key) == "@id":
                    must_revert = False
            if must_revert:
                active = active["previousContext"]
        if prop_scoped is not None:
            active = eng.derive(active, prop_scoped, propagate=True, override=True)

        # type-scoped contexts
        type_scoped = active
        types: list[str] = []
        id_value: str | None = None
        for key in sorted(element):
            if key == "@context":
                continue
            if eng.vocab_iri(type_scoped, key) == "@type":
                raw = element[key]
                vals = raw if isinstance(raw, list) else [raw]
                for t in vals:
                    if not isinstance(t, str):
                        raise _FallbackError
                for t in sorted(vals):
                    tdef = type_scoped["mappings"].get(t)
                    local = tdef.get("@context") if tdef else None
                    if local is not None and local is not False:
                        active = eng.derive(active, local, propagate=False, override=False)
                types.extend(vals)

        pending: list[tuple[str, Any]] = []
        for key in sorted(element):
            if key == "@context":
                continue
            expanded = eng.vocab_iri(active, key)
            if expanded is None:
                raise _FallbackError
            if expanded[0] == "@":
                if expanded == "@id":
                    value = element[key]
                    if not isinstance(value, str):
                        raise _FallbackError
                    id_value = eng.doc_iri(active, value)
                elif expanded != "@type":
                    raise _FallbackError
                continue
            pending.append((key, _check_term_iri(expanded, self.strict)))

        subject = f"<{id_value}>" if id_value is not None else f"_:b{next(self.counter)}"
        lines = self.lines
        for t in types:
            iri = eng.vocab_iri(type_scoped, t)
            if iri is None or iri[0] == "@":
                raise _FallbackError
            lines.append(f"{subject} {RDF_TYPE} <{_check_term_iri(iri, self.strict)}> .\n")

        for key, predicate in pending:
            mapping = active["mappings"].get(key) or {}  # {}: a term mapped only by @vocab
            if mapping.get("reverse"):
                raise _FallbackError
            container = mapping.get("@container")
            if container is not None and container != ["@set"] and container != "@set":
                raise _FallbackError
            term_ctx = active
            local = mapping.get("@context")
            if local is not None:
                term_ctx = eng.derive(active, local, propagate=True, override=True)
            value = element[key]
            values = value if isinstance(value, list) else [value]
            for item in values:
                obj = self.value(term_ctx, key, item, depth)
                if obj is not None:
                    lines.append(f"{subject} <{predicate}> {obj} .\n")
        if not pending and not types and id_value is None and depth:
            raise _FallbackError  # an empty node object: leave the corner cases to pyld
        return subject

    def value(self, term_ctx: dict[str, Any], key: str, item: Any, depth: int) -> str | None:
        if item is None:
            return None
        if isinstance(item, dict):
            return self.node(term_ctx, key, item, depth + 1)
        if isinstance(item, list):
            raise _FallbackError  # nested arrays
        mapping = term_ctx["mappings"].get(key) or {}
        if mapping.get("@container") not in (None, "@set", ["@set"]):
            raise _FallbackError
        type_ = mapping.get("@type")
        if isinstance(item, str):
            if type_ == "@id":
                return f"<{self.eng.doc_iri(term_ctx, item)}>"
            if type_ == "@vocab":
                iri = self.eng.vocab_iri(term_ctx, item)
                if (
                    iri is None
                    or iri[0] == "@"
                    or iri.startswith(RELATIVE_BASE)
                    or not _ABS.match(iri)
                ):
                    raise _FallbackError
                return f"<{iri}>"
        if type_ in ("@json", "@id", "@vocab") or "@language" in mapping or "@direction" in mapping:
            raise _FallbackError
        if ("@language" in term_ctx or "@direction" in term_ctx) and isinstance(item, str):
            raise _FallbackError
        datatype = type_ if type_ not in (None, "@none") else None
        if datatype is not None:
            _check_term_iri(datatype, self.strict)
        if isinstance(item, bool):
            lexical, datatype = ("true" if item else "false"), datatype or XSD_BOOLEAN
        elif isinstance(item, int | float):
            if not isinstance(item, Real) or datatype == XSD_DOUBLE:
                raise _FallbackError
            f = float(item)
            if f != f or f in (float("inf"), float("-inf")):
                raise _FallbackError
            if not f.is_integer():
                lexical, datatype = _canonical_double(f), datatype or XSD_DOUBLE
            elif abs(item) >= 1e21:
                raise _FallbackError
            else:
                lexical, datatype = str(int(item)), datatype or XSD_INTEGER
        elif isinstance(item, str):
            if datatype == XSD_DOUBLE:
                raise _FallbackError
            lexical = item
            if datatype is not None:
                try:
                    check_literal(item, datatype)
                except AccredoError as exc:
                    raise _FallbackError from exc
        else:
            raise _FallbackError
        if datatype is None or datatype == XSD_STRING:
            return f'"{_escape(lexical)}"'
        return f'"{_escape(lexical)}"^^<{datatype}>'


def try_to_nquads(doc: Mapping[str, Any], *, strict: bool = True) -> str | None:
    """N-Quads of ``doc`` (pyld's serialisation), or None when the fast path does not apply."""
    if not isinstance(doc, dict) or "@context" not in doc:
        return None
    eng = _get_engine()
    try:
        active = eng.top_context(doc["@context"])
        emitter = _Emitter(eng, strict)
        emitter.node(active, None, doc, 0)
    except (_FallbackError, AccredoError, RecursionError, TypeError, KeyError, AttributeError):
        return None
    return "".join(emitter.lines)
