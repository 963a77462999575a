"""Property-based conformance: every operation of /api/v1/schema/, called through the real WSGI app.

Authenticated as analis.nasional (national scope, TOTP set up) with a DRF token. For every
generated request (valid and invalid inputs alike): no 5xx, the status code is documented
and the body matches the documented schema; besides, the content type is the documented one,
input the schema calls invalid is refused and valid input accepted, the call without the
token is refused, and an undocumented method answers 405.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

# Fetching the schema needs no database: it is public and generated from the code.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.response_schema_conformance,
    checks.content_type_conformance,
    checks.negative_data_rejection,
    checks.positive_data_acceptance,
    checks.ignored_auth,
    checks.unsupported_method,
]


@pytest.fixture
def keep_test_transaction() -> Iterator[None]:
    """The WSGI handler closes "old" connections around each request, which would end the
    test's transaction on PostgreSQL; Django's own test client disconnects it the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def analis_token(token_for, keep_test_transaction: None) -> str:
    return token_for("analis.nasional")


def test_the_schema_lists_every_api_operation():
    operations = {result.ok().label for result in schema.get_all_operations()}
    assert operations == {
        "GET /api/v1/regions/",
        "GET /api/v1/regions/{code}/",
        "GET /api/v1/regions/{code}/children/",
        "GET /api/v1/reports/",
        "POST /api/v1/reports/",
        "GET /api/v1/reports/{public_id}/",
        "PATCH /api/v1/reports/{public_id}/",
        "POST /api/v1/reports/{public_id}/submit/",
        "POST /api/v1/reports/{public_id}/verify/",
        "POST /api/v1/reports/{public_id}/return/",
        "POST /api/v1/reports/{public_id}/accept/",
        "POST /api/v1/reports/nil/",
        "GET /api/v1/reports/completeness/",
    }


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_honours_the_schema(case, analis_token):
    case.call_and_validate(headers={"Authorization": f"Token {analis_token}"}, checks=CHECKS)
