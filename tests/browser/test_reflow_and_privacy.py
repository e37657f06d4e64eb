"""No sideways scrolling at 320 px (WCAG 1.4.10 Reflow); no cookies for anonymous visitors."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TOO_WIDE = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1)
  .map(el => `${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth}/${el.clientWidth} px`)"""


@pytest.mark.parametrize("web_fonts", [True, False], ids=["fira-sans", "fallback-font"])
@pytest.mark.parametrize("path", ["/", "/heimstadt/", "/barrierefreiheit/"])
def test_no_horizontal_scrolling_at_320px(browse: Any, cast: Any, week_offers: Any, path: str, web_fonts: bool) -> None:
    """With Fira Sans, and with the (wider) fallback font shown before or without it."""
    visit = browse(path, width=320, height=640, block=None if web_fonts else "**/*.woff2")
    visit.page.evaluate("document.fonts.ready.then(() => true)")
    scroll_width = visit.page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, (
        f"{path} scrolls sideways at 320 px: scrollWidth {scroll_width}; too wide: {visit.page.evaluate(TOO_WIDE)}"
    )


@pytest.mark.parametrize("path", ["/", "/heimstadt/", "/en/heimstadt/?ab=kaputt"])
def test_no_cookies_for_anonymous_visitors(browse: Any, cast: Any, week_offers: Any, path: str) -> None:
    visit = browse(path)
    assert visit.page.locator("h1").count() == 1
    assert visit.page.context.cookies() == [], f"{path} sets cookies for an anonymous visitor"
