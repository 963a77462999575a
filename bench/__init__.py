"""Waspada benchmark suite: ``python3 dev.py bench`` runs ``bench/run.py``.

Measurements, not tests: nothing here fails on speed. See docs/performance.md.
"""
