"""The week page in all its states, in a real browser: axe-core and the page frame (see check_page)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.scenarios import WEEK_PAGE, Scenario, check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("scenario", WEEK_PAGE, ids=lambda s: s.id)
def test_week_page(request: pytest.FixtureRequest, browse: Any, axe: Any, scenario: Scenario) -> None:
    check_page(request, browse, axe, scenario)
