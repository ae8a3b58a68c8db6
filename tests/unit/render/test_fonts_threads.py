"""Fonts are shared by web-server threads: first use from many threads at once must not race."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from accredo.render import fonts


def test_first_use_from_many_threads_gives_identical_widths() -> None:
    fonts._ttfont_locked.cache_clear()
    fonts._metrics.cache_clear()
    families = sorted(fonts.BUNDLED.families())

    def width(i: int) -> float:
        family = families[i % len(families)]
        return fonts.BUNDLED.text_width_pt("Ada Lovelace", family, 400, "normal", 12)

    with ThreadPoolExecutor(16) as pool:
        widths = list(pool.map(width, range(160)))
    expected = [width(i) for i in range(len(families))]
    assert widths[: len(families)] == expected
    assert all(w > 0 for w in widths)
