"""Placeholders in design text (``{recipient.name}``) and the context that fills them.

``{{`` and ``}}`` stand for literal braces. Custom fields defined on an achievement are
``{custom.<key>}``. The builder calls :func:`unknown_placeholders` to report a placeholder the
renderer could not fill, instead of rendering garbage.

Example::

    >>> from datetime import date
    >>> from accredo.render.placeholders import RenderContext, fill
    >>> ctx = RenderContext(recipient_name="Ada", issued_on=date(2026, 11, 28))
    >>> fill("{recipient.name}, {issued_on}", ctx, lang="de")
    'Ada, 28. November 2026'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from accredo.render.design import Design, QrBlock, SignatureBlock, TextBlock
from accredo.render.errors import DesignError

__all__ = [
    "STANDARD_PLACEHOLDERS",
    "RenderContext",
    "UnknownPlaceholder",
    "available_placeholders",
    "fill",
    "find_placeholders",
    "pick_variant",
    "unknown_placeholders",
]

STANDARD_PLACEHOLDERS: frozenset[str] = frozenset(
    {
        "recipient.name",
        "achievement.name",
        "issued_on",
        "credits",
        "level",
        "skills",
        "credential.url",
        "verification.code",
        "issuer.name",
    }
)
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]{0,80})\}")
_CUSTOM_KEY = re.compile(r"^[A-Za-z0-9_\-]{1,64}$")

_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
    "dicembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
}


@dataclass(frozen=True, slots=True)
class RenderContext:
    """The values of one credential that a design's placeholders show."""

    recipient_name: str = ""
    achievement_name: str = ""
    issued_on: date | None = None
    credits: str = ""
    level: str = ""
    skills: Sequence[str] = ()
    credential_url: str = ""
    verification_code: str = ""
    issuer_name: str = ""
    custom: Mapping[str, str] = field(default_factory=dict)

    def value(self, name: str, lang: str) -> str | None:
        """The text for placeholder ``name``, or ``None`` if this context cannot fill it."""
        if name.startswith("custom."):
            return self.custom.get(name[7:])
        if name == "issued_on":
            return format_date(self.issued_on, lang) if self.issued_on else ""
        if name == "skills":
            return ", ".join(self.skills)
        values = {
            "recipient.name": self.recipient_name,
            "achievement.name": self.achievement_name,
            "credits": self.credits,
            "level": self.level,
            "credential.url": self.credential_url,
            "verification.code": self.verification_code,
            "issuer.name": self.issuer_name,
        }
        return values.get(name)

    @classmethod
    def sample(cls) -> RenderContext:
        """Plausible values for previews of a design with no credential yet."""
        return cls(
            recipient_name="Alexandra Okonkwo-Lindqvist",
            achievement_name="Data Analysis with Python",
            issued_on=date(2026, 11, 28),
            credits="5 ECTS",
            level="EQF 6",
            skills=("Data cleaning", "Statistics", "Visualisation"),
            credential_url="https://credentials.example.org/c/3f9a2c",
            verification_code="3F9A-2C71-B8D0",
            issuer_name="Northbridge University",
        )


def format_date(day: date, lang: str) -> str:
    months = _MONTHS.get(lang.split("-")[0].lower())
    if months is None:
        return day.isoformat()
    month = months.split()[day.month - 1]
    if lang.startswith("en"):
        return f"{day.day} {month} {day.year}"
    if lang.startswith("de"):
        return f"{day.day}. {month} {day.year}"
    return f"{day.day} {month} {day.year}"


@dataclass(frozen=True, slots=True)
class UnknownPlaceholder:
    """A placeholder nothing can fill: where it is (element id, language) and its name."""

    element_id: str
    lang: str
    name: str


def available_placeholders(custom_keys: Iterable[str] = ()) -> frozenset[str]:
    """The standard placeholders plus ``custom.<key>`` for each custom field of an achievement."""
    return STANDARD_PLACEHOLDERS | {f"custom.{k}" for k in custom_keys if _CUSTOM_KEY.match(k)}


def _texts(design: Design) -> Iterable[tuple[str, str, str]]:
    for el in design.elements:
        variants: list[Mapping[str, str]] = []
        if isinstance(el, TextBlock):
            variants = [el.text]
        elif isinstance(el, SignatureBlock):
            variants = [el.name, el.title]
        elif isinstance(el, QrBlock):
            variants = [el.caption]
        for mapping in variants:
            for lang, text in mapping.items():
                yield el.id, lang, text


def find_placeholders(source: Design | str) -> frozenset[str]:
    """Every placeholder name used in a design (or one text)."""
    texts = [source] if isinstance(source, str) else [t for _, _, t in _texts(source)]
    return frozenset(
        m.group(1) for t in texts for m in _TOKEN.finditer(t) if m.group(1) is not None
    )


def unknown_placeholders(
    design: Design, available: Iterable[str] | None = None
) -> tuple[UnknownPlaceholder, ...]:
    """Placeholders in ``design`` that are not in ``available`` (default: the standard set)."""
    allowed = frozenset(available) if available is not None else STANDARD_PLACEHOLDERS
    found: list[UnknownPlaceholder] = []
    for element_id, lang, text in _texts(design):
        for m in _TOKEN.finditer(text):
            name = m.group(1)
            if name is not None and name not in allowed:
                found.append(UnknownPlaceholder(element_id, lang, name))
    return tuple(found)


def pick_variant(variants: Mapping[str, str], lang: str, default_lang: str) -> str:
    """The text for ``lang``: exact tag, then its primary language, ``*``, the design default."""
    for key in (lang, lang.split("-")[0], "*", default_lang):
        if key in variants:
            return variants[key]
    return next(iter(variants.values()), "")


def fill(text: str, context: RenderContext, *, lang: str, strict: bool = True) -> str:
    """Replace placeholders with the context's values (plain text: escaping is the caller's).

    With ``strict`` an unknown placeholder raises :class:`DesignError`; without, it is kept
    as written so a preview shows it.
    """
    missing: list[str] = []

    def replace(m: re.Match[str]) -> str:
        token = m.group(0)
        if token in ("{{", "}}"):
            return token[0]
        value = context.value(m.group(1), lang)
        if value is None:
            missing.append(m.group(1))
            return token
        return value

    out = _TOKEN.sub(replace, text)
    if missing and strict:
        raise DesignError([f"placeholder {{{name}}}: unknown or not provided" for name in missing])
    return out
