"""The 1200 x 630 share image (Open Graph / social previews) of a credential.

The left side shows the certificate (or badge) exactly as rendered; the right side names the
achievement, the recipient and the issuer.

Example::

    >>> from accredo.render.share import render_share_image
    >>> from accredo.render.placeholders import RenderContext
    >>> from accredo.render.templates import GALLERY
    >>> png = render_share_image(GALLERY["modern"], RenderContext.sample())
    >>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
"""

from __future__ import annotations

import base64
from collections.abc import Mapping

from accredo.render._layout import esc
from accredo.render.badge import render_badge_png
from accredo.render.certificate import _document, pdf_page_png, render_preview_png
from accredo.render.design import Design
from accredo.render.fonts import BUNDLED, FontLibrary
from accredo.render.placeholders import RenderContext

__all__ = ["SHARE_HEIGHT", "SHARE_WIDTH", "render_share_image"]

SHARE_WIDTH, SHARE_HEIGHT = 1200, 630


def _accent(design: Design) -> str:
    if design.kind == "badge":
        return design.badge.fill
    if design.border.style != "none":
        return design.border.color
    return "#2563eb"


def render_share_image(
    design: Design,
    context: RenderContext,
    *,
    lang: str | None = None,
    assets: Mapping[str, bytes] | None = None,
    fonts: FontLibrary | None = None,
    label: str = "Digital credential",
) -> bytes:
    """A 1200 x 630 PNG for link previews of the credential's public page."""
    fonts = fonts or BUNDLED
    if design.kind == "badge":
        picture = render_badge_png(design, context, lang=lang, size=420, assets=assets, fonts=fonts)
        pic_css = "left:70px;top:105px;width:420px;height:420px"
    else:
        picture = render_preview_png(
            design, context, lang=lang, width_px=1000, assets=assets, fonts=fonts
        )
        ratio = design.page.height_mm / design.page.width_mm
        w = 560 if ratio < 1 else round(470 / ratio)
        h = round(w * ratio)
        pic_css = (
            f"left:{60 + (560 - w) // 2}px;top:{(SHARE_HEIGHT - h) // 2}px;"
            f"width:{w}px;height:{h}px;"
            "box-shadow:0 10px 40px rgba(0,0,0,.45)"
        )
    uri = "data:image/png;base64," + base64.b64encode(picture).decode("ascii")
    used = [("Source Sans Pro", 400, "normal"), ("Source Sans Pro", 700, "normal")]
    css = (
        f"@page{{size:{SHARE_WIDTH}px {SHARE_HEIGHT}px;margin:0}}html,body{{margin:0}}"
        f".s{{position:relative;width:{SHARE_WIDTH}px;height:{SHARE_HEIGHT}px;overflow:hidden;"
        "background:linear-gradient(135deg,#0f172a 0%,#1e293b 100%);font-family:'Source Sans Pro';"
        "color:#f8fafc}.pic{position:absolute}.txt{position:absolute;left:680px;top:0;width:460px;"
        "height:630px;display:flex;flex-direction:column;justify-content:center}"
        f".chip{{display:inline-block;align-self:flex-start;background:{_accent(design)};"
        "color:#fff;font-weight:700;font-size:20px;padding:6px 16px;border-radius:20px;"
        "letter-spacing:.06em;text-transform:uppercase}"
        ".ach{font-size:46px;font-weight:700;line-height:1.1;margin:26px 0 18px}"
        ".who{font-size:30px;color:#cbd5e1}.by{font-size:24px;color:#94a3b8;margin-top:10px}"
    )
    achievement = context.achievement_name or design.name
    html = (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
        f"{fonts.css(used)}\n{css}</style></head><body><div class='s'>"  # type: ignore[arg-type]
        f"<img class='pic' alt='' src='{uri}' style='{pic_css}'>"
        f"<div class='txt'><div class='chip'>{esc(label)}</div>"
        f"<div class='ach'>{esc(achievement)}</div>"
        f"<div class='who'>{esc(context.recipient_name)}</div>"
        f"<div class='by'>{esc(context.issuer_name)}</div></div></div></body></html>"
    )
    pdf = _document(html).write_pdf()
    return pdf_page_png(pdf, width_px=SHARE_WIDTH)
