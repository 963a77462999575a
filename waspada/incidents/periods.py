"""Recap periods: ISO week, month, quarter (triwulan), four months (caturwulan), year and a
custom range. Pure: no ORM.

The rollup is weekly (ISO weeks, Monday–Sunday, keyed by their Monday). A period counts the
weeks whose Monday falls inside it — for every kind, custom ranges included — so a week that
straddles two months is counted once, in the month of its Monday.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

KINDS = ("week", "month", "quarter", "four_months", "year", "custom")
KIND_CHOICES = [
    ("week", gettext_lazy("Minggu")),
    ("month", gettext_lazy("Bulan")),
    ("quarter", gettext_lazy("Triwulan")),
    ("four_months", gettext_lazy("Caturwulan")),
    ("year", gettext_lazy("Tahun")),
    ("custom", gettext_lazy("Rentang tanggal")),
]
DEFAULT_KIND = "month"
# A custom range spans at most ten years (the synthetic national set's depth).
MAX_CUSTOM_YEARS = 10
# Trend buckets: weekly up to this many weeks, monthly beyond.
WEEKLY_TREND_MAX = 13

MONTHS = (
    gettext_lazy("Januari"),
    gettext_lazy("Februari"),
    gettext_lazy("Maret"),
    gettext_lazy("April"),
    gettext_lazy("Mei"),
    gettext_lazy("Juni"),
    gettext_lazy("Juli"),
    gettext_lazy("Agustus"),
    gettext_lazy("September"),
    gettext_lazy("Oktober"),
    gettext_lazy("November"),
    gettext_lazy("Desember"),
)
MONTHS_SHORT = (
    gettext_lazy("Jan"),
    gettext_lazy("Feb"),
    gettext_lazy("Mar"),
    gettext_lazy("Apr"),
    gettext_lazy("Mei"),
    gettext_lazy("Jun"),
    gettext_lazy("Jul"),
    gettext_lazy("Agu"),
    gettext_lazy("Sep"),
    gettext_lazy("Okt"),
    gettext_lazy("Nov"),
    gettext_lazy("Des"),
)
ROMAN = ("I", "II", "III", "IV")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def short_date(day: date) -> str:
    """``5 Okt 2020``."""
    return f"{day.day} {MONTHS_SHORT[day.month - 1]} {day.year}"


def month_label(day: date) -> str:
    """``Oktober 2020``."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def iso_weeks_in(year: int) -> int:
    """52 or 53: the number of ISO weeks in an ISO year (28 December is always in the last)."""
    return date(year, 12, 28).isocalendar().week


