"""A JSON object with typed known fields that keeps every unknown field and the key order.

Parsing a document into nodes and serialising it back gives the same JSON, key for key and in the
same order (python-tuf's ADR 0008 idea): a verifier or re-issuer must never drop or reorder what it
does not understand in a signed credential.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Mapping
from typing import Any, ClassVar, Self, TypeAlias

from accredo.core.errors import ModelError

JsonValue: TypeAlias = "str | int | float | bool | list[JsonValue] | dict[str, JsonValue] | None"
JsonObject: TypeAlias = "dict[str, JsonValue]"

__all__ = ["JsonObject", "JsonValue", "Node"]


class _Codec:
    """How one known field travels between JSON and Python."""

    def decode(self, value: Any, path: str) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def encode(self, value: Any) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError


class _Str(_Codec):
    def decode(self, value: Any, path: str) -> Any:
        if not isinstance(value, str):
            raise ModelError(f"{path}: expected a string, got {_kind(value)}")
        return value

    def encode(self, value: Any) -> Any:
        return value


class _Bool(_Codec):
    def decode(self, value: Any, path: str) -> Any:
        if not isinstance(value, bool):
            raise ModelError(f"{path}: expected true or false, got {_kind(value)}")
        return value

    def encode(self, value: Any) -> Any:
        return value


class _Number(_Codec):
    def decode(self, value: Any, path: str) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ModelError(f"{path}: expected a number, got {_kind(value)}")
        return value

    def encode(self, value: Any) -> Any:
        return value


class _StrOrStrs(_Codec):
    """A string or a list of strings (``type``, ``tag`` …); the shape is kept."""

    def decode(self, value: Any, path: str) -> Any:
        if isinstance(value, str):
            return value
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
        raise ModelError(f"{path}: expected a string or a list of strings, got {_kind(value)}")

    def encode(self, value: Any) -> Any:
        return list(value) if isinstance(value, list) else value


class _Raw(_Codec):
    """Any JSON value, kept as it is (``credentialStatus``, ``proof`` …)."""

    def decode(self, value: Any, path: str) -> Any:
        return copy.deepcopy(value)

    def encode(self, value: Any) -> Any:
        return copy.deepcopy(value)


class _Obj(_Codec):
    """A nested object parsed into a node class; with ``or_str`` a plain string is kept too."""

    def __init__(self, cls: type[Node], *, or_str: bool = False) -> None:
        self.cls = cls
        self.or_str = or_str

    def decode(self, value: Any, path: str) -> Any:
        if isinstance(value, Mapping):
            return self.cls.parse(value, path=path)
        if self.or_str and isinstance(value, str):
            return value
        wanted = "an object or a string" if self.or_str else "an object"
        raise ModelError(f"{path}: expected {wanted}, got {_kind(value)}")

    def encode(self, value: Any) -> Any:
        return value.to_dict() if isinstance(value, Node) else value


class _Many(_Codec):
    """A list of nested objects; a single object is accepted and given back as a single object."""

    def __init__(self, cls: type[Node], *, or_str: bool = False) -> None:
        self.item = _Obj(cls, or_str=or_str)

    def decode(self, value: Any, path: str) -> Any:
        if isinstance(value, list):
            return _ManyList(self.item.decode(v, f"{path}[{i}]") for i, v in enumerate(value))
        single = _ManyList([self.item.decode(value, path)])
        single.was_single = True
        return single

    def encode(self, value: Any) -> Any:
        items = [self.item.encode(v) for v in value]
        if getattr(value, "was_single", False) and len(items) == 1:
            return items[0]
        return items


class _ManyList(list[Any]):
    """A list that remembers it was a single object in the source document."""

    was_single: bool = False


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


STR = _Str()
BOOL = _Bool()
NUMBER = _Number()
STRS = _StrOrStrs()
RAW = _Raw()


def obj(cls: type[Node], *, or_str: bool = False) -> _Codec:
    return _Obj(cls, or_str=or_str)


def many(cls: type[Node], *, or_str: bool = False) -> _Codec:
    return _Many(cls, or_str=or_str)


@dataclasses.dataclass(kw_only=True)
class Node:
    """Base of every OB 3.0 model class.

    Subclasses declare ``FIELDS``: JSON key → (attribute name, codec). Keys not declared (and
    declared keys whose value is ``null``) go to :attr:`extra` unchanged.
    """

    extra: dict[str, JsonValue] = dataclasses.field(default_factory=dict)
    key_order: tuple[str, ...] = dataclasses.field(default=(), repr=False, compare=False)

    FIELDS: ClassVar[Mapping[str, tuple[str, _Codec]]] = {}

    @classmethod
    def parse(cls, data: Mapping[str, Any], *, path: str = "$") -> Self:
        """Parse a JSON object; :class:`ModelError` names any wrong-typed field."""
        if not isinstance(data, Mapping):
            raise ModelError(f"{path}: expected an object, got {_kind(data)}")
        kwargs: dict[str, Any] = {}
        extra: dict[str, JsonValue] = {}
        for key, value in data.items():
            if not isinstance(key, str):
                raise ModelError(f"{path}: object keys must be strings")
            spec = cls.FIELDS.get(key)
            if spec is None or value is None:
                extra[key] = copy.deepcopy(value)
                continue
            attr, codec = spec
            kwargs[attr] = codec.decode(value, f"{path}.{key}")
        return cls(**kwargs, extra=extra, key_order=tuple(data))

    def to_dict(self) -> dict[str, JsonValue]:
        """Serialise to JSON-ready data: known fields, then unknown ones, in the source order."""
        out: dict[str, JsonValue] = {}
        for key, (attr, codec) in self.FIELDS.items():
            value = getattr(self, attr)
            if value is not None:
                out[key] = codec.encode(value)
        for key, value in self.extra.items():
            if key not in out:
                out[key] = copy.deepcopy(value)
        if not self.key_order:
            return out
        ordered: dict[str, JsonValue] = {k: out[k] for k in self.key_order if k in out}
        for key, value in out.items():
            ordered.setdefault(key, value)
        return ordered
