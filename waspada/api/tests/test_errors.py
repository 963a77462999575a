"""Every error under /api/ is a JSON problem in the drf-standardized-errors shape, never HTML, never 500."""

from __future__ import annotations

import base64

import pytest

pytestmark = pytest.mark.django_db

LIST = "/api/v1/regions/"


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"type", "errors"}
    assert body["errors"]
    for error in body["errors"]:
        assert set(error) == {"code", "detail", "attr"}
    return body


@pytest.fixture
def analis(token_client):
    return token_client("analis.nasional")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/nope/",
        "/api/v1/regions/abc/",
        "/api/v1/regions/32/nope/",
        "/api/v2/regions/",
        "/api/",
        "/api/v1/",
    ],
)
def test_an_unknown_url_under_api_answers_404_json(analis, url):
    response = analis.get(url)
    assert b"<html" not in response.content.lower()
    body = error_of(response, 404)
    assert body["type"] == "client_error"
    assert body["errors"][0]["code"] == "not_found"


def test_a_missing_trailing_slash_redirects_rather_than_failing(analis):
    response = analis.get("/api/v1/regions/32")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/regions/32/"


def test_an_unknown_url_under_api_answers_404_json_to_anonymous_callers_too(client):
    body = error_of(client.get("/api/v1/nope/"), 404)
    assert body["errors"][0]["code"] == "not_found"


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", LIST),
        ("put", f"{LIST}32/"),
        ("patch", f"{LIST}32/"),
        ("delete", f"{LIST}32/"),
        ("post", f"{LIST}32/children/"),
    ],
)
def test_a_method_not_allowed_answers_405_json(analis, method, url):
    response = getattr(analis, method)(url, {}, content_type="application/json")
    body = error_of(response, 405)
    assert body["errors"][0]["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]


@pytest.mark.parametrize(
    ("params", "attr", "code"),
    [
        ({"level": "xyz"}, "level", "invalid_choice"),
        ({"level": ""}, "level", "invalid_choice"),
        ({"parent": "abc"}, "parent", "invalid"),
        ({"parent": "32.7"}, "parent", "invalid"),
        ({"parent": ""}, "parent", "blank"),
        ({"search": "x" * 101}, "search", "max_length"),
        ({"search": "a\x00b"}, "search", "null_characters_not_allowed"),
        ({"page_size": "abc"}, "page_size", "invalid"),
        ({"page_size": "0"}, "page_size", "min_value"),
        ({"page_size": "-5"}, "page_size", "min_value"),
        ({"page_size": "501"}, "page_size", "max_value"),
        ({"page_size": ""}, "page_size", "invalid"),
    ],
)
def test_a_bad_query_parameter_answers_400_naming_the_parameter(analis, params, attr, code):
    body = error_of(analis.get(LIST, params), 400)
    assert body["type"] == "validation_error"
    [error] = body["errors"]
    assert (error["attr"], error["code"]) == (attr, code)
    assert error["detail"]


def test_a_bad_parent_is_explained_in_indonesian(analis):
    [error] = error_of(analis.get(LIST, {"parent": "abc"}), 400)["errors"]
    assert error["detail"] == "Kode induk harus berbentuk 32, 32.73 atau 32.73.01."


def test_a_bad_level_is_explained_in_indonesian(analis):
    [error] = error_of(analis.get(LIST, {"level": "xyz"}), 400)["errors"]
    assert error["detail"] == '"xyz" tidak ada dalam daftar pilihan.'


def test_a_bad_page_size_on_children_answers_400(analis):
    body = error_of(analis.get(f"{LIST}32/children/", {"page_size": "abc"}), 400)
    assert body["errors"][0]["attr"] == "page_size"


def cursor(raw: str) -> str:
    return base64.b64encode(raw.encode("ascii")).decode("ascii")


@pytest.mark.parametrize(
    "value",
    [
        "garbage",
        "ñ",
        cursor("o=abc"),
        cursor("r=x"),
        cursor("o=-1"),
        cursor("p=%00"),
        cursor("p=32%00"),
        cursor("p=' OR 1=1 --"),
    ],
)
@pytest.mark.parametrize("url", [LIST, f"{LIST}32/children/"])
def test_a_forged_cursor_answers_404_json_in_indonesian(analis, url, value):
    body = error_of(analis.get(url, {"cursor": value}), 404)
    assert body["errors"][0] == {"code": "not_found", "detail": "Kursor halaman tidak valid.", "attr": None}


def test_a_cursor_we_issued_still_works(analis):
    first = analis.get(LIST, {"level": "provinsi", "page_size": 5}).json()
    assert analis.get(first["next"]).status_code == 200


def test_a_huge_offset_in_a_cursor_is_capped_not_an_error(analis):
    response = analis.get(LIST, {"cursor": cursor("o=99999999&p=32")})
    assert response.status_code == 200


def test_unknown_query_parameters_are_ignored(analis):
    assert analis.get(LIST, {"foo": "bar", "level": "provinsi"}).status_code == 200
