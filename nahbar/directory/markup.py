"""Markdown from providers, rendered and then sanitised: providers must never inject HTML or scripts."""

from __future__ import annotations

import markdown
import nh3

_ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4", "blockquote", "code"}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
_ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}


def render_markdown(source: str) -> str:
    """Safe HTML for ``source``. Headings are kept below the page's own h1/h2."""
    html = markdown.markdown(source or "", extensions=["sane_lists"], output_format="html")
    # Providers write "# Title"; the page already has an h1, so shift headings down.
    for level in (2, 1):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
