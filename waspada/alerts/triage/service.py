"""Triase teks: regions, a category suggestion and a draft incident from a pasted text.

``triage(text)`` is read-only: it writes nothing and needs no user (the view checks the role
and marks regions outside the user's scope). The draft is for a person to confirm:
``draft_query`` gives the GET parameters of the incident form (``judul``, ``kategori``,
``wilayah``, ``uraian``, ``tanggal``), ``draft_incident_input`` an ``IncidentInput`` when a
region and a category were found, ``draft_information_report`` the Laporan Informasi fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from waspada.alerts.triage import classifier, gazetteer
from waspada.alerts.triage.classifier import Classifier, Suggestion
from waspada.alerts.triage.gazetteer import Mention, Place
from waspada.core.timezones import to_local

if TYPE_CHECKING:
    from waspada.incidents.services import IncidentInput

MAX_CHARS = 20_000
TITLE_MAX = 200
INCIDENT_LEVELS = ("kabupaten", "kota", "kecamatan")

MONTHS = {
    "januari": 1,
    "februari": 2,
    "pebruari": 2,
    "maret": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "agustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "nopember": 11,
    "desember": 12,
}
DATE_NUMERIC = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
DATE_WORDS = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.IGNORECASE)


class TriageRefused(ValidationError):
    """A text that cannot be triaged (empty, too long); nothing was done."""


@dataclass(frozen=True)
class FoundRegion:
    """A region the text names, with its best confidence and the spans naming it."""

    place: Place
    confidence: float
    spans: tuple[tuple[int, int], ...]
    surfaces: tuple[str, ...]


@dataclass(frozen=True)
class TriageResult:
    text: str
    mentions: tuple[Mention, ...]
    regions: tuple[FoundRegion, ...]
    unresolved: tuple[Mention, ...]
    suggestion: Suggestion
    occurred_on: date | None
    title: str
    draft_region: Place | None = None
    kabkota_codes: frozenset[str] = field(default_factory=frozenset)


def check_text(text: str | None) -> str:
    """The text, stripped; refuses an empty or enormous one with a clear message."""
    cleaned = (text or "").strip()
    if not cleaned:
        raise TriageRefused(_("Teks kosong. Tempelkan atau unggah teks berita, pesan atau fakta LI."), code="empty")
    if len(cleaned) > MAX_CHARS:
        raise TriageRefused(
            _("Teks terlalu panjang: %(n)s karakter, paling banyak %(max)s. Potong menjadi beberapa bagian.")
            % {"n": f"{len(cleaned):,}".replace(",", "."), "max": f"{MAX_CHARS:,}".replace(",", ".")},
            code="too_long",
        )
    return cleaned


def mask_regions(text: str, mentions: tuple[Mention, ...] | list[Mention]) -> str:
    """The text with its region names blanked: names say where, not what happened, and a
    corpus of a few hundred sentences would otherwise learn "Papua" as a category word."""
    masked = list(text)
    for m in mentions:
        masked[m.start : m.end] = " " * (m.end - m.start)
    return "".join(masked)


@lru_cache(maxsize=1)
def load_classifier() -> Classifier:
    """The classifier trained on the training part of the corpus (region names blanked), once
    per process."""
    gaz = gazetteer.load_gazetteer()
    train, _test = classifier.split(classifier.read_corpus())
    texts = [mask_regions(e.text, gaz.find(e.text)) for e in train]
    return Classifier.fit(texts, [e.category for e in train])


def _date_in(text: str) -> date | None:
    for m in DATE_WORDS.finditer(text):
        try:
            return date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
        except ValueError:
            continue
    for m in DATE_NUMERIC.finditer(text):
        try:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            continue
    return None


def _title(text: str) -> str:
    """The first sentence (or line), cut at a word boundary to fit the title field."""
    first = re.split(r"(?<=[.!?])\s+|\n", text.strip(), maxsplit=1)[0].strip()
    if len(first) <= TITLE_MAX:
        return first
    cut = first[: TITLE_MAX - 1].rsplit(" ", 1)[0]
    return cut + "…"


def _draft_region(regions: tuple[FoundRegion, ...]) -> Place | None:
    """The region for the draft: the most confident kabupaten/kota or kecamatan; a kecamatan
    wins over its own kabupaten/kota (more precise); ties go to the first named."""
    usable = [r for r in regions if r.place.level in INCIDENT_LEVELS]
    if not usable:
        return None
    best = max(usable, key=lambda r: (round(r.confidence, 2), -usable.index(r)))
    inner = [
        r
        for r in usable
        if r.place.level == "kecamatan" and r.place.code.startswith(best.place.code + ".") and r.confidence >= 0.8
    ]
    return inner[0].place if inner else best.place


def triage(
    text: str | None, *, gaz: gazetteer.Gazetteer | None = None, model: Classifier | None = None
) -> TriageResult:
    cleaned = check_text(text)
    gaz = gaz or gazetteer.load_gazetteer()
    model = model or load_classifier()
    mentions = tuple(gaz.find(cleaned))
    regions = tuple(
        FoundRegion(place, conf, tuple((m.start, m.end) for m in ms), tuple(m.surface for m in ms))
        for place, conf, ms in gazetteer.summarise(mentions)
    )
    unresolved = tuple(m for m in mentions if not m.counted)
    suggestion = model.suggest(mask_regions(cleaned, mentions))
    return TriageResult(
        text=cleaned,
        mentions=mentions,
        regions=regions,
        unresolved=unresolved,
        suggestion=suggestion,
        occurred_on=_date_in(cleaned),
        title=_title(cleaned),
        draft_region=_draft_region(regions),
        kabkota_codes=frozenset(gazetteer.kabkota_codes(mentions)),
    )


def draft_query(result: TriageResult) -> dict[str, str]:
    """GET parameters for the incident form: judul, kategori, wilayah (Kemendagri code),
    uraian (the text) and tanggal (ISO date found in the text); empty ones are left out."""
    params = {
        "judul": result.title,
        "kategori": result.suggestion.category or "",
        "wilayah": result.draft_region.code if result.draft_region else "",
        "uraian": result.text,
        "tanggal": result.occurred_on.isoformat() if result.occurred_on else "",
    }
    return {k: v for k, v in params.items() if v}


def draft_incident_input(result: TriageResult, *, occurred_on: date | None = None) -> IncidentInput | None:
    """An ``IncidentInput`` for a person to confirm (never saved here), or None when the text
    gave no kabupaten/kota or kecamatan, or no category."""
    from waspada.incidents.models import IncidentCode
    from waspada.incidents.services import IncidentInput
    from waspada.regions.models import Region

    if result.draft_region is None or result.suggestion.category is None:
        return None
    region = Region.objects.filter(code=result.draft_region.code).first()
    category = IncidentCode.objects.filter(
        kind=IncidentCode.Kind.CATEGORY, code=result.suggestion.category, is_active=True
    ).first()
    if region is None or category is None:
        return None
    return IncidentInput(
        title=result.title,
        # No date in the text: today in the region's own time zone, for the person to correct.
        occurred_on=occurred_on or result.occurred_on or to_local(timezone.now(), region.timezone).date(),
        region=region,
        category=category,
        narrative=result.text,
    )


def draft_information_report(result: TriageResult) -> dict[str, str]:
    """Laporan Informasi fields the text can fill: perihal (title), apa (the text), di mana (the
    regions named), bilamana (the date found) and the region code; the rest is for the reporter."""
    where = ", ".join(r.place.name for r in result.regions)
    return {
        "title": result.title,
        "fact_what": result.text,
        "fact_where": where[:200],
        "fact_when": result.occurred_on.isoformat() if result.occurred_on else "",
        "region": result.draft_region.code if result.draft_region else "",
    }
