"""The starting templates of the design builder: six certificates and four badges.

Each entry of :data:`GALLERY` is a validated :class:`~accredo.render.design.Design`; its
``source`` is the JSON the builder copies into a new organisation design.

Example::

    >>> from accredo.render.templates import GALLERY
    >>> sorted(k for k, d in GALLERY.items() if d.kind == "certificate")[:3]
    ['academic', 'bold-gradient', 'classic']
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from types import MappingProxyType

from accredo.render.design import Design, validate_design

__all__ = ["GALLERY", "GALLERY_JSON"]


def _svg_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _seal(color: str, dark: str) -> str:
    teeth = "".join(
        f'<rect x="96" y="6" width="8" height="26" rx="4" fill="{color}" '
        f'transform="rotate({i * 15} 100 100)"/>'
        for i in range(24)
    )
    return _svg_uri(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200">'
        '<path d="M70 150 L52 196 L72 186 L84 200 L96 158Z '
        f'M130 150 L148 196 L128 186 L116 200 L104 158Z" fill="{dark}"/>'
        f"{teeth}"
        f'<circle cx="100" cy="100" r="80" fill="{color}"/>'
        '<circle cx="100" cy="100" r="70" fill="none" stroke="#fff" stroke-width="2" '
        'stroke-dasharray="2 4"/>'
        '<circle cx="100" cy="100" r="58" fill="none" stroke="#fff" stroke-width="1.5"/>'
        '<path d="M100 62 L110 90 L140 90 L116 108 L125 137 L100 119 L75 137 L84 108 L60 90 '
        'L90 90Z" fill="#fff"/>'
        "</svg>"
    )


_MONOGRAM = _svg_uri(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120">'
    '<rect x="4" y="4" width="112" height="112" rx="26" fill="#0f766e"/>'
    '<path d="M30 86 L60 30 L90 86 M42 66 H78" stroke="#fff" stroke-width="10" fill="none" '
    'stroke-linecap="round" stroke-linejoin="round"/></svg>'
)
_STAR = _svg_uri(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
    '<path d="M50 6 L62 38 L96 38 L69 59 L79 92 L50 72 L21 92 L31 59 L4 38 L38 38Z" '
    'fill="#fff"/></svg>'
)
_CHECK = _svg_uri(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><circle cx="50" cy="50" r="44" '
    'fill="none" stroke="#fff" stroke-width="7"/><path d="M28 52 L44 68 L74 36" fill="none" '
    'stroke="#fff" stroke-width="9" stroke-linecap="round" stroke-linejoin="round"/></svg>'
)
_BOLT = _svg_uri(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
    '<path d="M58 4 L20 56 H46 L38 96 L80 40 H54Z" fill="#fff"/></svg>'
)
_BOOK = _svg_uri(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
    '<path d="M50 24 C38 14 20 14 8 18 '
    'V82 C20 78 38 78 50 88 C62 78 80 78 92 82 V18 C80 14 62 14 50 24Z M50 24 V88" fill="none" '
    'stroke="#fff" stroke-width="6" stroke-linejoin="round"/></svg>'
)


def _t(
    eid: str,
    x: object,
    y: object,
    w: object,
    text: object,
    family: str,
    size: float,
    weight: int = 400,
    color: str = "#111827",
    **extra: object,
) -> dict[str, object]:
    font: dict[str, object] = {"family": family, "size": size, "weight": weight}
    if extra.pop("italic", False):
        font["style"] = "italic"
    return {
        "type": "text",
        "id": eid,
        "x": x,
        "y": y,
        "width": w,
        "text": text,
        "font": font,
        "color": color,
        **extra,
    }


SERIF, SANS, LATO, DISPLAY, CONDENSED = (
    "Source Serif Pro",
    "Source Sans Pro",
    "Lato",
    "Red Hat Display",
    "Fjalla One",
)
_DETAILS = {
    "en": "{credits} · {level} · Issued {issued_on}",
    "de": "{credits} · {level} · Ausgestellt am {issued_on}",
}

_SOURCES: dict[str, dict[str, object]] = {
    "classic": {
        "version": 1,
        "kind": "certificate",
        "name": "Classic serif",
        "background": {"color": "#fbf8f1"},
        "border": {
            "style": "ornamental",
            "width": 1.4,
            "color": "#9a7b4f",
            "inset": 9,
            "inner_color": "#c8b28a",
            "inner_gap": 2.5,
        },
        "elements": [
            _t(
                "title",
                "10%",
                30,
                "80%",
                {"en": "Certificate of Achievement", "de": "Leistungszertifikat"},
                SERIF,
                20,
                600,
                "#7a5c33",
                uppercase=True,
                letter_spacing=0.18,
            ),
            _t(
                "lead",
                "10%",
                52,
                "80%",
                {"en": "This is to certify that", "de": "Hiermit wird bestätigt, dass"},
                SERIF,
                14,
                400,
                "#5b4a36",
                italic=True,
            ),
            _t(
                "name", "12%", 64, "76%", "{recipient.name}", SERIF, 40, 700, "#2b2118", italic=True
            ),
            {
                "type": "rule",
                "id": "rule",
                "x": "25%",
                "y": 88,
                "width": "50%",
                "color": "#c8b28a",
                "thickness": 0.4,
            },
            _t(
                "body",
                "10%",
                95,
                "80%",
                {"en": "has successfully completed", "de": "erfolgreich abgeschlossen hat"},
                SERIF,
                13,
                400,
                "#5b4a36",
                italic=True,
            ),
            _t(
                "achievement",
                "12%",
                106,
                "76%",
                "{achievement.name}",
                SERIF,
                24,
                600,
                "#2b2118",
                fit="wrap",
                max_lines=2,
            ),
            _t(
                "details",
                "10%",
                128,
                "80%",
                _DETAILS,
                SANS,
                10.5,
                400,
                "#6b5a44",
                letter_spacing=0.04,
            ),
            {
                "type": "signature",
                "id": "sig",
                "x": 40,
                "y": 150,
                "width": 70,
                "name": "Dr. Helena Marsh",
                "title": {"en": "Director of Studies", "de": "Studiendirektorin"},
                "color": "#2b2118",
                "line_color": "#9a7b4f",
                "font": {"family": SERIF, "size": 11},
            },
            _t("issuer", 115, 171, 67, "{issuer.name}", SERIF, 12, 600, "#7a5c33"),
            {
                "type": "qr",
                "id": "qr",
                "x": 234,
                "y": 152,
                "size": 24,
                "color": "#2b2118",
                "background": "#fbf8f1",
                "caption": "{verification.code}",
                "font": {"family": SANS, "size": 6.5},
            },
        ],
    },
    "modern": {
        "version": 1,
        "kind": "certificate",
        "name": "Modern minimal",
        "background": {
            "color": "#ffffff",
            "gradient": {
                "type": "linear",
                "angle": 90,
                "stops": [["#2563eb", 0], ["#2563eb", 2.2], ["#ffffff", 2.2], ["#ffffff", 100]],
            },
        },
        "elements": [
            _t(
                "kicker",
                28,
                28,
                200,
                {"en": "Certificate", "de": "Zertifikat"},
                LATO,
                12,
                700,
                "#2563eb",
                align="left",
                uppercase=True,
                letter_spacing=0.3,
            ),
            _t("issuer", 28, 36, 200, "{issuer.name}", LATO, 12, 400, "#6b7280", align="left"),
            _t("name", 28, 66, 240, "{recipient.name}", LATO, 44, 900, "#0f172a", align="left"),
            {
                "type": "rule",
                "id": "rule",
                "x": 28,
                "y": 90,
                "width": 24,
                "color": "#2563eb",
                "thickness": 1.2,
            },
            _t(
                "achievement",
                28,
                98,
                230,
                "{achievement.name}",
                LATO,
                22,
                300,
                "#0f172a",
                align="left",
                fit="wrap",
                max_lines=2,
            ),
            _t(
                "skills",
                28,
                124,
                200,
                "{skills}",
                LATO,
                11,
                400,
                "#475569",
                align="left",
                fit="wrap",
            ),
            _t("details", 28, 176, 160, _DETAILS, LATO, 10, 400, "#64748b", align="left"),
            {
                "type": "qr",
                "id": "qr",
                "x": 246,
                "y": 150,
                "size": 26,
                "color": "#0f172a",
                "caption": "{verification.code}",
                "font": {"family": LATO, "size": 6.5},
            },
        ],
    },
    "bold-gradient": {
        "version": 1,
        "kind": "certificate",
        "name": "Bold gradient",
        "background": {
            "color": "#4f46e5",
            "gradient": {
                "type": "linear",
                "angle": 125,
                "stops": [["#3730a3", 0], ["#db2777", 100]],
            },
        },
        "border": {"style": "solid", "width": 0.6, "color": "#ffffffaa", "inset": 10, "radius": 6},
        "elements": [
            _t(
                "kicker",
                "10%",
                32,
                "80%",
                {"en": "Certificate of Completion", "de": "Abschlusszertifikat"},
                DISPLAY,
                13,
                700,
                "#fbcfe8",
                uppercase=True,
                letter_spacing=0.28,
            ),
            _t("name", "8%", 58, "84%", "{recipient.name}", DISPLAY, 50, 800, "#ffffff"),
            _t(
                "achievement",
                "12%",
                94,
                "76%",
                "{achievement.name}",
                DISPLAY,
                22,
                500,
                "#ffffff",
                fit="wrap",
                max_lines=2,
            ),
            _t(
                "details",
                "10%",
                122,
                "80%",
                _DETAILS,
                DISPLAY,
                11,
                400,
                "#e9d5ff",
                letter_spacing=0.05,
            ),
            _t("issuer", 24, 168, 120, "{issuer.name}", DISPLAY, 14, 700, "#ffffff", align="left"),
            _t("url", 24, 176, 150, "{credential.url}", DISPLAY, 8.5, 400, "#f5d0fe", align="left"),
            {
                "type": "qr",
                "id": "qr",
                "x": 248,
                "y": 156,
                "size": 24,
                "color": "#312e81",
                "background": "#ffffff",
            },
        ],
    },
    "academic": {
        "version": 1,
        "kind": "certificate",
        "name": "Academic with seal",
        "background": {"color": "#fffefa"},
        "border": {
            "style": "double",
            "width": 2.2,
            "color": "#1e3a5f",
            "inset": 8,
            "inner_color": "#b08d57",
            "inner_gap": 2.5,
        },
        "elements": [
            _t(
                "issuer",
                "10%",
                24,
                "80%",
                "{issuer.name}",
                SERIF,
                28,
                700,
                "#1e3a5f",
                letter_spacing=0.02,
            ),
            _t(
                "confers",
                "10%",
                44,
                "80%",
                {"en": "hereby confers upon", "de": "verleiht hiermit"},
                SERIF,
                13,
                400,
                "#4b5563",
                italic=True,
            ),
            _t("name", "10%", 56, "80%", "{recipient.name}", SERIF, 38, 600, "#111827"),
            _t(
                "for",
                "10%",
                80,
                "80%",
                {"en": "the micro-credential", "de": "den Mikro-Abschluss"},
                SERIF,
                13,
                400,
                "#4b5563",
                italic=True,
            ),
            _t(
                "achievement",
                "15%",
                90,
                "70%",
                "{achievement.name}",
                SERIF,
                22,
                600,
                "#1e3a5f",
                fit="wrap",
                max_lines=2,
            ),
            _t("details", "10%", 114, "80%", _DETAILS, SERIF, 11, 400, "#4b5563"),
            {
                "type": "image",
                "id": "seal",
                "role": "seal",
                "x": 131,
                "y": 134,
                "width": 35,
                "src": _seal("#b08d57", "#1e3a5f"),
            },
            {
                "type": "signature",
                "id": "sig1",
                "x": 53,
                "y": 150,
                "width": 68,
                "name": "Prof. Samuel Adeyemi",
                "title": {"en": "Rector", "de": "Rektor"},
                "font": {"family": SERIF, "size": 11},
                "line_color": "#1e3a5f",
            },
            {
                "type": "signature",
                "id": "sig2",
                "x": 176,
                "y": 150,
                "width": 68,
                "name": "Dr. Ingrid Falk",
                "title": {"en": "Dean of Continuing Education", "de": "Dekanin für Weiterbildung"},
                "font": {"family": SERIF, "size": 11},
                "line_color": "#1e3a5f",
            },
            {
                "type": "qr",
                "id": "qr",
                "x": 256,
                "y": 158,
                "size": 19,
                "color": "#1e3a5f",
                "background": "#fffefa",
            },
            _t("code", 245.5, 179, 40, "{verification.code}", SANS, 6.5, 400, "#6b7280"),
        ],
    },
    "corporate": {
        "version": 1,
        "kind": "certificate",
        "name": "Corporate two-column",
        "background": {
            "color": "#ffffff",
            "gradient": {
                "type": "linear",
                "angle": 90,
                "stops": [
                    ["#0f2a44", 0],
                    ["#0f2a44", 32],
                    ["#0e7490", 32],
                    ["#0e7490", 33],
                    ["#ffffff", 33],
                    ["#ffffff", 100],
                ],
            },
        },
        "elements": [
            {"type": "image", "id": "logo", "x": 18, "y": 20, "width": 20, "src": _MONOGRAM},
            _t(
                "issuer",
                18,
                46,
                62,
                "{issuer.name}",
                SANS,
                16,
                700,
                "#ffffff",
                align="left",
                fit="wrap",
            ),
            _t(
                "verify-label",
                18,
                124,
                62,
                {"en": "Verify this credential", "de": "Nachweis prüfen"},
                SANS,
                9,
                600,
                "#67e8f9",
                align="left",
                uppercase=True,
                letter_spacing=0.12,
            ),
            {
                "type": "qr",
                "id": "qr",
                "x": 18,
                "y": 132,
                "size": 30,
                "color": "#0f2a44",
                "background": "#ffffff",
            },
            _t(
                "code",
                18,
                166,
                62,
                "{verification.code}",
                SANS,
                10,
                600,
                "#ffffff",
                align="left",
                letter_spacing=0.08,
            ),
            _t(
                "url",
                18,
                172,
                70,
                "{credential.url}",
                SANS,
                7,
                400,
                "#cbd5e1",
                align="left",
                fit="wrap",
            ),
            _t(
                "kicker",
                112,
                26,
                165,
                {"en": "Certificate of Completion", "de": "Teilnahmezertifikat"},
                SANS,
                12,
                700,
                "#0e7490",
                align="left",
                uppercase=True,
                letter_spacing=0.22,
            ),
            _t("name", 112, 42, 165, "{recipient.name}", SANS, 38, 700, "#0f2a44", align="left"),
            _t(
                "body",
                112,
                64,
                165,
                {"en": "has successfully completed", "de": "hat erfolgreich abgeschlossen"},
                SANS,
                12,
                400,
                "#475569",
                align="left",
            ),
            _t(
                "achievement",
                112,
                72,
                165,
                "{achievement.name}",
                SANS,
                22,
                600,
                "#0f2a44",
                align="left",
                fit="wrap",
                max_lines=2,
            ),
            _t(
                "skills-label",
                112,
                102,
                165,
                {"en": "Skills", "de": "Kompetenzen"},
                SANS,
                9,
                700,
                "#0e7490",
                align="left",
                uppercase=True,
                letter_spacing=0.15,
            ),
            _t(
                "skills",
                112,
                108,
                165,
                "{skills}",
                SANS,
                11.5,
                400,
                "#334155",
                align="left",
                fit="wrap",
            ),
            _t("details", 112, 126, 165, _DETAILS, SANS, 11, 400, "#475569", align="left"),
            {
                "type": "signature",
                "id": "sig",
                "x": 112,
                "y": 152,
                "width": 62,
                "name": "Maria Castell",
                "title": {"en": "Head of Learning & Development", "de": "Leitung Weiterbildung"},
            },
        ],
    },
    "dark-elegant": {
        "version": 1,
        "kind": "certificate",
        "name": "Dark elegant",
        "background": {
            "color": "#0b0f19",
            "gradient": {"type": "radial", "stops": [["#1f2a3d", 0], ["#0b0f19", 100]]},
        },
        "border": {
            "style": "solid",
            "width": 0.5,
            "color": "#d4af37",
            "inset": 10,
            "inner_color": "#8c7429",
            "inner_gap": 1.6,
        },
        "elements": [
            _t(
                "kicker",
                "10%",
                30,
                "80%",
                {"en": "Certificate of Excellence", "de": "Exzellenzzertifikat"},
                DISPLAY,
                12,
                500,
                "#d4af37",
                uppercase=True,
                letter_spacing=0.45,
            ),
            {
                "type": "rule",
                "id": "rule1",
                "x": "44%",
                "y": 42,
                "width": "12%",
                "color": "#d4af37",
                "thickness": 0.3,
            },
            _t(
                "lead",
                "10%",
                52,
                "80%",
                {"en": "presented to", "de": "verliehen an"},
                SERIF,
                13,
                300,
                "#cbd5e1",
                italic=True,
            ),
            _t(
                "name", "10%", 64, "80%", "{recipient.name}", SERIF, 44, 400, "#f5e6b8", italic=True
            ),
            _t(
                "achievement",
                "15%",
                96,
                "70%",
                "{achievement.name}",
                DISPLAY,
                18,
                500,
                "#f8fafc",
                uppercase=True,
                letter_spacing=0.12,
                fit="wrap",
                max_lines=2,
            ),
            _t(
                "details",
                "10%",
                118,
                "80%",
                _DETAILS,
                DISPLAY,
                10,
                400,
                "#94a3b8",
                letter_spacing=0.08,
            ),
            {
                "type": "signature",
                "id": "sig",
                "x": 40,
                "y": 148,
                "width": 66,
                "name": "Élise Moreau",
                "title": {"en": "Programme Director", "de": "Programmleitung"},
                "color": "#e2e8f0",
                "line_color": "#d4af37",
                "font": {"family": DISPLAY, "size": 10.5},
            },
            _t(
                "issuer",
                "35%",
                170,
                "30%",
                "{issuer.name}",
                DISPLAY,
                11,
                700,
                "#d4af37",
                uppercase=True,
                letter_spacing=0.2,
            ),
            {
                "type": "qr",
                "id": "qr",
                "x": 237,
                "y": 150,
                "size": 22,
                "color": "#0b0f19",
                "background": "#f5e6b8",
                "caption": "{verification.code}",
                "caption_color": "#94a3b8",
                "font": {"family": DISPLAY, "size": 6.5},
            },
        ],
    },
    "badge-circle": {
        "version": 1,
        "kind": "badge",
        "name": "Circle with ribbon",
        "badge": {
            "shape": "circle",
            "fill": "#1d4ed8",
            "gradient": {"type": "radial", "stops": [["#3b82f6", 0], ["#1e3a8a", 100]]},
            "stroke": "#facc15",
            "stroke_width": 12,
            "ribbon": "#f59e0b",
        },
        "elements": [
            {
                "type": "image",
                "id": "icon",
                "role": "icon",
                "x": 150,
                "y": 66,
                "width": 100,
                "src": _STAR,
            },
            _t(
                "level",
                60,
                186,
                280,
                "{level}",
                DISPLAY,
                26,
                700,
                "#dbeafe",
                uppercase=True,
                letter_spacing=0.12,
            ),
            _t(
                "name", 44, 268, 312, "{achievement.name}", DISPLAY, 24, 800, "#1f2937", max_lines=1
            ),
        ],
    },
    "badge-shield": {
        "version": 1,
        "kind": "badge",
        "name": "Shield",
        "badge": {
            "shape": "shield",
            "fill": "#047857",
            "gradient": {
                "type": "linear",
                "angle": 160,
                "stops": [["#10b981", 0], ["#065f46", 100]],
            },
            "stroke": "#ecfdf5",
            "stroke_width": 10,
        },
        "elements": [
            {
                "type": "image",
                "id": "icon",
                "role": "icon",
                "x": 155,
                "y": 70,
                "width": 90,
                "src": _CHECK,
            },
            _t(
                "name",
                80,
                180,
                240,
                "{achievement.name}",
                LATO,
                30,
                900,
                "#ffffff",
                max_lines=3,
                fit="wrap",
                line_height=1.1,
            ),
            _t(
                "issuer",
                100,
                284,
                200,
                "{issuer.name}",
                LATO,
                13,
                700,
                "#a7f3d0",
                uppercase=True,
                letter_spacing=0.1,
            ),
        ],
    },
    "badge-hexagon": {
        "version": 1,
        "kind": "badge",
        "name": "Hexagon",
        "badge": {
            "shape": "hexagon",
            "fill": "#7c3aed",
            "gradient": {
                "type": "linear",
                "angle": 135,
                "stops": [["#a855f7", 0], ["#4c1d95", 100]],
            },
            "stroke": "#f5d0fe",
            "stroke_width": 8,
        },
        "elements": [
            {
                "type": "image",
                "id": "icon",
                "role": "icon",
                "x": 160,
                "y": 72,
                "width": 80,
                "src": _BOLT,
            },
            _t(
                "name",
                70,
                172,
                260,
                "{achievement.name}",
                CONDENSED,
                34,
                400,
                "#ffffff",
                uppercase=True,
                max_lines=2,
                fit="wrap",
                line_height=1.1,
            ),
            _t("credits", 100, 282, 200, "{credits}", SANS, 18, 600, "#f5d0fe"),
        ],
    },
    "badge-rounded": {
        "version": 1,
        "kind": "badge",
        "name": "Rounded square",
        "badge": {
            "shape": "rounded-square",
            "fill": "#111827",
            "stroke": "#f97316",
            "stroke_width": 10,
            "inner_stroke": "#f97316",
        },
        "elements": [
            {
                "type": "image",
                "id": "icon",
                "role": "icon",
                "x": 155,
                "y": 62,
                "width": 90,
                "src": _BOOK,
            },
            _t(
                "name",
                60,
                172,
                280,
                "{achievement.name}",
                DISPLAY,
                30,
                800,
                "#ffffff",
                max_lines=2,
                fit="wrap",
                line_height=1.1,
            ),
            {
                "type": "rule",
                "id": "rule",
                "x": 170,
                "y": 262,
                "width": 60,
                "thickness": 3,
                "color": "#f97316",
            },
            _t(
                "level",
                80,
                278,
                240,
                "{level}",
                DISPLAY,
                18,
                600,
                "#fdba74",
                uppercase=True,
                letter_spacing=0.15,
            ),
        ],
    },
}

GALLERY: Mapping[str, Design] = MappingProxyType(
    {k: validate_design(v) for k, v in _SOURCES.items()}
)
"""Template name → validated design."""

GALLERY_JSON: Mapping[str, Mapping[str, object]] = MappingProxyType(_SOURCES)
"""Template name → the design JSON (for the builder to copy)."""
