"""Who may call the API: session or token, never anonymous, and never past the MFA gate."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

URL = "/api/v1/regions/32.73/"


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["type"] == "client_error"
    assert len(body["errors"]) == 1
    error = body["errors"][0]
    assert set(error) == {"code", "detail", "attr"}
    assert error["code"] == code
    assert error["attr"] is None
    assert error["detail"]
    return error


def test_session_authentication_works(login_as):
    response = login_as("operator.kotabandung").get(URL)
    assert response.status_code == 200
    assert response.json()["code"] == "32.73"


def test_token_authentication_works(token_client):
    response = token_client("operator.kotabandung").get(URL)
    assert response.status_code == 200
    assert response.json()["code"] == "32.73"


def test_a_token_caller_keeps_its_own_scope(token_client):
    client = token_client("operator.kotabandung")
    assert client.get("/api/v1/regions/32.04/").status_code == 404


def test_an_anonymous_caller_gets_401_json_with_a_token_challenge(client):
    for url in ("/api/v1/regions/", URL, "/api/v1/regions/32/children/"):
        response = client.get(url)
        error = assert_error(response, 401, "not_authenticated")
        assert response["WWW-Authenticate"] == "Token"
        assert error["detail"] == "Data autentikasi tidak diberikan."


def test_an_unknown_token_gets_401_json(client):
    response = client.get(URL, HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert_error(response, 401, "authentication_failed")


def test_a_malformed_authorization_header_gets_401_json(client):
    response = client.get(URL, HTTP_AUTHORIZATION="Token a b c")
    assert_error(response, 401, "authentication_failed")


def test_an_inactive_users_token_gets_401_json(token_for, personas):
    key = token_for("operator.kotabandung")
    user = personas["operator.kotabandung"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert_error(Client().get(URL, HTTP_AUTHORIZATION=f"Token {key}"), 401, "authentication_failed")


def test_an_analis_without_totp_is_stopped_by_the_mfa_gate_with_a_session(personas):
    client = Client()
    client.force_login(personas["analis.nasional"])
    error = assert_error(client.get(URL), 403, "mfa_required")
    assert "TOTP" in error["detail"]


def test_an_analis_without_totp_is_stopped_by_the_mfa_gate_with_a_token(token_client):
    client = token_client("analis.nasional", totp=False)
    for url in ("/api/v1/regions/", URL, "/api/v1/regions/32/children/"):
        error = assert_error(client.get(url), 403, "mfa_required")
        assert "TOTP" in error["detail"]


def test_the_mfa_gate_gives_the_same_body_for_session_and_token(personas, token_client):
    session = Client()
    session.force_login(personas["verifikator.jabar"])
    by_session = session.get(URL)
    by_token = token_client("verifikator.jabar", totp=False).get(URL)
    assert by_session.status_code == by_token.status_code == 403
    assert by_session.json() == by_token.json()


def test_an_analis_with_totp_passes_the_mfa_gate(token_client, login_as):
    assert token_client("analis.nasional").get(URL).status_code == 200
    assert login_as("analis.nasional").get(URL).status_code == 200


def test_an_operator_needs_no_totp(personas, token_client):
    assert token_client("operator.kotabandung", totp=False).get(URL).status_code == 200
    client = Client()
    client.force_login(personas["operator.kotabandung"])
    assert client.get(URL).status_code == 200


def test_session_writes_without_csrf_are_refused_as_json(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["operator.kotabandung"])
    response = client.post("/api/v1/regions/", {}, content_type="application/json")
    error = assert_error(response, 403, "permission_denied")
    assert "CSRF" in error["detail"]


def test_a_read_only_role_gets_403_json_on_writes(token_client):
    response = token_client("pimpinan").post("/api/v1/regions/", {}, content_type="application/json")
    assert_error(response, 403, "permission_denied")
