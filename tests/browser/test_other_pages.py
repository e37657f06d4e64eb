"""Start page, accessibility statement with the barrier feedback form in its states, admin login, in a real
browser: axe-core and the page frame (see check_page)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.scenarios import OTHER_PAGES, Scenario, check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("scenario", OTHER_PAGES, ids=lambda s: s.id)
def test_page(request: pytest.FixtureRequest, browse: Any, axe: Any, scenario: Scenario) -> None:
    check_page(request, browse, axe, scenario)
