"""Certificates: Design + credential values → HTML → PDF (WeasyPrint) or preview PNG.

One path for everything: :func:`render_certificate_html` builds the page, WeasyPrint lays it out;
:func:`render_certificate_pdf` writes it as a PDF with the signed credential attached
(``credential.json`` / ``credential.jwt``) and document metadata; :func:`render_preview_png`
rasterises the very same PDF with PDFium, so the builder's preview is the output.

Example::

    >>> from accredo.render.certificate import render_certificate_pdf
    >>> from accredo.render.placeholders import RenderContext
    >>> from accredo.render.templates import GALLERY
    >>> pdf = render_certificate_pdf(GALLERY["classic"], RenderContext.sample(),
    ...                              credential_json='{"type": ["VerifiableCredential"]}')
    >>> pdf[:5]
    b'%PDF-'
"""

from __future__ import annotations

import io
import threading
import urllib.parse
from collections.abc import Mapping
from datetime import UTC, datetime, time

import pypdfium2
import weasyprint

from accredo.render._layout import (
    MM_TO_PT,
    Assets,
    background_css,
    esc,
    fit_font_size,
    qr_data_uri,
    shrink_offset,
)
from accredo.render._weasy import render_document
from accredo.render.design import (
    Border,
    Design,
    ImageBlock,
    QrBlock,
    RuleBlock,
    SignatureBlock,
    TextBlock,
)
from accredo.render.errors import DesignError, RenderError
from accredo.render.fonts import BUNDLED, FontLibrary, Style
from accredo.render.placeholders import RenderContext, fill, pick_variant

__all__ = [
    "pdf_page_png",
    "render_certificate_html",
    "render_certificate_pdf",
    "render_preview_png",
]


_PDFIUM_LOCK = threading.Lock()


