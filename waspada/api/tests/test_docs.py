"""The OpenAPI schema generates cleanly and the Swagger UI works offline under the strict CSP."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from django.core.management import call_command

DOCS = "/api/v1/docs/"
SCHEMA = "/api/v1/schema/"


class Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.inline_script_bodies: list[str] = []
        self.links: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script":
            self.scripts.append(attributes)
            self._in_script = True
        elif tag == "link" and attributes.get("href"):
            self.links.append(attributes["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_script_bodies.append(data)


def parse_docs(client) -> tuple[object, Assets]:
    response = client.get(DOCS)
    assets = Assets()
    assets.feed(response.content.decode())
    return response, assets


def test_the_schema_generates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert "/api/v1/regions/" in out.read_text(encoding="utf-8")


@pytest.mark.django_db
def test_the_schema_is_served_as_openapi_3(client):
    response = client.get(SCHEMA, {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/regions/", "/api/v1/regions/{code}/", "/api/v1/regions/{code}/children/"} <= set(schema["paths"])
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


@pytest.mark.django_db
def test_the_schema_documents_what_the_api_really_answers(client):
    schema = json.loads(client.get(SCHEMA, {"format": "json"}).content)
    list_op = schema["paths"]["/api/v1/regions/"]["get"]
    children_op = schema["paths"]["/api/v1/regions/{code}/children/"]["get"]
    for op in (list_op, children_op):
        assert {"200", "400", "401", "403", "404", "405"} <= set(op["responses"])
        assert {p["name"] for p in op["parameters"]} >= {"cursor", "page_size"}
        assert op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/PaginatedRegionList")
    assert {p["name"] for p in list_op["parameters"]} >= {"search", "level", "parent"}
    region = schema["components"]["schemas"]["Region"]
    assert region["properties"]["parent_code"]["nullable"] is True
    forbidden = schema["components"]["schemas"]["ApiError403CodeEnum"]
    assert set(forbidden["enum"]) == {"permission_denied", "mfa_required"}


@pytest.mark.django_db
def test_the_swagger_ui_loads_without_any_cdn(client):
    response, assets = parse_docs(client)
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "docs page references an external URL"
    for name in ("jsdelivr", "unpkg", "cdnjs", "googleapis"):
        assert name not in html
    assert assets.scripts and all(s.get("src") for s in assets.scripts)


@pytest.mark.django_db
def test_the_swagger_ui_has_no_inline_script(client):
    response, assets = parse_docs(client)
    assert assets.inline_script_bodies == []
    assert not re.search(r"\son[a-z]+\s*=", response.content.decode()), "inline event handler"


@pytest.mark.django_db
def test_the_swagger_ui_is_served_under_a_csp_without_unsafe_inline_scripts(client):
    response, _ = parse_docs(client)
    policy = response["Content-Security-Policy"]
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy


@pytest.mark.django_db
def test_every_script_and_stylesheet_the_swagger_ui_references_is_served(client):
    _, assets = parse_docs(client)
    urls = [s["src"] for s in assets.scripts] + assets.links
    assert any("?script" in str(u) for u in urls), "the split view's init script"
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body, url
        if str(url).endswith(".js") or "?script" in str(url):
            assert "javascript" in response["Content-Type"], url


@pytest.mark.django_db
def test_the_swagger_init_script_points_at_our_schema(client):
    _, assets = parse_docs(client)
    init = next(s["src"] for s in assets.scripts if "?script" in str(s["src"]))
    body = client.get(init).content.decode()
    assert SCHEMA in body
    assert "SwaggerUIBundle" in body


def test_the_swagger_ui_page_has_no_inline_style_block_for_the_csp_to_block(client):
    body = client.get("/api/v1/docs/").content.decode()
    assert "<style" not in body
    assert "waspada/css/swagger.css" in body


@pytest.mark.django_db
def test_enum_components_are_named_after_the_choices_class_they_come_from(client):
    from waspada.foreigners.models import Purpose
    from waspada.forums.api import FormationStatus, RecapLevel
    from waspada.incidents.models import Incident
    from waspada.reports.models import SituationReport

    schemas = json.loads(client.get(SCHEMA, {"format": "json"}).content)["components"]["schemas"]
    assert schemas["IncidentStatusEnum"]["enum"] == list(Incident.Status.values)
    assert schemas["SituationReportStatusEnum"]["enum"] == list(SituationReport.Status.values)
    assert schemas["ForeignersPurposeEnum"]["enum"] == list(Purpose.values)
    # A region's formation status is not the forum record's status (ForumStatusEnum).
    assert schemas["ForumsFormationStatusEnum"]["enum"] == list(FormationStatus.values)
    assert schemas["ForumsRecapLevelEnum"]["enum"] == list(RecapLevel.values)
    assert "ForumsStatusEnum" not in schemas and "ForumsLevelEnum" not in schemas
    assert set(schemas["ConflictCodeEnum"]["enum"]) == {"stale", "exists", "status"}


NEW_APP_MODELS = """
from django.db import models


class Lighthouse:
    class Status(models.TextChoices):
        LIT = "lit", "Menyala"
        DARK = "dark", "Padam"


class Colour(models.TextChoices):
    RED = "red", "Merah"


BEAM_KINDS = [("fixed", "Tetap"), ("flashing", "Berkedip")]
"""


def test_a_new_apps_choices_are_named_without_a_settings_entry(monkeypatch):
    import sys
    import types

    from waspada.api.schema import enum_names

    module = types.ModuleType("waspada.lighthouses.models")
    exec(NEW_APP_MODELS, module.__dict__)  # noqa: S102 -- a fixed module text: classes with real qualified names
    monkeypatch.setitem(sys.modules, module.__name__, module)

    names = enum_names()
    assert names["LighthouseStatusEnum"] is module.Lighthouse.Status
    assert names["LighthousesColourEnum"] is module.Colour
    assert names["LighthousesBeamKindEnum"] is module.BEAM_KINDS

    # Another module of the app names a different choice set alike: both take the longer name.
    api = types.ModuleType("waspada.lighthouses.api")
    api.BEAM_KINDS = [("fixed", "Tetap")]
    monkeypatch.setitem(sys.modules, api.__name__, api)
    names = enum_names()
    assert "LighthousesBeamKindEnum" not in names
    assert names["LighthousesModelsBeamKindEnum"] is module.BEAM_KINDS
    assert names["LighthousesApiBeamKindEnum"] is api.BEAM_KINDS
