"""The English catalogue: complete, placeholders intact, compiled without GNU gettext, and used by the UI."""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import trans_real

from waspada.core.pofile import parse_po

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sdifr]")


def _forget_loaded_catalogues() -> None:
    trans_real._translations = {}  # type: ignore[attr-defined]
    trans_real._default = None  # type: ignore[attr-defined]


@pytest.fixture(scope="module", autouse=True)
def _compiled_catalogues() -> Iterator[None]:
    """Compile the .po files the way setup does, and make Django read the fresh .mo files."""
    call_command("compile_translations", verbosity=0)
    _forget_loaded_catalogues()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _back_to_indonesian() -> Iterator[None]:
    """A request in English leaves English active on this thread; later tests expect the default."""
    yield
    translation.deactivate()


def _entries() -> dict[str, str]:
    return {key: value for key, value in parse_po(CATALOGUE.read_text(encoding="utf-8")).items() if key}


def test_every_entry_of_the_english_catalogue_is_translated_and_none_is_fuzzy():
    text = CATALOGUE.read_text(encoding="utf-8")
    fuzzy = [line for line in text.splitlines() if line.startswith("#,") and "fuzzy" in line]
    assert fuzzy == []
    entries = _entries()
    written = sum(1 for line in text.splitlines() if line.startswith("msgid ")) - 1  # minus the header
    assert written > 100
    assert len(entries) == written, "parse_po drops entries whose msgstr is empty"
    empty_forms = [key for key, value in entries.items() if "" in value.split("\x00")]
    assert empty_forms == []


def test_every_translation_keeps_the_placeholders_of_its_source_string():
    wrong = []
    for key, value in _entries().items():
        msgid = key.split("\x04")[-1]
        wanted = set(PLACEHOLDER.findall(msgid))
        for form in value.split("\x00"):
            if set(PLACEHOLDER.findall(form)) != wanted:
                wrong.append((msgid, form))
    assert wrong == []


def test_the_compiled_catalogue_answers_every_entry():
    with CATALOGUE.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for key, value in _entries().items():
        context, _, msgid = key.rpartition("\x04")
        if "\x00" in msgid:
            singular, plural = msgid.split("\x00")
            forms = value.split("\x00")
            assert compiled.ngettext(singular, plural, 1) == forms[0]
            assert compiled.ngettext(singular, plural, 2) == forms[1]
        elif context:
            assert compiled.pgettext(context, msgid) == value
        else:
            assert compiled.gettext(msgid) == value


@pytest.mark.django_db
def test_the_home_page_is_indonesian_by_default_and_english_after_switching(login_as):
    client = login_as("operator.kotabandung")
    indonesian = client.get("/").content.decode()
    assert "Beranda" in indonesian and "Cakupan:" in indonesian

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    english = client.get("/").content.decode()
    assert '<html lang="en">' in english
    assert "Home" in english and "Scope:" in english and "Sub-regions" in english and "Log out" in english
    assert "Beranda" not in english and "Cakupan:" not in english and "Keluar" not in english
