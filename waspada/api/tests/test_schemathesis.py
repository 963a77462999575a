"""Property-based conformance: every operation of /api/v1/schema/, called through the real WSGI app.

Authenticated as analis.nasional (national scope, TOTP set up) with a DRF token. For every
generated request (valid and invalid inputs alike): no 5xx, the status code is documented
and the body matches the documented schema; besides, the content type is the documented one,
input the schema calls invalid is refused and valid input accepted, the call without the
token is refused, and an undocumented method answers 405.
"""

from __future__ import annotations

import re
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

INCIDENT_PATHS = "/api/v1/incidents/"
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_REGION = re.compile(r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def realistic_incident_query(path, query):
    """What the schema cannot say about the incident filters and the recap: category and region
    codes are rows of reference data, a range runs forwards, a period has already started and
    spans at most ten years. Values that look valid are made real (so that positive cases reach
    the figures instead of a 400); values the schema forbids are left for the negative cases."""
    if not isinstance(query, dict) or not path.startswith(INCIDENT_PATHS):
        return query
    query = dict(query)
    kategori = query.get("kategori")
    if isinstance(kategori, str) and _SLUG.fullmatch(kategori):
        query["kategori"] = "bentrok-antarwarga"
    elif isinstance(kategori, list) and all(isinstance(v, str) and _SLUG.fullmatch(v) for v in kategori):
        query["kategori"] = ["bentrok-antarwarga"] * len(kategori)
    if isinstance(query.get("wilayah"), str) and _REGION.fullmatch(query["wilayah"]):
        query["wilayah"] = "32"
    dates = {k: query[k] for k in ("dari", "sampai", "tanggal") if isinstance(query.get(k), str)}
    if all(_DATE.fullmatch(v) for v in dates.values()):
        if path.endswith("/recap/"):
            if "tanggal" in dates:
                query["tanggal"] = "2020-10-15"
            if query.get("periode") == "custom":  # needs both ends
                query.update({"dari": "2020-10-01", "sampai": "2020-10-31"})
        elif "dari" in dates and "sampai" in dates and dates["dari"] > dates["sampai"]:
            query["dari"], query["sampai"] = dates["sampai"], dates["dari"]
    return query


# A case hook (the only kind the coverage phase applies as well), for the incident operations
# only: the other operations' examples are drawn exactly as without it.
@schema.hook("map_case").apply_to(path_regex=r"^/api/v1/incidents/")  # type: ignore[attr-defined]
def realistic_incident_case(ctx, case):
    case.query = realistic_incident_query(case.operation.path, case.query)
    return case


_DATETIME = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?([Zz]|[+-][0-9]{2}:[0-9]{2})?$"
)


# A Laporan Informasi is obtained in the past, in the era of the system: a well-formed time is made
# one (any year 0001–9999 is a valid date-time, but 1465 or 2099 is not a real LI); malformed
# values are left for the negative cases.
@schema.hook("map_case").apply_to(path_regex=r"^/api/v1/information-reports/$")  # type: ignore[attr-defined]
def realistic_information_report(ctx, case):
    body = case.body
    if isinstance(body, dict) and isinstance(body.get("obtained_at"), str) and _DATETIME.match(body["obtained_at"]):
        case.body = body = {**body, "obtained_at": "2020-10-05T09:30:00+07:00"}
    return case


# A foreign national's identity has rules the schema cannot say (the nationality is one of the
# shipped codes and not IDN; the passport number follows ICAO 9303 and, for a few nationalities, a
# stricter pattern; a birth date is in the past): positive cases get a real identity, negative
# cases keep theirs.
@schema.hook("map_case").apply_to(path_regex=r"^/api/v1/foreigners/(\{public_id\}/)?$")  # type: ignore[attr-defined]
def realistic_foreigner(ctx, case):
    body = case.body
    if case.meta is not None and case.meta.generation.mode == "positive" and isinstance(body, dict):
        body = dict(body)
        if "nationality" in body or "passport_number" in body:
            body.update({"nationality": "USA", "passport_number": "X1234567"})
        if isinstance(body.get("birth_date"), str):
            body["birth_date"] = "1980-01-01"
        case.body = body
    return case


