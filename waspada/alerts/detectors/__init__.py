"""Detektor peringatan dini: EARS C1/C2/C3 and Farrington flexible over weekly counts, and the
rules (``rules.py``). Pure: numpy/scipy only, no ORM.

Entry point for callers that hold an :class:`~waspada.alerts.models.AlertRule`::

    params = detector_params(rule.method, rule.parameters)   # ValueError with an Indonesian message
    result = run_detector(rule.method, counts, weeks=[k], **params)
    result.upperbound[:, 0], result.alarm[:, 0], result.reason[:, 0]

``counts`` is a ``(series, weeks)`` float matrix (nan = a missing week), week 1 in column 0; the
weeks judged are 1-based column numbers. :func:`history_weeks` says how many weeks of history a
method needs before the judged week.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy.typing as npt

from .base import REASON_TEXT, BatchResult, Judgement, Reason, reason_text
from .ears import DEFAULT_ALPHA, ears, ears_batch, first_week
from .farrington import FarringtonSettings, farrington, farrington_batch

DETECTOR_METHODS = ("ears_c1", "ears_c2", "ears_c3", "farrington_flexible")

# Parameters an AlertRule may carry for each detector, with their types.
_EARS_PARAMS: dict[str, type] = {"baseline": int, "alpha": float, "min_sigma": float}
_FARRINGTON_PARAMS: dict[str, type] = {
    "b": int,
    "w": int,
    "alpha": float,
    "no_periods": int,
    "past_weeks_not_included": int,
    "weights_threshold": float,
    "p_threshold_trend": float,
}


def _spec(method: str) -> dict[str, type]:
    if method.startswith("ears_"):
        return _EARS_PARAMS
    if method == "farrington_flexible":
        return _FARRINGTON_PARAMS
    raise ValueError(f"Metode detektor tidak dikenal: {method!r}.")


def detector_params(method: str, parameters: Mapping[str, Any] | None) -> dict[str, Any]:
    """Checked keyword arguments for :func:`run_detector` from an AlertRule's ``parameters``.

    Unknown keys (e.g. a rule's display hints) are ignored; a value of the wrong type or out of
    range raises ``ValueError`` with an Indonesian message.
    """
    spec = _spec(method)
    out: dict[str, Any] = {}
    for key, kind in spec.items():
        if parameters is None or key not in parameters or parameters[key] is None:
            continue
        value = parameters[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"Parameter {key} harus berupa angka, bukan {value!r}.")
        if kind is int and float(value) != int(value):
            raise ValueError(f"Parameter {key} harus bilangan bulat, bukan {value!r}.")
        out[key] = kind(value)
    try:  # the detectors' own range checks, before any data is read
        if method.startswith("ears_"):
            ears_batch([[0.0] * 20], method.removeprefix("ears_"), [20], **out)
        else:
            FarringtonSettings(**out)
    except ValueError as exc:
        raise ValueError(f"Parameter detektor {method} tidak sah: {exc}.") from exc
    return out


def history_weeks(method: str, **params: Any) -> int:
    """Weeks of data needed up to and including the judged week (the first week it can judge)."""
    if method.startswith("ears_"):
        return first_week(method.removeprefix("ears_"), int(params.get("baseline", 7)))
    if method == "farrington_flexible":
        return FarringtonSettings(**params).first_week
    raise ValueError(f"Metode detektor tidak dikenal: {method!r}.")


def run_detector(
    method: str,
    counts: Any,
    weeks: Sequence[int] | range | npt.NDArray[Any] | None = None,
    **params: Any,
) -> BatchResult:
    """Run ``method`` (one of :data:`DETECTOR_METHODS`) over many series."""
    if method.startswith("ears_") and method in DETECTOR_METHODS:
        return ears_batch(counts, method.removeprefix("ears_"), weeks, **params)
    if method == "farrington_flexible":
        return farrington_batch(counts, weeks, **params)
    raise ValueError(f"Metode detektor tidak dikenal: {method!r}.")


__all__ = [
    "DEFAULT_ALPHA",
    "DETECTOR_METHODS",
    "REASON_TEXT",
    "BatchResult",
    "FarringtonSettings",
    "Judgement",
    "Reason",
    "detector_params",
    "ears",
    "ears_batch",
    "farrington",
    "farrington_batch",
    "history_weeks",
    "reason_text",
    "run_detector",
]
