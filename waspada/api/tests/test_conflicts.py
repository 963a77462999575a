"""The one 409 builder: each kind of record gets its documented conflict answer, built once."""

from __future__ import annotations

import pytest
from rest_framework.response import Response

from waspada.api.conflicts import Conflict, add_conflict_fields, conflict_from, conflict_response


class StaleThing(Exception):
    code = "stale"
    current_version = 4
    messages = ["Data ini sudah diubah orang lain (versi 4) setelah Anda membukanya."]


def test_the_builder_returns_the_same_response_for_a_name_and_refuses_other_arguments():
    first = conflict_response("BuilderTest", noun="benda")
    assert conflict_response("BuilderTest", noun="benda") is first
    assert first.response.__name__ == "BuilderTestConflictResponseSerializer"
    assert {"type", "errors", "public_id", "current_version"} <= set(first.response().fields)
    with pytest.raises(ValueError):
        conflict_response("BuilderTest", noun="benda lain")


def test_a_response_without_public_id_has_a_nullable_version():
    built = conflict_response("BuilderTestBare", noun="benda", public_id=False, nullable_version=True)
    fields = built.response().fields
    assert "public_id" not in fields and fields["current_version"].allow_null


def test_a_stale_refusal_becomes_409_with_the_current_version_and_the_record():
    exc = conflict_from(StaleThing(), public_id="3f1c2a9e-8c5b-4d0e-9a57-2b8f0f6d1c11")
    assert isinstance(exc, Conflict) and exc.status_code == 409
    response = add_conflict_fields(exc, Response({"type": "client_error", "errors": []}, status=409))
    assert response.data["current_version"] == 4
    assert response.data["public_id"] == "3f1c2a9e-8c5b-4d0e-9a57-2b8f0f6d1c11"
