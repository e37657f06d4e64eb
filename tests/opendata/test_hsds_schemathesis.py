"""schemathesis against the generated OpenAPI document: no server errors, no schema violations.

Responses are checked against the document, which bundles the official HSDS schemas, so every
generated list and object is also an HSDS conformance check. Examples are bounded to keep the
suite fast.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from nahbar.opendata.api import api

PREFIX = "/api/hsds/heimstadt/"
# Valid and invalid inputs, a fixed seed (same cases every run); the coverage phase's hundreds of
# boundary cases per operation are left to manual runs to keep `make test` fast.
CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 4,
        "phases": {"coverage": {"enabled": False}},
        "generation": {"mode": "all", "max-examples": 6, "deterministic": True},
    }
)
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix=PREFIX.rstrip("/")), config=CONFIG)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def wsgi_app() -> Any:
    """Django's WSGI app, without closing the database connection after each request.

    The test client does the same: closing it would end the test's transaction (on PostgreSQL the
    next query fails with "connection is closed").
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_openapi_document(case: Any, directory: Any, wsgi_app: Any) -> None:
    # schemathesis offers "gzip" (requests' default headers) but its WSGI transport does not decompress;
    # compression is the GZip middleware's business and tested with the feeds, not a property of the API.
    case.call_and_validate(app=wsgi_app, checks=CHECKS, headers={"Accept-Encoding": "identity"})
