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

import hashlib
import itertools
import re
import threading
from collections.abc import Mapping
from numbers import Real
from typing import Any

from pyld import jsonld
from pyld.context_resolver import ContextResolver

from accredo.errors import AccredoError
from accredo.proofs.canon import (
    ISSUER_DEPENDENT,
    OXIGRAPH_DIFFERS,
    RELATIVE_BASE,
    canonize_nquads,
    check_literal,
)
from accredo.proofs.contexts import document_loader, load_context

__all__ = ["try_canonize", "try_to_nquads"]

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_MAX_PLANS = 20_000
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
    if (
        "\\" not in value
        and '"' not in value
        and "\n" not in value
        and "\r" not in value
        and "\t" not in value
    ):
        return value
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
        self.plans1: dict[Any, Any] = {}
        self.plans2: dict[Any, Any] = {}

    @staticmethod
    def remember(cache: dict[Any, Any], key: Any, value: Any) -> Any:
        """Store a plan. Keys use id() of active contexts, which are all kept alive by
        ``_top`` / ``_derived`` (never cleared), so an id is never reused."""
        if len(cache) > _MAX_PLANS:
            cache.clear()
        cache[key] = value
        return value

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


Triple = tuple[str, str, str]


class _Plan:
    """How to expand one node shape (its keys and types) in one active context."""

    __slots__ = ("active", "entries", "id_key", "type_iris")

    def __init__(
        self,
        active: dict[str, Any],
        id_key: str | None,
        type_iris: tuple[str, ...],
        entries: tuple[tuple[str, str, dict[str, Any], Any, bool], ...],
    ) -> None:
        self.active = active
        self.id_key = id_key
        self.type_iris = type_iris
        self.entries = entries


