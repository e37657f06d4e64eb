"""Real-browser fixtures: Debian's chromium, driven by Playwright, against pytest-django's live server.

The tests skip themselves, saying why, when chromium is missing; ``make test`` installs it first
(scripts/ensure_chromium.sh). One browser per worker process, a fresh browser context per page visit.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.browser.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    NO_JS_TIMER_SHIM,
    OFFER_TITLES,
    WCAG_21_AA_TAGS,
    Visit,
    print_browser_summary,
)

# Playwright's sync API runs an asyncio event loop in this (the main) thread and, once the browser is up,
# keeps that loop marked as running between its calls, for the rest of the session. Two consequences:
# 1. Django takes every ORM call from this thread (set-up, the flush after each test, assertions on rows,
#    and tests that run later in the same xdist worker) for a call from async code and raises
#    SynchronousOnlyOperation, although the calls are plain synchronous ones: hence the switch below.
# 2. Django keeps its database connections in an asgiref Local, which switches to separate, context-local
#    storage while a loop runs: this thread gets new connection objects (same test database), without the
#    copy of the migrated data that serialized_rollback needs. See the browser fixture.
# The live server answers in a thread of its own and is affected by neither.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """Load the migrated data back after each browser test has emptied the database.

    Live-server tests are transactional: afterwards Django flushes every table, here (serialized_rollback=True)
    including content types, permissions and the vocabularies the migrations seed. pytest-django runs such
    tests after the others, but xdist's --dist loadfile does not keep that order, so tests relying on the
    migrated data can follow ours in the same worker. serialized_rollback makes pytest-django keep a copy of
    that data (Django loads it before each of our tests); loading it after the flush, too, leaves the
    database as the other tests expect it.
    """
    result = yield
    # After the worker's last test the session fixtures have already dropped the test database.
    if item.get_closest_marker("browser") is not None and nextitem is not None:
        from django.db import connections
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            for connection in connections.all(initialized_only=True):
                contents = getattr(connection, "_test_serialized_contents", None)
                if contents:
                    connection.creation.deserialize_db_from_string(contents)
    return result


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """The cast fixture creates a dozen users; Argon2 takes ~0.4 s per password, which dominated the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest, django_db_setup: None) -> Iterator[Any]:
    """pytest-django's live server, bound to 127.0.0.1 instead of "localhost".

    "No request leaves 127.0.0.1" is then checked literally (the server name is the IP address) and
    chromium does not try ::1 first. --liveserver and DJANGO_LIVE_TEST_SERVER_ADDRESS still win.

    It outlives the browser (which depends on it, so it closes first) and, before stopping, waits for the
    request threads still closing their connections: stopping ends the threads' share of the test
    database connection, and a thread closing it after that raised in the last test's teardown.
    """
    from pytest_django.live_server_helper import LiveServer

    addr = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "127.0.0.1"
    server = LiveServer(addr)
    yield server
    _wait_for_request_threads()
    server.stop()


def _wait_for_request_threads(timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and "process_request_thread" in thread.name:
            thread.join(max(0.0, deadline - time.monotonic()))


@pytest.fixture(scope="session")
def browser(django_db_setup: None, live_server: Any) -> Iterator[Any]:
    """One chromium per worker process; the test database is set up before it starts (see the top)."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(
            f"Debian's chromium is missing at {CHROMIUM}, browser tests skipped "
            "(`make test` installs it, or: apt-get install --no-install-recommends chromium)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - the lock file installs playwright
        pytest.skip(f"the playwright package is not importable ({exc}), browser tests skipped")
    from django.db import connections

    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except BaseException:
        playwright.stop()
        raise
    # From here on this thread sees the connection objects made for "async" code: hand them the copy of the
    # migrated data, so that serialized_rollback works (Django checks for it on the connection object).
    for alias, contents in serialized.items():
        connections[alias]._test_serialized_contents = contents
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def browse(browser: Any, live_server: Any) -> Iterator[Callable[..., Visit]]:
    """``browse(path, javascript=True, width=1280)`` opens ``path`` in a fresh context (no cookies).

    ``block`` is a URL glob whose requests are refused, e.g. "**/*.woff2" for a visitor without web fonts.
    """
    contexts: list[Any] = []

    def open_page(
        path: str, *, javascript: bool = True, width: int = 1280, height: int = 900, block: str | None = None
    ) -> Visit:
        context = browser.new_context(
            java_script_enabled=javascript,
            viewport={"width": width, "height": height},
            locale="de-DE",
            service_workers="block",
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        if block:
            page.route(block, lambda route: route.abort("blockedbyclient"))
        visit = Visit(page=page, base_url=live_server.url, javascript=javascript)
        page.on("request", lambda req: visit.requests.append(req.url))
        page.on("requestfailed", lambda req: visit.failures.append(f"failed {req.url} ({req.failure})"))
        page.on(
            "response",
            lambda resp: (
                visit.failures.append(f"{resp.status} {resp.url}")
                if resp.status >= 400 and resp.request.resource_type != "document"
                else None
            ),
        )
        visit.response = visit.goto(path)
        return visit

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def axe(request: pytest.FixtureRequest) -> Callable[[Visit, str], Any]:
    """``axe(visit, label)`` runs axe-core (WCAG 2.1 A and AA rules) on the page as it is now.

    The counts go into the test report (printed at the end of the run by pytest_terminal_summary).
    """
    from axe_playwright_python.sync_playwright import Axe

    def run(visit: Visit, label: str) -> Any:
        if not visit.javascript:
            visit.page.evaluate(NO_JS_TIMER_SHIM)
        options = {"runOnly": {"type": "tag", "values": WCAG_21_AA_TAGS}, "resultTypes": ["violations"]}
        results = Axe().run(visit.page, options=options)
        response = results.response
        summary = (
            f"{label:<24} {results.violations_count} violations, {len(response['passes'])} rules passed, "
            f"{len(response['incomplete'])} to review"
        )
        if response["incomplete"]:
            summary += " (" + ", ".join(sorted(item["id"] for item in response["incomplete"])) + ")"
        if results.violations_count:
            summary += " – " + results.generate_snapshot().replace("\n", "; ")
        request.node.user_properties.append(("axe", summary))
        return results

    return run


@pytest.fixture
def week_offers(cast: Any) -> list[Any]:
    """Two published offers in Heimstadt, every day at 10:00 and 15:00, so every day of any week has entries."""
    from nahbar.directory.services import offer_create, place_create, schedule_add

    today = timezone.localdate()
    with scopes_disabled():
        place = place_create(
            actor=None,
            municipality=cast.home,
            name="Stadtteiltreff Mitte",
            street="Marktplatz 1",
            postcode="01067",
            city="Heimstadt",
        )
        offers = []
        for title, hour in zip(OFFER_TITLES, (10, 15), strict=True):
            offer = offer_create(
                actor=None,
                organization=cast.home_org,
                title=title,
                summary="Kommen Sie vorbei, wir freuen uns auf Sie.",
                review_state="published",
                places=[place],
            )
            schedule_add(
                actor=None,
                offer=offer,
                place=place,
                dtstart=today - dt.timedelta(days=14),
                start_time=dt.time(hour),
                duration_minutes=120,
                runs_on_holidays=True,
                rrule="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU",
            )
            offers.append(offer)
    return offers


def pytest_terminal_summary(terminalreporter: Any) -> None:
    # Runs in the controlling process only if it loaded this conftest, i.e. for `pytest tests/browser…`.
    # For the whole suite, tests/conftest.py can define the same hook (print_browser_summary prints once).
    print_browser_summary(terminalreporter)
