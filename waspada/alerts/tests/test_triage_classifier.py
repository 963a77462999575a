"""The category classifier and the held-out evaluation of the whole triage."""

import csv
from functools import lru_cache
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from waspada.alerts.triage import classifier, evaluation
from waspada.alerts.triage.classifier import Classifier, keyword_category, read_corpus, score, split


@lru_cache(maxsize=1)
def model() -> Classifier:
    train, _test = split(read_corpus())
    return Classifier.fit([e.text for e in train], [e.category for e in train])


def category_codes() -> set[str]:
    import importlib

    codes = importlib.import_module("waspada.incidents.migrations.0002_reference_codes").CODES["kategori"]
    return {code for code, _name in codes}


def test_the_corpus_is_labelled_with_the_incident_category_codes_and_has_several_hundred_sentences():
    examples = read_corpus()
    assert len(examples) >= 400
    assert {e.category for e in examples} == category_codes()
    assert len({e.id for e in examples}) == len(examples)
    assert all(len(code) == 5 for e in examples for code in e.kabkota)


def test_the_split_is_deterministic_stratified_and_holds_out_a_quarter():
    train, test = split(read_corpus())
    assert [e.id for e in split(read_corpus())[1]] == [e.id for e in test]
    assert not {e.id for e in train} & {e.id for e in test}
    per_category = {c: sum(e.category == c for e in test) for c in category_codes()}
    assert min(per_category.values()) >= 12
    assert 0.2 <= len(test) / (len(train) + len(test)) <= 0.3
    assert all(int(e.id.rsplit("-", 1)[1]) % 4 == 0 for e in test)


def test_the_held_out_sentences_are_not_in_the_training_texts():
    train, test = split(read_corpus())
    assert not {e.text for e in train} & {e.text for e in test}


@pytest.mark.parametrize(
    "text",
    [
        "asdf qwer zxcv uiop hjkl",
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit.",
        "The quick brown fox jumps over the lazy dog near the river bank.",
        "xxxxxxxx yyyyyyy zzzzzz",
        "12345 67890 !!! ???",
        "",
    ],
)
def test_the_classifier_abstains_on_gibberish(text):
    suggestion = model().suggest(text)
    assert suggestion.abstained
    assert suggestion.category is None and suggestion.reason


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Dua kelompok pemuda kampung tawuran di dekat pasar, tiga orang luka.", "bentrok-antarwarga"),
        ("Pendukung pasangan calon ricuh di kantor KPU saat rekapitulasi suara.", "ekses-politik"),
        ("Anggota ormas bentrok dengan ormas lain berebut lahan parkir.", "konflik-ormas"),
        ("Pelajar dua SMK terlibat tawuran sepulang sekolah.", "konflik-institusi-pendidikan"),
        ("Kelompok bersenjata menembak anggota polisi di pos jaga.", "isu-keamanan"),
        ("Warga adat menolak penggusuran lahan untuk perkebunan sawit.", "sengketa-lahan"),
        ("Perusakan rumah ibadah memicu ketegangan antarumat beragama.", "isu-sara"),
        ("Buruh berunjuk rasa menuntut kenaikan upah karena harga kebutuhan pokok melonjak.", "kesenjangan-sosial"),
    ],
)
def test_the_classifier_suggests_the_category_of_a_plain_sentence(text, code):
    suggestion = model().suggest(text)
    assert suggestion.category == code
    assert suggestion.confidence >= classifier.ABSTAIN_BELOW
    assert suggestion.source == "model"
    assert suggestion.ranking[0][0] == code
    assert abs(sum(p for _c, p in suggestion.ranking) - 1.0) < 1e-6


def test_below_the_threshold_the_keyword_rules_decide_and_say_so():
    suggestion = model().suggest("Pendukung paslon ricuh di kantor KPU", threshold=0.999)
    assert suggestion.category == "ekses-politik"
    assert suggestion.source == "kata kunci"
    assert suggestion.confidence < 0.999


def test_below_the_threshold_without_keywords_the_classifier_abstains():
    suggestion = model().suggest("Warga berkumpul di balai desa membicarakan acara.", threshold=0.999)
    assert suggestion.abstained


def test_keyword_rules_name_no_category_on_a_tie_or_no_hit():
    assert keyword_category("ormas") == "konflik-ormas"
    assert keyword_category("ormas di sekolah") is None
    assert keyword_category("cuaca cerah") is None


def test_training_is_deterministic():
    train, _test = split(read_corpus())
    a = Classifier.fit([e.text for e in train[:80]], [e.category for e in train[:80]])
    b = Classifier.fit([e.text for e in train[:80]], [e.category for e in train[:80]])
    text = "Bentrok antarwarga pecah di desa."
    assert list(a.probabilities(text)) == list(b.probabilities(text))


def test_scores_count_an_abstention_against_recall_only():
    s = score(["a", "a", "b", "b"], ["a", None, "b", "a"])
    assert s.accuracy == 0.5
    assert s.coverage == 0.75
    assert s.precision == {"a": 0.5, "b": 1.0}
    assert s.recall == {"a": 0.5, "b": 0.5}


@pytest.mark.django_db
def test_kabkota_extraction_on_the_held_out_split_meets_precision_095_and_recall_090():
    result = evaluation.evaluate_held_out()
    assert result.examples >= 100
    assert result.extraction.precision >= 0.95, result.extraction.errors
    assert result.extraction.recall >= 0.90, result.extraction.errors
    assert result.extraction.meets_requirement


@pytest.mark.django_db
def test_category_figures_on_the_held_out_split_are_reported_and_useful():
    cat = evaluation.evaluate_held_out().category
    # Measured 2026-12: accuracy ≈ 0.85, macro precision ≈ 0.95 at ≈ 0.89 coverage; the floor
    # here catches a broken model (chance is 0.125), not a small drift.
    assert cat.accuracy >= 0.7
    assert cat.macro_precision >= 0.85
    assert set(cat.support) == category_codes()


@pytest.mark.django_db
def test_evaluate_triage_prints_precision_and_recall():
    out = StringIO()
    call_command("evaluate_triage", "--periksa", "--rincian", stdout=out)
    text = out.getvalue()
    assert "Ekstraksi kabupaten/kota" in text
    assert "presisi" in text and "recall" in text
    assert "Saran kategori" in text and "akurasi" in text
    for code in category_codes():
        assert code in text


@pytest.mark.django_db
def test_evaluate_triage_check_fails_when_the_extraction_misses_the_requirement(monkeypatch):
    bad = evaluation.ExtractionScores(1, 1, 1, ())
    real = evaluation.evaluate_held_out

    def worse():
        result = real()
        return evaluation.Evaluation(result.examples, bad, result.category, result.category_errors)

    monkeypatch.setattr(evaluation, "evaluate_held_out", worse)
    with pytest.raises(CommandError, match="di bawah syarat"):
        call_command("evaluate_triage", "--periksa", stdout=StringIO())


def test_the_corpus_file_is_plain_csv_with_the_documented_columns():
    with classifier.CORPUS.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == ["id", "kategori", "kabkota", "teks"]