@dataclass(frozen=True)
class Period:
    """A recap period, both ends inclusive."""

    kind: str
    start: date
    end: date

    @property
    def label(self) -> str:
        if self.kind == "week":
            iso = self.start.isocalendar()
            return _("Minggu %(key)s") % {"key": f"{iso.year}-W{iso.week:02d}"}
        if self.kind == "month":
            return month_label(self.start)
        if self.kind == "quarter":
            return _("Triwulan %(n)s %(year)d") % {"n": ROMAN[(self.start.month - 1) // 3], "year": self.start.year}
        if self.kind == "four_months":
            return _("Caturwulan %(n)s %(year)d") % {
                "n": ROMAN[(self.start.month - 1) // 4],
                "year": self.start.year,
            }
        if self.kind == "year":
            return _("Tahun %(year)d") % {"year": self.start.year}
        return f"{short_date(self.start)} – {short_date(self.end)}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def first_week(self) -> date:
        """The first Monday inside the period (may be after ``end`` for a custom range shorter than a week)."""
        return self.start + timedelta(days=(7 - self.start.weekday()) % 7)

    def week_starts(self) -> list[date]:
        """The Mondays inside the period: the rollup weeks this period counts."""
        return list(_mondays(self.first_week, self.end))

    @property
    def weekly_trend(self) -> bool:
        return len(self.week_starts()) <= WEEKLY_TREND_MAX

    def params(self) -> dict[str, str]:
        """Query parameters that ``parse`` reads back into this period."""
        if self.kind == "custom":
            return {"periode": "custom", "dari": self.start.isoformat(), "sampai": self.end.isoformat()}
        return {"periode": self.kind, "tanggal": self.start.isoformat()}


def _mondays(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=7)


def period_of(kind: str, anchor: date) -> Period:
    """The period of ``kind`` that contains ``anchor``."""
    if kind == "week":
        start = anchor - timedelta(days=anchor.weekday())
        return Period("week", start, start + timedelta(days=6))
    if kind == "month":
        return Period("month", anchor.replace(day=1), _month_end(anchor.year, anchor.month))
    if kind == "quarter":
        first = (anchor.month - 1) // 3 * 3 + 1
        return Period("quarter", date(anchor.year, first, 1), _month_end(anchor.year, first + 2))
    if kind == "four_months":
        first = (anchor.month - 1) // 4 * 4 + 1
        return Period("four_months", date(anchor.year, first, 1), _month_end(anchor.year, first + 3))
    if kind == "year":
        return Period("year", date(anchor.year, 1, 1), date(anchor.year, 12, 31))
    raise ValueError(_("Jenis periode '%(kind)s' tidak dikenal.") % {"kind": kind})


def custom(start: date, end: date) -> Period:
    if end < start:
        raise ValueError(_("Tanggal akhir tidak boleh sebelum tanggal awal."))
    if end >= _shift_years(start, MAX_CUSTOM_YEARS):
        raise ValueError(_("Rentang tanggal paling panjang %(n)d tahun.") % {"n": MAX_CUSTOM_YEARS})
    return Period("custom", start, end)


def previous(p: Period) -> Period:
    """The same-length period just before: the previous week, month, … or, for a custom
    range, the range of the same number of days ending the day before it starts."""
    if p.kind == "custom":
        end = p.start - timedelta(days=1)
        return Period("custom", end - timedelta(days=p.days - 1), end)
    return period_of(p.kind, p.start - timedelta(days=1))


def _shift_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later (negative: earlier); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def year_earlier(p: Period) -> Period:
    """The same period one year earlier. A week is the ISO week of the same number in the
    previous ISO year (week 53 maps to that year's last week, 52); a custom range shifts both
    ends by one calendar year (29 February → 28 February)."""
    if p.kind == "week":
        iso = p.start.isocalendar()
        week = min(iso.week, iso_weeks_in(iso.year - 1))
        start = date.fromisocalendar(iso.year - 1, week, 1)
        return Period("week", start, start + timedelta(days=6))
    if p.kind == "custom":
        return Period("custom", _shift_years(p.start, -1), _shift_years(p.end, -1))
    return period_of(p.kind, _shift_years(p.start, -1))


def _shown(raw: str) -> str:
    return raw if len(raw) <= 20 else raw[:20] + "…"


def _parse_date(raw: str, label: str) -> date:
    text = raw.strip()
    try:
        if not _DATE.match(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            _("%(label)s '%(value)s' tidak sah. Tulis tanggal TTTT-BB-HH, misalnya 2020-10-05.")
            % {"label": label, "value": _shown(text)}
        ) from None


def parse(params: Mapping[str, str], today: date) -> Period:
    """The period asked for in query parameters: ``periode=<kind>&tanggal=YYYY-MM-DD`` (the
    period of that kind containing the date; today when absent) or
    ``periode=custom&dari=YYYY-MM-DD&sampai=YYYY-MM-DD``. Without ``periode``: this month.
    Raises ValueError with an Indonesian message."""
    kind = str(params.get("periode") or "").strip() or DEFAULT_KIND
    if kind not in KINDS:
        raise ValueError(
            _("Jenis periode '%(value)s' tidak dikenal. Pilih minggu, bulan, triwulan, caturwulan, tahun atau rentang.")
            % {"value": _shown(kind)}
        )
    if kind == "custom":
        raw_from = str(params.get("dari") or "").strip()
        raw_to = str(params.get("sampai") or "").strip()
        if not raw_from or not raw_to:
            raise ValueError(_("Untuk rentang tanggal, isi tanggal awal dan tanggal akhir."))
        start = _parse_date(raw_from, _("Tanggal awal"))
        end = _parse_date(raw_to, _("Tanggal akhir"))
        period = custom(start, end)
    else:
        raw = str(params.get("tanggal") or "").strip()
        period = period_of(kind, _parse_date(raw, _("Tanggal")) if raw else today)
    if period.start > today:
        raise ValueError(_("Periode %(label)s belum dimulai.") % {"label": period.label})
    return period