def render_certificate_html(
    design: Design,
    context: RenderContext,
    *,
    lang: str | None = None,
    assets: Mapping[str, bytes] | None = None,
    fonts: FontLibrary | None = None,
    strict: bool = True,
) -> str:
    """The certificate as one self-contained HTML document (absolute positions in mm).

    ``strict=False`` keeps unknown placeholders visible instead of raising (builder previews).
    """
    if design.kind != "certificate":
        raise DesignError([f"kind: {design.kind!r} design cannot render a certificate"])
    lang = lang or design.default_lang
    fonts = fonts or BUNDLED
    res = Assets(assets)
    used: set[tuple[str, int, Style]] = set()
    W, H = design.page.width_mm, design.page.height_mm  # noqa: N806 — page width/height
    # Design-constant CSS goes into the (per-process cached) stylesheet; only what depends on
    # the credential (a shrunk font size) stays inline: WeasyPrint parses inline styles per render.
    bg_html, bg_css = _background(design, res)
    frame_html, frame_css = _border(design.border, W, H)
    body: list[str] = [bg_html, frame_html]
    rules: list[str] = [bg_css, frame_css]

    def family(name: str) -> str:
        # an unavailable family falls back to the font the measurement used, not the system's
        return f"'{name if fonts.has(name) else 'Source Sans Pro'}',sans-serif"

    def text(variants: Mapping[str, str]) -> str:
        return fill(
            pick_variant(variants, lang, design.default_lang), context, lang=lang, strict=strict
        )

    for el in design.elements:
        x, y = el.x.resolve(W), el.y.resolve(H)
        sel = f"#el-{el.id}"
        pos = f"left:{x:.2f}mm;top:{y:.2f}mm;"
        if isinstance(el, TextBlock):
            content = text(el.text)
            width = el.width.resolve(W)
            size, lines = fit_font_size(el, content, width, fonts)
            f = el.font
            used.add((f.family, f.weight, f.style))
            rules.append(
                f"{sel}{{{pos}width:{width:.2f}mm;font-family:{family(f.family)};"
                f"font-weight:{f.weight};font-style:{f.style};font-size:{f.size:g}pt;"
                f"color:{el.color};text-align:{el.align};line-height:{el.line_height:g};"
                f"letter-spacing:{el.letter_spacing:g}em"
                + (";text-transform:uppercase}" if el.uppercase else "}")
            )
            dynamic = ""
            if size != f.size:
                top = y + shrink_offset(el, size, lines) / MM_TO_PT
                dynamic = f' style="top:{top:.2f}mm;font-size:{size:g}pt"'
            body.append(f'<div class="el t" id="el-{el.id}"{dynamic}>{esc(content)}</div>')
        elif isinstance(el, ImageBlock):
            width = el.width.resolve(W)
            height = f"height:{el.height.resolve(H):.2f}mm;" if el.height else ""
            rules.append(f"{sel}{{{pos}width:{width:.2f}mm;{height}opacity:{el.opacity:g}}}")
            body.append(f'<img class="el" id="el-{el.id}" alt="" src="{res.uri(el.src)}">')
        elif isinstance(el, SignatureBlock):
            f = el.font
            used.update({(f.family, 600, f.style), (f.family, 400, f.style)})
            rules.append(
                f"{sel}{{{pos}width:{el.width.resolve(W):.2f}mm;font-family:{family(f.family)};"
                f"font-size:{f.size:g}pt;color:{el.color}}}"
                f"{sel} .sig-line{{border-top-color:{el.line_color}}}"
            )
            image = (
                f'<img class="sig-img" alt="" src="{res.uri(el.image)}">'
                if el.image
                else '<div class="sig-space"></div>'
            )
            body.append(
                f'<div class="el sig" id="el-{el.id}">{image}<div class="sig-line"></div>'
                f'<div class="sig-name">{esc(text(el.name))}</div>'
                f'<div class="sig-title">{esc(text(el.title))}</div></div>'
            )
        elif isinstance(el, QrBlock):
            size = el.size.resolve(W)
            f = el.font
            used.add((f.family, f.weight, f.style))
            caption = text(el.caption) if el.caption else ""
            rules.append(
                f"{sel}{{{pos}width:{size:.2f}mm;font-family:{family(f.family)};"
                f"font-size:{f.size:g}pt;color:{el.caption_color or el.color}}}"
                f"{sel} img{{width:{size:.2f}mm;height:{size:.2f}mm}}"
            )
            body.append(
                f'<div class="el qr" id="el-{el.id}"><img alt="" '
                f'src="{qr_data_uri(context.credential_url, el.color, el.background)}">'
                + (f'<div class="qr-cap">{esc(caption)}</div>' if caption else "")
                + "</div>"
            )
        elif isinstance(el, RuleBlock):
            rules.append(
                f"{sel}{{{pos}width:{el.width.resolve(W):.2f}mm;"
                f"border-top:{el.thickness:g}mm solid {el.color}}}"
            )
            body.append(f'<div class="el" id="el-{el.id}"></div>')
    title = " — ".join(t for t in (context.achievement_name, context.recipient_name) if t)
    created = (
        datetime.combine(context.issued_on, time(0), UTC).isoformat() if context.issued_on else ""
    )
    keywords = ", ".join(["Open Badges 3.0", "Verifiable Credential", *context.skills])
    css = (
        f"@page{{size:{W}mm {H}mm;margin:0}}html,body{{margin:0;padding:0}}"
        f".page{{position:relative;width:{W}mm;height:{H}mm;overflow:hidden;"
        f"{background_css(design.background)}}}"
        ".el{position:absolute;box-sizing:border-box;margin:0;overflow-wrap:anywhere}"
        ".bgimg{position:absolute;left:0;top:0;width:100%;height:100%}"
        ".sig{text-align:center;line-height:1.25}.sig-img{display:block;height:14mm;"
        "max-width:100%;margin:0 auto 1mm auto;object-fit:contain}.sig-space{height:15mm}"
        ".sig-line{border-top:0.3mm solid;margin-bottom:1.5mm}.sig-name{font-weight:600}"
        ".sig-title{font-weight:400;opacity:.8;font-size:.9em}"
        ".qr{text-align:center;line-height:1.2}.qr-cap{margin-top:1mm}"
        ".qr img{display:block;image-rendering:pixelated}"
        ".frame{position:absolute;box-sizing:border-box}.corner{position:absolute;width:22mm}"
        + "".join(rules)
    )
    return (
        f'<!DOCTYPE html><html lang="{esc(lang)}"><head><meta charset="utf-8">'
        f"<title>{esc(title or design.name or 'Certificate')}</title>"
        f'<meta name="author" content="{esc(context.issuer_name)}">'
        f'<meta name="description" content="{esc(_subject(context))}">'
        f'<meta name="keywords" content="{esc(keywords)}">'
        f'<meta name="generator" content="accredo">'
        + (f'<meta name="dcterms.created" content="{created}">' if created else "")
        + f"<style>{fonts.css(sorted(used))}\n{css}</style></head>"
        f'<body><div class="page">{"".join(body)}</div></body></html>'
    )


def _subject(context: RenderContext) -> str:
    who = f" to {context.recipient_name}" if context.recipient_name else ""
    by = f" by {context.issuer_name}" if context.issuer_name else ""
    return f"Certificate for {context.achievement_name or 'an achievement'} issued{who}{by}"


def _background(design: Design, res: Assets) -> tuple[str, str]:
    bg = design.background
    if not bg.image:
        return "", ""
    fit = {"cover": "cover", "contain": "contain", "stretch": "fill"}[bg.image_fit]
    return (
        f'<img class="bgimg" alt="" src="{res.uri(bg.image)}">',
        f".bgimg{{object-fit:{fit};opacity:{bg.image_opacity:g}}}",
    )


_CORNER = urllib.parse.quote(
    # one stroked path and one filled path: WeasyPrint's SVG cost grows with the node count
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 100 100'><path fill='none' stroke='{c}' "
    "stroke-width='2.2' stroke-linecap='round' d='M4 60 V4 H60 M12 44 V12 H44 "
    "M12 12 C30 14 36 26 30 36 C24 46 12 38 18 30 C22 24 30 28 28 32 "
    "M22 4 C26 14 36 18 46 14 M4 22 C14 26 18 36 14 46'/><path fill='{c}' d='M1 4 a3 3 0 1 0 6 0 "
    "a3 3 0 1 0 -6 0 M58 4 a2 2 0 1 0 4 0 a2 2 0 1 0 -4 0 M2 60 a2 2 0 1 0 4 0 a2 2 0 1 0 -4 0'/>"
    "</svg>",
    safe="",
)