def _stage1(
    eng: _Engine, active: dict[str, Any], active_property: str | None, keys: tuple[str, ...]
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """Revert / apply scoped contexts as pyld's ``_expand`` does; find the keys meaning @type."""
    prop_def = active["mappings"].get(active_property) if active_property is not None else None
    prop_scoped = prop_def.get("@context") if prop_def else None
    if active.get("previousContext") is not None:
        must_revert = not (len(keys) == 1 and eng.vocab_iri(active, keys[0]) == "@id")
        if must_revert:
            active = active["previousContext"]
    if prop_scoped is not None:
        active = eng.derive(active, prop_scoped, propagate=True, override=True)
    type_keys = tuple(
        k for k in sorted(keys) if k != "@context" and eng.vocab_iri(active, k) == "@type"
    )
    return active, type_keys


def _stage2(
    eng: _Engine,
    type_scoped: dict[str, Any],
    keys: tuple[str, ...],
    types: tuple[str, ...],
    strict: bool,
) -> _Plan:
    active = type_scoped
    for t in sorted(types):
        tdef = type_scoped["mappings"].get(t)
        local = tdef.get("@context") if tdef else None
        if local is not None and local is not False:
            active = eng.derive(active, local, propagate=False, override=False)
    type_iris = []
    for t in types:
        iri = eng.vocab_iri(type_scoped, t)
        if iri is None or iri[0] == "@":
            raise _FallbackError
        type_iris.append(_check_term_iri(iri, strict))
    id_key: str | None = None
    entries = []
    for key in sorted(keys):
        if key == "@context":
            continue
        expanded = eng.vocab_iri(active, key)
        if expanded is None:
            raise _FallbackError
        if expanded[0] == "@":
            if expanded == "@id":
                if id_key is not None:
                    raise _FallbackError  # colliding keywords: pyld reports it
                id_key = key
            elif expanded != "@type":
                raise _FallbackError
            continue
        predicate = f"<{_check_term_iri(expanded, strict)}>"
        mapping = active["mappings"].get(key) or {}  # {}: a term mapped only by @vocab
        if mapping.get("reverse") or mapping.get("@container") not in (None, "@set", ["@set"]):
            raise _FallbackError
        term_ctx = active
        local = mapping.get("@context")
        if local is not None:
            term_ctx = eng.derive(active, local, propagate=True, override=True)
        tmap = term_ctx["mappings"].get(key) or {}
        if tmap.get("reverse") or tmap.get("@container") not in (None, "@set", ["@set"]):
            raise _FallbackError
        type_ = tmap.get("@type")
        if type_ == "@json" or mapping.get("@type") == "@json":
            raise _FallbackError  # a JSON literal of the whole value, even of []
        if type_ == "@none" or "@language" in tmap or "@direction" in tmap:
            type_ = _FALLBACK  # any scalar value falls back
        elif type_ not in (None, "@id", "@vocab"):
            _check_term_iri(type_, strict)
        lang_default = "@language" in term_ctx or "@direction" in term_ctx
        entries.append((key, predicate, term_ctx, type_, lang_default))
    return _Plan(active, id_key, tuple(type_iris), tuple(entries))


_FALLBACK = object()


class _Emitter:
    __slots__ = ("counter", "eng", "strict", "triples")

    def __init__(self, eng: _Engine, strict: bool) -> None:
        self.eng = eng
        self.strict = strict
        self.triples: list[Triple] = []
        self.counter = itertools.count()

    def node(
        self,
        active: dict[str, Any],
        active_property: str | None,
        element: Mapping[str, Any],
        depth: int,
    ) -> str:
        """Emit a node object's triples; return its subject term (``<iri>`` / ``_:bN``)."""
        if depth > _MAX_DEPTH or ("@context" in element and depth) or not element:
            raise _FallbackError
        eng = self.eng
        keys = tuple(element)  # plans sort them; the builder's key order is stable
        k1 = (id(active), active_property, keys)
        p1 = eng.plans1.get(k1)
        if p1 is None:
            p1 = eng.remember(eng.plans1, k1, _stage1(eng, active, active_property, keys))
        type_scoped, type_keys = p1
        types: tuple[str, ...] = ()
        for tk in type_keys:
            raw = element[tk]
            vals = tuple(raw) if isinstance(raw, list) else (raw,)
            for t in vals:
                if not isinstance(t, str):
                    raise _FallbackError
            types += vals
        k2 = (id(type_scoped), keys, types, self.strict)
        plan = eng.plans2.get(k2)
        if plan is None:
            plan = eng.remember(eng.plans2, k2, _stage2(eng, type_scoped, keys, types, self.strict))
        if plan.id_key is not None:
            id_value = element[plan.id_key]
            if not isinstance(id_value, str):
                raise _FallbackError
            subject = f"<{eng.doc_iri(plan.active, id_value)}>"
        else:
            subject = f"_:b{next(self.counter)}"
        triples = self.triples
        for iri in plan.type_iris:
            triples.append((subject, RDF_TYPE, f"<{iri}>"))
        for key, predicate, term_ctx, type_, lang_default in plan.entries:
            value = element[key]
            for item in value if isinstance(value, list) else (value,):
                if item is None:
                    continue
                if isinstance(item, dict):
                    obj = self.node(term_ctx, key, item, depth + 1)
                elif isinstance(item, list):
                    raise _FallbackError  # nested arrays
                else:
                    obj = self.scalar(term_ctx, type_, lang_default, item)
                triples.append((subject, predicate, obj))
        if not plan.entries and not plan.type_iris and plan.id_key is None:
            raise _FallbackError
        return subject

    def scalar(self, term_ctx: dict[str, Any], type_: Any, lang_default: bool, item: Any) -> str:
        if type_ is _FALLBACK:
            raise _FallbackError
        if isinstance(item, str):
            if type_ == "@id":
                return f"<{self.eng.doc_iri(term_ctx, item)}>"
            if type_ == "@vocab":
                return f"<{_check_term_iri(self.eng.vocab_iri(term_ctx, item), False)}>"
            if lang_default:
                raise _FallbackError
            if type_ is None or type_ == XSD_STRING:
                return f'"{_escape(item)}"'
            if type_ == XSD_DOUBLE:
                raise _FallbackError
            try:
                check_literal(item, type_)
            except AccredoError as exc:
                raise _FallbackError from exc
            return f'"{_escape(item)}"^^<{type_}>'
        if type_ in ("@id", "@vocab"):
            raise _FallbackError
        datatype: str | None = type_
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
        else:
            raise _FallbackError
        if datatype == XSD_STRING:
            return f'"{lexical}"'
        return f'"{lexical}"^^<{datatype}>'


def _rdfc_simple(triples: list[Triple]) -> str | None:
    """RDFC-1.0 when every blank node has a unique first-degree hash (the usual case for
    credentials); None when there is a tie and the n-degree steps are needed."""
    unique = set(triples)
    mentions: dict[str, list[Triple]] = {}
    for t in unique:
        s, _, o = t
        if s[0] == "_":
            mentions.setdefault(s, []).append(t)
        if o[0] == "_" and o != s:
            mentions.setdefault(o, []).append(t)
    if not mentions:
        return "".join(sorted(f"{s} {p} {o} .\n" for s, p, o in unique))
    by_hash: dict[str, str] = {}
    for b, quads in mentions.items():
        lines = sorted(
            f"{'_:a' if s == b else '_:z' if s[0] == '_' else s} {p} "
            f"{'_:a' if o == b else '_:z' if o[0] == '_' else o} .\n"
            for s, p, o in quads
        )
        digest = hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()
        if digest in by_hash:
            return None
        by_hash[digest] = b
    label = {by_hash[h]: f"_:c14n{i}" for i, h in enumerate(sorted(by_hash))}
    return "".join(sorted(f"{label.get(s, s)} {p} {label.get(o, o)} .\n" for s, p, o in unique))


def _expand(doc: Mapping[str, Any], strict: bool) -> list[Triple] | None:
    if not isinstance(doc, dict) or "@context" not in doc:
        return None
    eng = _get_engine()
    try:
        active = eng.top_context(doc["@context"])
        emitter = _Emitter(eng, strict)
        emitter.node(active, None, doc, 0)
    except (_FallbackError, AccredoError, RecursionError, TypeError, KeyError, AttributeError):
        return None
    return emitter.triples


def try_canonize(doc: Mapping[str, Any], *, strict: bool = True) -> str | None:
    """RDFC-1.0 canonical N-Quads of ``doc``, or None when the fast path does not apply."""
    triples = _expand(doc, strict)
    if triples is None:
        return None
    out = _rdfc_simple(triples)
    if out is None:  # a tie between blank nodes: pyoxigraph, where byte-identical to pyld
        nquads = "".join(f"{s} {p} {o} .\n" for s, p, o in triples)
        if OXIGRAPH_DIFFERS.search(nquads):
            return None
        out = canonize_nquads(nquads)
    return out


def try_to_nquads(doc: Mapping[str, Any], *, strict: bool = True) -> str | None:
    """N-Quads of ``doc`` (pyld's serialisation), or None when the fast path does not apply."""
    triples = _expand(doc, strict)
    if triples is None:
        return None
    return "".join(f"{s} {p} {o} .\n" for s, p, o in triples)
