"""The demo's incidents (``manage.py seed_demo --incidents``, run by ``python3 dev.py run``).

About 1,500 incidents over the last 52 weeks across the nation, several times denser in Jawa Barat
and most of all in Kota Bandung and Kabupaten Bandung, so every persona (analis nasional,
verifikator Jawa Barat, the Bandung operators) opens a register, recap and map with data. Written
through the synthetic bulk path (``incidents.synthetic``) under the personas' names where a
persona sits (the Bandung operators write, the Jawa Barat verifikator verifies); the last two
weeks are mostly drafts. Fifteen incidents around Bandung are reported twice (a day apart at most,
the same category and place, a reworded title, another source) so the duplicate check has
candidates to offer. One source each; the rollup of the 52 weeks is rebuilt once.

Idempotent: a second run (even on a later day) adds nothing once the demo's incidents exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from waspada.accounts.models import User
from waspada.core.timezones import to_local
from waspada.incidents.synthetic import PROVINCE_WEIGHT, Authors, Generated, Spec, incidents_generate
from waspada.reports.synthetic import system_user

DEMO_SOURCE = "demo"
DEMO_SEED = 2020
DEMO_INCIDENTS = 1500
DEMO_TWINS = 15
DEMO_WEEKS = 52
# Jawa Barat several times denser than elsewhere; the Bandung personas' kabupaten/kota most of all.
DEMO_PROVINCE_WEIGHT = {**PROVINCE_WEIGHT, "32": 20.0}
DEMO_BOOST = {"32.73": 8.0, "32.04": 4.0}
WRITERS = {"32.73": "operator.kotabandung", "32.04": "operator.kabbandung"}
VERIFIKATORS = {"32": "verifikator.jabar"}


@dataclass
class DemoIncidents:
    generated: Generated
    first_day: date
    last_day: date


def demo_spec(today: date) -> Spec:
    return Spec(
        count=DEMO_INCIDENTS,
        seed=DEMO_SEED,
        first_day=today - timedelta(weeks=DEMO_WEEKS) + timedelta(days=1),
        last_day=today,
        province_weight=DEMO_PROVINCE_WEIGHT,
        region_boost=DEMO_BOOST,
        bursts_per_year=8,
        twins=DEMO_TWINS,
        today=today,
    )


def demo_authors() -> Authors:
    fallback = system_user().pk
    names = set(WRITERS.values()) | set(VERIFIKATORS.values())
    users = dict(User.objects.filter(username__in=names).values_list("username", "id"))

    def writer(code: str) -> int:
        return users.get(WRITERS.get(code, ""), fallback)

    def verifier(code: str) -> int:
        return users.get(VERIFIKATORS.get(code[:2], ""), fallback)

    return Authors(writer, verifier)


def demo_incidents_seed(now: datetime | None = None) -> DemoIncidents:
    """Write the demo's incidents unless they exist (see the module docstring)."""
    moment = now or timezone.now()
    today = to_local(moment, "WIB").date()
    spec = demo_spec(today)
    generated = incidents_generate(
        spec, source_label=DEMO_SOURCE, authors=demo_authors(), now=moment, audit_label="demo"
    )
    return DemoIncidents(generated, spec.first_day, spec.last_day)