def _border(b: Border, W: float, H: float) -> tuple[str, str]:  # noqa: N803 — page size
    if b.style == "none":
        return "", ""
    css_style = "double" if b.style in ("double", "ornamental") else b.style
    width = max(b.width, 1.2) if css_style == "double" else b.width
    html = ['<div class="frame f-outer"></div>']
    css = [
        f".f-outer{{left:{b.inset:g}mm;top:{b.inset:g}mm;width:{W - 2 * b.inset:.2f}mm;"
        f"height:{H - 2 * b.inset:.2f}mm;border-radius:{b.radius:g}mm;"
        f"border:{width:g}mm {css_style} {b.color}}}"
    ]
    if b.inner_color:
        inset = b.inset + width + b.inner_gap
        html.append('<div class="frame f-inner"></div>')
        css.append(
            f".f-inner{{left:{inset:.2f}mm;top:{inset:.2f}mm;width:{W - 2 * inset:.2f}mm;"
            f"height:{H - 2 * inset:.2f}mm;border-radius:{max(b.radius - b.inner_gap, 0):g}mm;"
            f"border:0.35mm solid {b.inner_color}}}"
        )
    if b.style == "ornamental":
        color = urllib.parse.quote(b.color, safe="")
        uri = "data:image/svg+xml;charset=utf-8," + _CORNER.replace("%7Bc%7D", color)
        o = b.inset + width + 1.5
        for name, transform, left, top in (
            ("tl", "none", o, o),
            ("tr", "scaleX(-1)", W - o - 22, o),
            ("bl", "scaleY(-1)", o, H - o - 22),
            ("br", "scale(-1,-1)", W - o - 22, H - o - 22),
        ):
            html.append(f'<img class="corner c-{name}" alt="" src="{uri}">')
            css.append(f".c-{name}{{left:{left:.2f}mm;top:{top:.2f}mm;transform:{transform}}}")
    return "".join(html), "".join(css)


def _document(html: str) -> weasyprint.Document:
    return render_document(html)


def render_certificate_pdf(
    design: Design,
    context: RenderContext,
    *,
    credential_json: str | None,
    lang: str | None = None,
    assets: Mapping[str, bytes] | None = None,
    fonts: FontLibrary | None = None,
) -> bytes:
    """The certificate as PDF bytes, fonts subset-embedded, with the credential attached.

    ``credential_json`` is the signed credential exactly as issued (JSON text, or a VC-JWT),
    attached as ``credential.json`` (``credential.jwt``) so the PDF itself verifies; pass
    ``None`` only for unsigned drafts.
    """
    html = render_certificate_html(design, context, lang=lang, assets=assets, fonts=fonts)
    attachments = []
    if credential_json is not None:
        is_json = credential_json.lstrip().startswith("{")
        attachments.append(
            weasyprint.Attachment(
                string=credential_json,
                name="credential.json" if is_json else "credential.jwt",
                description="Open Badges 3.0 credential (signed) — verify it at the issuer or "
                "with any Open Badges 3.0 verifier",
                relationship="Data",
            )
        )
    pdf = _document(html).write_pdf(attachments=attachments)
    if not isinstance(pdf, bytes):  # pragma: no cover - write_pdf() without target returns bytes
        raise RenderError("WeasyPrint returned no PDF")
    return pdf


def render_preview_png(
    design: Design,
    context: RenderContext | None = None,
    *,
    lang: str | None = None,
    width_px: int = 1200,
    assets: Mapping[str, bytes] | None = None,
    fonts: FontLibrary | None = None,
) -> bytes:
    """The builder's preview: the same PDF as :func:`render_certificate_pdf`, rasterised.

    Unknown placeholders are shown as written (``{custom.x}``) rather than raising; use
    :func:`~accredo.render.placeholders.unknown_placeholders` to report them.
    """
    context = context or RenderContext.sample()
    html = render_certificate_html(
        design, context, lang=lang, assets=assets, fonts=fonts, strict=False
    )
    pdf = _document(html).write_pdf()
    return pdf_page_png(pdf, width_px=width_px)


def pdf_page_png(pdf: bytes, *, width_px: int, page: int = 0) -> bytes:
    """Rasterise one page of a PDF to PNG at ``width_px`` wide (PDFium)."""
    with _PDFIUM_LOCK:  # PDFium is not thread-safe; web servers call this from a thread pool
        doc = pypdfium2.PdfDocument(pdf)
        try:
            pg = doc[page]
            scale = width_px / pg.get_width()
            image = pg.render(scale=scale).to_pil()
        finally:
            doc.close()
    buf = io.BytesIO()
    image.save(buf, "PNG", optimize=False, compress_level=3)
    return buf.getvalue()
