"""The shared page measurement of the benchmarks (bench/standalone.py)."""

from __future__ import annotations

import pytest
from django.db import connection

from bench.standalone import client_for, time_page


def test_a_benchmark_client_gets_past_the_mfa_gate_to_the_page(personas: dict[str, object]) -> None:
    client = client_for("analis.nasional")

    response = client.get("/orang-asing/rekap/")

    assert response.status_code == 200


def test_a_page_measurement_gives_wall_and_cpu_times_for_each_repetition(personas: dict[str, object]) -> None:
    client = client_for("analis.nasional")

    results = time_page("foreigners", "recap", client, "/orang-asing/rekap/", 3, {"url": "/orang-asing/rekap/"})

    server = ["recap_server"] if connection.vendor == "postgresql" else []  # EXPLAIN ANALYZE: PostgreSQL only
    assert [r.metric for r in results] == ["recap", "recap_cpu", *server]
    assert all(len(r.values) == 3 and min(r.values) > 0 for r in results)
    assert results[0].extra["bytes"] > 0
    assert len(results[0].extra["load"]) == 6
    assert results[0].extra["url"] == "/orang-asing/rekap/"


def test_a_page_that_does_not_answer_200_fails_the_measurement(personas: dict[str, object]) -> None:
    client = client_for("verifikator.jabar")

    with pytest.raises(AssertionError):
        time_page("foreigners", "missing", client, "/orang-asing/tidak-ada/", 2, {})
