"""Candidate duplicates: the pure scoring (no ORM). Two records are candidates when they share
a kabupaten/kota and category, lie within ``WINDOW_DAYS`` of each other, and their texts are
similar enough by rapidfuzz's token-set ratio (word order and repeated words do not matter)."""

from __future__ import annotations

from datetime import date

from rapidfuzz import fuzz, utils

WINDOW_DAYS = 3
MIN_SIMILARITY = 55.0


def text_similarity(a: str, b: str) -> float:
    """0–100; case, punctuation and word order ignored."""
    if not a.strip() or not b.strip():
        return 0.0
    return float(fuzz.token_set_ratio(a, b, processor=utils.default_process))


def within_window(a: date, b: date, days: int = WINDOW_DAYS) -> bool:
    return abs((a - b).days) <= days


def incident_text(title: str, narrative: str) -> str:
    return f"{title} {narrative}".strip()