def _without_nul(value):
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {k: _without_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    return value


# A positive case must fit the schema, whose text patterns forbid NUL; values substituted from
# schemathesis' constant pool (filled by earlier operations in the same process) are not
# re-checked against the pattern, so a NUL could reach a "positive" body or query of any
# operation. Drop it there; negative cases keep theirs.
@schema.hook("map_case")
def positive_cases_without_nul(ctx, case):
    if case.meta is not None and case.meta.generation.mode == "positive":
        case.body = _without_nul(case.body) if isinstance(case.body, dict | list) else case.body
        case.query = _without_nul(case.query) if isinstance(case.query, dict) else case.query
    return case


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
        "GET /api/v1/incidents/",
        "POST /api/v1/incidents/",
        "GET /api/v1/incidents/{public_id}/",
        "PUT /api/v1/incidents/{public_id}/",
        "PATCH /api/v1/incidents/{public_id}/",
        "POST /api/v1/incidents/{public_id}/merge/",
        "GET /api/v1/incidents/removed/",
        "GET /api/v1/incidents/recap/",
        "GET /api/v1/incident-codes/",
        "GET /api/v1/conflict-statuses/",
        "GET /api/v1/elections/",
        "GET /api/v1/elections/{code}/",
        "GET /api/v1/contests/",
        "GET /api/v1/contests/{public_id}/",
        "GET /api/v1/candidate-pairs/",
        "GET /api/v1/candidate-pairs/{public_id}/",
        "GET /api/v1/violations/",
        "POST /api/v1/violations/",
        "GET /api/v1/violations/{public_id}/",
        "GET /api/v1/violations/recap/",
        "GET /api/v1/health-events/",
        "GET /api/v1/health-events/{public_id}/",
        "GET /api/v1/grant-agreements/",
        "GET /api/v1/grant-agreements/{public_id}/",
        "GET /api/v1/grant-agreements/compliance/",
        "GET /api/v1/forums/",
        "POST /api/v1/forums/",
        "GET /api/v1/forums/{public_id}/",
        "PATCH /api/v1/forums/{public_id}/",
        "POST /api/v1/forums/{public_id}/decrees/",
        "GET /api/v1/forums/{public_id}/decrees/{decree_id}/file/",
        "POST /api/v1/forums/{public_id}/members/",
        "POST /api/v1/forums/{public_id}/members/{member_id}/end/",
        "DELETE /api/v1/forums/{public_id}/members/{member_id}/",
        "GET /api/v1/forums/{public_id}/meetings/",
        "POST /api/v1/forums/{public_id}/meetings/",
        "DELETE /api/v1/forums/{public_id}/meetings/{meeting_id}/",
        "GET /api/v1/forums/{public_id}/documents/",
        "POST /api/v1/forums/{public_id}/documents/",
        "DELETE /api/v1/forums/{public_id}/documents/{document_id}/",
        "GET /api/v1/forums/{public_id}/documents/{document_id}/file/",
        "GET /api/v1/forums/compliance/",
        "GET /api/v1/alerts/",
        "GET /api/v1/alerts/{public_id}/",
        "POST /api/v1/alerts/{public_id}/verify/",
        "POST /api/v1/alerts/{public_id}/assess/",
        "POST /api/v1/alerts/{public_id}/assign/",
        "POST /api/v1/alerts/{public_id}/act/",
        "POST /api/v1/alerts/{public_id}/escalate/",
        "POST /api/v1/alerts/{public_id}/close/",
        "POST /api/v1/alerts/{public_id}/comment/",
        "GET /api/v1/information-reports/",
        "POST /api/v1/information-reports/",
        "GET /api/v1/information-reports/{public_id}/",
        "POST /api/v1/triage/",
        "GET /api/v1/action-plans/",
        "POST /api/v1/action-plans/",
        "GET /api/v1/action-plans/{public_id}/",
        "PATCH /api/v1/action-plans/{public_id}/",
        "DELETE /api/v1/action-plans/{public_id}/",
        "GET /api/v1/action-plans/{public_id}/document/",
        "POST /api/v1/action-plans/{public_id}/actions/",
        "POST /api/v1/action-plans/{public_id}/progress-reports/",
        "GET /api/v1/plan-actions/",
        "GET /api/v1/plan-actions/{public_id}/",
        "PATCH /api/v1/plan-actions/{public_id}/",
        "DELETE /api/v1/plan-actions/{public_id}/",
        "GET /api/v1/progress-reports/",
        "GET /api/v1/progress-reports/{public_id}/",
        "PATCH /api/v1/progress-reports/{public_id}/",
        "POST /api/v1/progress-reports/{public_id}/submit/",
        "POST /api/v1/progress-reports/{public_id}/verify/",
        "POST /api/v1/progress-reports/{public_id}/return/",
        "POST /api/v1/progress-reports/{public_id}/evidence/",
        "GET /api/v1/progress-reports/{public_id}/evidence/{evidence_id}/file/",
        "GET /api/v1/progress-reports/completeness/",
        "GET /api/v1/foreigners/",
        "POST /api/v1/foreigners/",
        "GET /api/v1/foreigners/{public_id}/",
        "PATCH /api/v1/foreigners/{public_id}/",
        "POST /api/v1/foreigners/{public_id}/permits/",
        "DELETE /api/v1/foreigners/{public_id}/permits/{permit_id}/",
        "POST /api/v1/foreigners/{public_id}/activities/",
        "GET /api/v1/foreigners/recap/",
        "GET /api/v1/foreign-organisations/",
        "GET /api/v1/foreign-organisations/{public_id}/",
        "GET /api/v1/visit-requests/",
        "GET /api/v1/visit-requests/{public_id}/",
        "GET /api/v1/vulnerability-frameworks/",
        "GET /api/v1/vulnerability-frameworks/{public_id}/",
        "GET /api/v1/vulnerability-assessments/",
        "GET /api/v1/vulnerability-assessments/{public_id}/",
        "POST /api/v1/vulnerability-assessments/{public_id}/values/",
        "GET /api/v1/vulnerability-assessments/scores/",
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
