"""``manage.py evaluate_triage [--rincian] [--periksa]``: precision and recall of the text triage
on the held-out part of its corpus (``waspada/alerts/triage/data/corpus.csv``, every fourth
sentence of each category).

Prints the kabupaten/kota extraction figures (precision, recall, F1 over sentence × kabupaten/kota
pairs) and the category figures (accuracy, coverage, macro and per-category precision and recall;
an abstention counts against recall only). ``--rincian`` lists the sentences got wrong;
``--periksa`` exits with an error when the extraction misses precision 0.95 or recall 0.90.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from waspada.alerts.triage import evaluation


def pct(value: float) -> str:
    return f"{value:.3f}"


class Command(BaseCommand):
    help = "Presisi dan recall triase teks pada bagian uji korpus."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--rincian", action="store_true", help="Tampilkan kalimat yang salah.")
        parser.add_argument(
            "--periksa",
            action="store_true",
            help="Gagal bila ekstraksi kab/kota di bawah presisi 0,95 atau recall 0,90.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = evaluation.evaluate_held_out()
        ex, cat = result.extraction, result.category
        out = self.stdout.write
        out(f"Bagian uji: {result.examples} kalimat")
        out("")
        out("Ekstraksi kabupaten/kota")
        out(f"  presisi  {pct(ex.precision)}  (syarat >= {evaluation.PRECISION_REQUIRED})")
        out(f"  recall   {pct(ex.recall)}  (syarat >= {evaluation.RECALL_REQUIRED})")
        out(f"  F1       {pct(ex.f1)}")
        out(f"  benar {ex.true_positives}, salah temu {ex.false_positives}, terlewat {ex.false_negatives}")
        everything = result.extraction_all
        if everything is not None:
            out(
                f"  seluruh korpus (gazetir tidak dilatih): presisi {pct(everything.precision)}, "
                f"recall {pct(everything.recall)}, salah temu {everything.false_positives}, "
                f"terlewat {everything.false_negatives}"
            )
        out("")
        out("Saran kategori")
        out(f"  akurasi          {pct(cat.accuracy)}")
        out(f"  cakupan          {pct(cat.coverage)}  (sisanya abstain)")
        out(f"  presisi makro    {pct(cat.macro_precision)}")
        out(f"  recall makro     {pct(cat.macro_recall)}")
        out(f"  {'kategori':<32} {'presisi':>8} {'recall':>8} {'n':>4}")
        for code in sorted(cat.support):
            out(f"  {code:<32} {pct(cat.precision[code]):>8} {pct(cat.recall[code]):>8} {cat.support[code]:>4}")
        if options["rincian"]:
            out("")
            out("Kab/kota yang salah (seluruh korpus):")
            for id_, expected, found in everything.errors if everything is not None else ex.errors:
                out(f"  {id_}: diharapkan {sorted(expected)}, ditemukan {sorted(found)}")
            out("Kategori yang salah atau abstain:")
            for id_, expected_cat, suggested, conf in result.category_errors:
                out(f"  {id_}: diharapkan {expected_cat}, saran {suggested or '(abstain)'} ({conf:.2f})")
        if options["periksa"] and not ex.meets_requirement:
            raise CommandError("Ekstraksi kabupaten/kota di bawah syarat (presisi 0,95, recall 0,90).")
