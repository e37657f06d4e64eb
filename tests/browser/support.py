"""Shared pieces of the browser tests: the browser set-up, one page visit and what it recorded."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_21_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
OFFER_TITLES = ("Erzählcafé am Nachmittag", "Spaziergang durch den Stadtpark")

# With JavaScript disabled, Chromium runs scripts evaluated by Playwright but no callbacks the page
# schedules itself: axe-core's setTimeout() calls never fire and axe.run() never settles. For that case
# only, setTimeout is replaced by a promise job (promise jobs do run). The DOM is not touched.
NO_JS_TIMER_SHIM = """() => {
  window.setTimeout = (callback, _delay, ...args) => { Promise.resolve().then(() => callback(...args)); return 0; };
  window.clearTimeout = () => {};
}"""

FOCUS_INFO = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    cls: el.className,
    href: el.getAttribute('href'),
    text: (el.innerText || el.textContent || '').trim(),
    inMain: el.closest('main') !== null,
    outline: style.outlineStyle + ' ' + style.outlineWidth,
    boxShadow: style.boxShadow,
    visibleBox: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
      && box.left < window.innerWidth && box.top < window.innerHeight,
  };
}"""


@dataclass
class Visit:
    """One page in a fresh browser context, with everything the page asked the network for."""

    page: Any  # playwright.sync_api.Page
    base_url: str
    javascript: bool
    response: Any = None  # the response to the first navigation
    requests: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def server(self) -> str:
        return urlsplit(self.base_url).netloc

    def url(self, path: str) -> str:
        return self.base_url + path

    def goto(self, path: str) -> Any:
        return self.page.goto(self.url(path), wait_until="load")

    def focus_info(self) -> dict[str, Any]:
        return self.page.evaluate(FOCUS_INFO)

    def third_party_requests(self) -> list[str]:
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in ("data", "blob", "about") and urlsplit(url).netloc != self.server
        ]


def focus_is_visible(info: dict[str, Any]) -> bool:
    style, _, width = info["outline"].partition(" ")
    has_outline = style != "none" and width not in ("0px", "")
    return info["visibleBox"] and (has_outline or info["boxShadow"] != "none")


def print_browser_summary(terminalreporter: Any) -> None:
    """Print the axe-core counts per page and why browser tests were skipped, once per run.

    With xdist the workers run the tests; their reports carry the axe lines as user properties.
    """
    if getattr(terminalreporter, "_nahbar_browser_summary_done", False):
        return
    terminalreporter._nahbar_browser_summary_done = True
    axe_lines: list[str] = []
    skip_reasons: set[str] = set()
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", []):
        axe_lines += [value for name, value in getattr(report, "user_properties", ()) if name == "axe"]
    for report in terminalreporter.stats.get("skipped", []):
        if "browser" in getattr(report, "keywords", {}) and isinstance(report.longrepr, tuple | list):
            skip_reasons.add(report.longrepr[2])
    if axe_lines:
        terminalreporter.write_sep("-", "axe-core, WCAG 2.1 A/AA rules, per page")
        for line in sorted(set(axe_lines)):
            terminalreporter.write_line(line)
    for reason in sorted(skip_reasons):
        terminalreporter.write_line(reason)
