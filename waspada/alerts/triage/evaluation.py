"""Held-out evaluation of the triage: kabupaten/kota extraction and category suggestion.

Runs the same pipeline as ``service.triage`` on the held-out sentences of the corpus (every
fourth of each category) and compares with the labels: the kabupaten/kota named (directly or
through a kecamatan) and the category code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from waspada.alerts.triage import classifier, gazetteer
from waspada.alerts.triage.classifier import CategoryScores, Classifier, Example

PRECISION_REQUIRED = 0.95
RECALL_REQUIRED = 0.90


@dataclass(frozen=True)
class ExtractionScores:
    """Kabupaten/kota extraction counted over (sentence, kabupaten/kota) pairs."""

    true_positives: int
    false_positives: int
    false_negatives: int
    errors: tuple[tuple[str, frozenset[str], frozenset[str]], ...]  # id, expected, found

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def meets_requirement(self) -> bool:
        return self.precision >= PRECISION_REQUIRED and self.recall >= RECALL_REQUIRED


@dataclass(frozen=True)
class Evaluation:
    examples: int
    extraction: ExtractionScores
    category: CategoryScores
    category_errors: tuple[tuple[str, str, str | None, float], ...]  # id, expected, suggested, confidence
    # The gazetteer learns nothing from the corpus: every sentence is a fair test of it.
    extraction_all: ExtractionScores | None = None


def evaluate_extraction(gaz: gazetteer.Gazetteer, examples: Sequence[Example]) -> ExtractionScores:
    tp = fp = fn = 0
    errors = []
    for e in examples:
        found = frozenset(gazetteer.kabkota_codes(gaz.find(e.text)))
        tp += len(found & e.kabkota)
        fp += len(found - e.kabkota)
        fn += len(e.kabkota - found)
        if found != e.kabkota:
            errors.append((e.id, e.kabkota, found))
    return ExtractionScores(tp, fp, fn, tuple(errors))


def evaluate(gaz: gazetteer.Gazetteer, model: Classifier, examples: Sequence[Example]) -> Evaluation:
    from waspada.alerts.triage.service import mask_regions

    extraction = evaluate_extraction(gaz, examples)
    suggestions = [model.suggest(mask_regions(e.text, gaz.find(e.text))) for e in examples]
    scores = classifier.score([e.category for e in examples], [s.category for s in suggestions])
    errors = tuple(
        (e.id, e.category, s.category, s.confidence)
        for e, s in zip(examples, suggestions, strict=True)
        if s.category != e.category
    )
    return Evaluation(len(examples), extraction, scores, errors)


def evaluate_held_out() -> Evaluation:
    """The figures ``manage.py evaluate_triage`` prints (reads the Region table)."""
    from waspada.alerts.triage.service import load_classifier

    examples = classifier.read_corpus()
    _train, test = classifier.split(examples)
    gaz = gazetteer.load_gazetteer()
    result = evaluate(gaz, load_classifier(), test)
    return Evaluation(
        result.examples, result.extraction, result.category, result.category_errors, evaluate_extraction(gaz, examples)
    )
