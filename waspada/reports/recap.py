"""Reads for the completeness pages (board, heat table, trend, map) and the national weekly recap
with its exports. Read-only, always scoped.

Regions come from ``selectors.reporting_regions`` (the user's scope through ``access``), reports
from ``SituationReport.objects.visible_to``. The figures are those of ``completeness.py``
(``tally_by`` / ``cell_status`` over ``selectors.expectations_for`` and ``selectors.receipts_for``,
the building blocks of ``selectors.completeness``), each page loading its data once with a
constant number of queries. Nothing is cached.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waspada.core.exports import document_hash
from waspada.core.timezones import format_local, to_local, zone_for_province
from waspada.regions import access
from waspada.regions.models import Region
from waspada.reports import calendar, selectors, templating
from waspada.reports.completeness import Expectation, Receipt, Tally, cell_status, tally_by
from waspada.reports.models import (
    HIGHLIGHT_RANK,
    ReportingPeriod,
    ReportingProgramme,
    ReportSnapshot,
    SituationLevel,
    SituationReport,
)

HEAT_WEEKS = 52
QUERY_MAX = 100
SEARCH_LIMIT = 200
EXCERPT_CHARS = 90

LEVEL_CHOICES = [("kabkota", gettext_lazy("Kabupaten/kota")), ("provinsi", gettext_lazy("Provinsi"))]
STATUS_ORDER = ("on_time", "late", "nil", "missing", "pending")
STATUS_LABELS = {
    "on_time": gettext_lazy("Tepat waktu"),
    "late": gettext_lazy("Terlambat"),
    "nil": gettext_lazy("Nihil (tepat waktu)"),
    "missing": gettext_lazy("Belum melapor"),
    "pending": gettext_lazy("Belum jatuh tempo"),
}
# Short marks for the heat-table cells; the legend and each cell's title spell them out.
STATUS_MARKS = {"on_time": "✓", "late": "T", "nil": "N", "missing": "✗", "pending": "·"}

Progress = Callable[[int], None]


class BadFilter(ValidationError):
    """A filter value that cannot be used; the message says why, in Indonesian."""


def refusal_messages(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


# --- filters -----------------------------------------------------------------------------------


def _shown(raw: str) -> str:
    return raw if len(raw) <= 20 else raw[:20] + "…"


def current_week(now: datetime | None = None) -> calendar.Week:
    """The newest week that has started anywhere in Indonesia (WIT starts first)."""
    return calendar.Week.containing(to_local(now or timezone.now(), "WIT").date())


def parse_week(raw: Any, now: datetime | None = None) -> calendar.Week:
    """``periode``: an ISO week like 2020-W40; empty means the latest closed week."""
    text = str(raw or "").strip()
    if not text:
        return selectors.default_week(now)
    try:
        week = calendar.Week.parse(text)
    except calendar.BadPeriodKey:
        raise BadFilter(
            _("Periode '%(value)s' tidak sah. Tulis minggu ISO, misalnya 2020-W40.") % {"value": _shown(text)},
            code="periode",
        ) from None
    if week > current_week(now):
        raise BadFilter(_("Periode %(value)s belum dimulai.") % {"value": week.key}, code="periode")
    return week


def _reaches(user: Any, province_code: str) -> bool:
    scope = access.scope_of(user)
    return (
        scope.national
        or scope.covers_code(province_code)
        or any(r.code.startswith(province_code + ".") for r in scope.regions)
    )


def parse_province(user: Any, raw: Any) -> Region | None:
    """``provinsi``: a two-digit province code. A province the user's scope does not reach
    answers 404, like every other out-of-scope object."""
    text = str(raw or "").strip()
    if not text:
        return None
    if not re.fullmatch(r"\d{2}", text):
        raise BadFilter(
            _("Kode provinsi '%(value)s' tidak sah. Tulis dua angka, misalnya 32.") % {"value": _shown(text)},
            code="provinsi",
        )
    # Provinces are reference data (their names are public); the scope decides below.
    province = Region.objects.filter(code=text, level=Region.Level.PROVINSI).first()
    if province is None:
        raise BadFilter(_("Provinsi dengan kode %(value)s tidak dikenal.") % {"value": text}, code="provinsi")
    if not _reaches(user, text):
        raise access.not_found()
    return province


def parse_level(raw: Any) -> str:
    text = str(raw or "").strip()
    if not text:
        return "kabkota"
    if text not in selectors.LEVEL_FILTERS:
        raise BadFilter(
            _("Tingkat '%(value)s' tidak dikenal. Pilih kabkota atau provinsi.") % {"value": _shown(text)},
            code="tingkat",
        )
    return text


def _definition() -> templating.Definition:
    from waspada.reports.services import programme_default

    return programme_default().template.parsed


def parse_section(raw: Any) -> str:
    text = str(raw or "").strip()
    if text and _definition().section(text) is None:
        raise BadFilter(
            _("Bagian '%(value)s' tidak ada dalam templat laporan.") % {"value": _shown(text)}, code="bagian"
        )
    return text


def parse_query(raw: Any) -> str:
    text = " ".join(str(raw or "").split())
    if len(text) > QUERY_MAX:
        raise BadFilter(_("Kata pencarian paling banyak %(max)d karakter.") % {"max": QUERY_MAX}, code="q")
    return text


def period_label(week: calendar.Week) -> str:
    return f"{week.key} ({week.start:%d-%m-%Y} – {week.end:%d-%m-%Y})"


@dataclass(frozen=True)
class Filters:
    """The checked filters of the completeness pages and the recap."""

    week: calendar.Week
    level: str = "kabkota"
    province: Region | None = None
    section: str = ""
    query: str = ""

    @property
    def province_code(self) -> str | None:
        return self.province.code if self.province else None

    @property
    def province_name(self) -> str:
        return self.province.name if self.province else ""

    def as_params(self) -> dict[str, str]:
        """As request parameters (kept on an export and read again by its task)."""
        return {
            "periode": self.week.key,
            "tingkat": self.level,
            "provinsi": self.province_code or "",
            "bagian": self.section,
            "q": self.query,
        }

    def described(self) -> list[tuple[str, str]]:
        """The recap's filters in words, for page, export header and PDF."""
        section_title = ""
        if self.section:
            found = _definition().section(self.section)
            section_title = found.title if found else self.section
        return [
            (_("Periode"), period_label(self.week)),
            (_("Provinsi"), f"{self.province.code} · {self.province.name}" if self.province else _("Semua")),
            (_("Bagian"), section_title or _("Semua")),
            (_("Pencarian"), f"“{self.query}”" if self.query else "—"),
        ]


def parse_filters(user: Any, data: Mapping[str, Any], *, now: datetime | None = None) -> Filters:
    """Read ``periode``, ``tingkat``, ``provinsi``, ``bagian`` and ``q``; raise ``BadFilter``
    (all problems at once) or 404 for a province out of scope."""
    errors: list[str] = []
    parsed: dict[str, Any] = {}
    for name, parse in (
        ("week", lambda: parse_week(data.get("periode"), now)),
        ("level", lambda: parse_level(data.get("tingkat"))),
        ("province", lambda: parse_province(user, data.get("provinsi"))),
        ("section", lambda: parse_section(data.get("bagian"))),
        ("query", lambda: parse_query(data.get("q"))),
    ):
        try:
            parsed[name] = parse()
        except BadFilter as exc:
            errors.extend(refusal_messages(exc))
    if errors:
        raise BadFilter(errors)
    return Filters(**parsed)


def province_choices(user: Any) -> list[tuple[str, str]]:
    """The provinces a user may pick: all for national users, else those their scope reaches."""
    scope = access.scope_of(user)
    qs = Region.objects.filter(level=Region.Level.PROVINSI).order_by("code")
    if not scope.national:
        codes = sorted({r.code[:2] for r in scope.regions})
        qs = qs.filter(code__in=codes)
    return list(qs.values_list("code", "name"))


def section_choices() -> list[tuple[str, str]]:
    return [(s.code, s.title) for s in _definition().sections]


def user_zone(user: Any) -> str:
    """The zone the user's own times are written in: WIB for national users, else the zone of
    the province of their (first) scope region."""
    scope = access.scope_of(user)
    if scope.national or not scope.regions:
        return "WIB"
    return zone_for_province(scope.regions[0].code)


def user_label(user: Any) -> str:
    full = getattr(user, "full_name", "") or ""
    return f"{full} ({user.username})" if full else str(user.username)


# --- small helpers -----------------------------------------------------------------------------


def merged(tallies: Iterable[Tally]) -> Tally:
    """The sum of tallies (code lists joined and sorted)."""
    total = Tally()
    for t in tallies:
        total.expected += t.expected
        total.received += t.received
        total.on_time += t.on_time
        total.late += t.late
        total.missing += t.missing
        total.nil += t.nil
        total.overdue += t.overdue
        total.missing_codes.extend(t.missing_codes)
        total.late_codes.extend(t.late_codes)
    total.missing_codes.sort()
    total.late_codes.sort()
    return total


def heat_class(value: Decimal | None) -> str:
    """The CSS bucket of a completeness percentage (the number is printed in the cell too)."""
    if value is None:
        return "heat-na"
    if value >= 100:
        return "heat-5"
    if value >= 80:
        return "heat-4"
    if value >= 60:
        return "heat-3"
    if value >= 40:
        return "heat-2"
    if value >= 20:
        return "heat-1"
    return "heat-0"


def percent_text(value: Decimal | None) -> str:
    return "—" if value is None else str(value).replace(".", ",")


def province_names(codes: Iterable[str]) -> dict[str, str]:
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    return dict(Region.objects.filter(level=Region.Level.PROVINSI, code__in=wanted).values_list("code", "name"))


def rows_are_regions(user: Any, filters: Filters) -> bool:
    """National users without a province see provinces as rows (their regions summed); a picked
    or scoped province, or the province level itself, shows one row per reporting region."""
    return filters.province is not None or filters.level == "provinsi" or not access.scope_of(user).national


@dataclass
class _Frame:
    """Expectations and receipts of one scope and range of weeks (three queries)."""

    programme: ReportingProgramme
    regions: list[selectors.ReportingRegion]
    expectations: list[Expectation]
    receipts: list[Receipt]

    def receipt_index(self) -> dict[tuple[str, str], Receipt]:
        return {(r.region_code, r.period_key): r for r in self.receipts}


def _frame(user: Any, weeks: list[calendar.Week], *, level: str | None, province_code: str | None) -> _Frame:
    from waspada.reports.services import programme_default

    programme = programme_default()
    regions = selectors.reporting_regions(user, programme, level=level, province_code=province_code)
    return _Frame(
        programme,
        regions,
        selectors.expectations_for(programme, regions, weeks),
        selectors.receipts_for(programme, regions, weeks),
    )


def _province_week_tallies(
    user: Any, weeks: list[calendar.Week], *, level: str | None, province_code: str | None
) -> dict[tuple[str, str], Tally]:
    """Tallies per (province code, week key): the figures ``tally_by`` gives for the key
    ``(e.province_code, e.period_key)`` over ``expectations_for`` and ``receipts_for``, counted
    straight from the regions and the reports' first submissions.

    The national heat table needs counts for ~38 × 52 cells, not 26,000 ``Expectation`` and
    ``Receipt`` objects: expected regions are counted per province and week (a region with a
    validity period only in the weeks it was in force); each first submission of an expected
    region is compared with the deadline of its week in its zone. Code lists and ``overdue``
    stay empty. ``test_completeness_pages`` checks the figures against ``tally_by``."""
    from waspada.reports.services import programme_default

    programme = programme_default()
    regions = selectors.reporting_regions(user, programme, level=level, province_code=province_code)
    keys = [w.key for w in weeks]
    week_of = dict(zip(keys, weeks, strict=True))
    tallies: dict[tuple[str, str], Tally] = {}
    always: dict[str, int] = defaultdict(int)  # regions without validity limits, per province
    bounded = [r for r in regions if r.valid_from or r.valid_until]
    for r in regions:
        if not (r.valid_from or r.valid_until):
            always[r.province_code] += 1
    for key, week in week_of.items():
        counts = dict(always)
        for r in bounded:
            if r.exists_in(week):
                counts[r.province_code] = counts.get(r.province_code, 0) + 1
        for province, n in counts.items():
            if n:
                tallies[(province, key)] = Tally(expected=n, missing=n)
    periods = dict(ReportingPeriod.objects.filter(programme=programme, key__in=keys).values_list("id", "key"))
    if not periods or not regions:
        return tallies
    province_code_of = {r.province_id: r.province_code for r in regions if r.province_id is not None}
    limited = {r.id: r for r in regions if r.valid_from or r.valid_until}
    qs = SituationReport.objects.visible_to(user).filter(period_id__in=list(periods), first_submitted_at__isnull=False)
    if province_code:
        qs = qs.filter(province_id__in=[pid for pid, code in province_code_of.items() if code == province_code])
    if level in selectors.LEVEL_FILTERS:
        # A province's own report has no kabupaten/kota key; the others all have one.
        qs = qs.filter(kabkota__isnull=(level == "provinsi"))

    def count(received: int, on_time: int, nil: int, province: str, key: str) -> None:
        tally = tallies.get((province, key))
        if tally is None:
            return  # nobody expected there that week
        received = min(received, tally.expected - tally.received)  # never above 100 %
        tally.received += received
        tally.missing -= received
        tally.on_time += min(on_time, received)
        tally.late += received - min(on_time, received)
        tally.nil += min(nil, received)

    # Regions without validity limits: counted by the database, per province and week, against the
    # deadline stored with each report (a few thousand rows instead of ~27,000 submissions).
    counted = (
        qs.exclude(region_id__in=list(limited))
        .order_by()
        .values("province_id", "period_id")
        .annotate(
            received=Count("id"),
            on_time=Count("id", filter=Q(first_submitted_at__lte=F("deadline"))),
            nil=Count("id", filter=Q(is_nil=True)),
        )
    )
    for row in counted:
        code = province_code_of.get(row["province_id"])
        if code is not None:
            count(row["received"], row["on_time"], row["nil"], code, periods[row["period_id"]])
    # Regions formed or dissolved within the range: only the weeks they were in force.
    if limited:
        for region_id, period_id, first, is_nil, deadline in (
            qs.filter(region_id__in=list(limited))
            .order_by()
            .values_list("region_id", "period_id", "first_submitted_at", "is_nil", "deadline")
        ):
            region, key = limited[region_id], periods[period_id]
            if first is not None and region.exists_in(week_of[key]):
                count(1, int(first <= deadline), int(is_nil), region.province_code, key)
    return tallies


def weeks_ending(week: calendar.Week, count: int = HEAT_WEEKS) -> list[calendar.Week]:
    return [week.shifted(-i) for i in range(count - 1, -1, -1)]


# --- the week's board --------------------------------------------------------------------------


@dataclass
class Contact:
    name: str
    email: str
    phone: str


@dataclass
class BoardRow:
    code: str
    name: str
    tally: Tally
    status: str = ""  # when the row is one region: its status this week

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, ""))


@dataclass
class MissingRow:
    code: str
    name: str
    status: str  # missing (past the deadline) or pending
    deadline: datetime
    zone: str
    contacts: list[Contact]

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])


@dataclass
class Board:
    filters: Filters
    by_region: bool
    total: Tally
    rows: list[BoardRow]
    missing: list[MissingRow]
    statuses: dict[str, str]  # region code → status this week

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        counts: dict[str, int] = defaultdict(int)
        for status in self.statuses.values():
            counts[status] += 1
        return [(s, str(STATUS_LABELS[s]), counts.get(s, 0)) for s in STATUS_ORDER]


def board(user: Any, filters: Filters, *, now: datetime | None = None) -> Board:
    """The chosen week: totals, one row per province (national) or region, who is missing with
    the people who write their report."""
    moment = now or timezone.now()
    week = filters.week
    frame = _frame(user, [week], level=filters.level, province_code=filters.province_code)
    by_region = rows_are_regions(user, filters)
    index = frame.receipt_index()
    statuses = {
        e.region_code: cell_status(e, index.get((e.region_code, e.period_key)), moment) for e in frame.expectations
    }
    key: Callable[[Expectation], Hashable] = (lambda e: e.region_code) if by_region else (lambda e: e.province_code)
    tallies = tally_by(frame.expectations, frame.receipts, key, moment)
    region_by_code = {r.code: r for r in frame.regions}
    codes = sorted(str(c) for c in tallies)
    names = {c: region_by_code[c].name for c in codes} if by_region else province_names(codes)
    rows = [
        BoardRow(code, names.get(code, code), tallies[code], statuses.get(code, "") if by_region else "")
        for code in codes
    ]
    total = merged(tallies.values())

    missing_regions = [region_by_code[c] for c in sorted(statuses) if statuses[c] in ("missing", "pending")]
    people = selectors.contacts_for(r.id for r in missing_regions) if missing_regions else {}
    missing = [
        MissingRow(
            code=r.code,
            name=r.name,
            status=statuses[r.code],
            deadline=frame.programme.deadline_for(week, r.timezone),
            zone=r.timezone,
            contacts=[Contact(u.full_name or u.username, u.email, u.phone) for u in people.get(r.id, [])],
        )
        for r in missing_regions
    ]
    return Board(filters, by_region, total, rows, missing, statuses)


def map_statuses(user: Any, filters: Filters, *, now: datetime | None = None) -> dict[str, str]:
    """``{region code: status}`` for the chosen week at the chosen level, in the user's scope."""
    result = selectors.completeness(
        user,
        weeks=[filters.week],
        level=filters.level,
        province_code=filters.province_code,
        now=now,
        with_cells=True,
    )
    return {code: status for (code, _key), status in sorted(result.cells.items())}


# --- 52-week heat table and trend --------------------------------------------------------------


@dataclass
class HeatCell:
    css: str
    text: str
    title: str
    week: str


@dataclass
class HeatRow:
    code: str
    name: str
    cells: list[HeatCell]


@dataclass
class TrendPoint:
    week: calendar.Week
    tally: Tally

    @property
    def completeness(self) -> Decimal | None:
        return self.tally.completeness

    @property
    def timeliness(self) -> Decimal | None:
        return self.tally.timeliness


@dataclass
class Heat:
    weeks: list[calendar.Week]
    by_region: bool
    rows: list[HeatRow]
    trend: list[TrendPoint]


def heat(user: Any, filters: Filters, *, now: datetime | None = None, weeks: int = HEAT_WEEKS) -> Heat:
    """Region × week over ``weeks`` weeks ending with the chosen one: per-cell status when rows
    are regions, else the completeness % of each province-week; and the trend per week. One
    load of the scope's regions and receipts over the weeks."""
    moment = now or timezone.now()
    week_list = weeks_ending(filters.week, weeks)
    by_region = rows_are_regions(user, filters)
    rows: list[HeatRow] = []
    by_week: dict[str, list[Tally]] = defaultdict(list)
    if by_region:
        frame = _frame(user, week_list, level=filters.level, province_code=filters.province_code)
        region_by_code = {r.code: r for r in frame.regions}
        index = frame.receipt_index()
        statuses: dict[tuple[str, str], str] = {}
        for e in frame.expectations:
            statuses[(e.region_code, e.period_key)] = cell_status(e, index.get((e.region_code, e.period_key)), moment)
        for week_key, tally in tally_by(frame.expectations, frame.receipts, lambda e: e.period_key, moment).items():
            by_week[str(week_key)].append(tally)
        codes = sorted({code for code, _w in statuses})
        not_expected = _("tidak diharapkan melapor")
        labels = {s: str(STATUS_LABELS[s]) for s in STATUS_ORDER}
        for code in codes:
            name = region_by_code[code].name
            cells = []
            for w in week_list:
                status = statuses.get((code, w.key))
                if status is None:
                    cells.append(HeatCell("heat-na", "", f"{name}, {w.key}: {not_expected}", w.key))
                else:
                    cells.append(
                        HeatCell(f"cell-{status}", STATUS_MARKS[status], f"{name}, {w.key}: {labels[status]}", w.key)
                    )
            rows.append(HeatRow(code, name, cells))
    else:
        tallies = _province_week_tallies(user, week_list, level=filters.level, province_code=filters.province_code)
        pairs: list[tuple[str, str]] = list(tallies)
        for province, week_key in pairs:
            by_week[week_key].append(tallies[(province, week_key)])
        codes = sorted({province for province, _w in pairs})
        names = province_names(codes)
        nobody = _("tidak ada yang diharapkan melapor")
        for code in codes:
            name = names.get(code, code)
            cells = []
            for w in week_list:
                t = tallies.get((code, w.key))
                if t is None:
                    cells.append(HeatCell("heat-na", "", f"{name}, {w.key}: {nobody}", w.key))
                    continue
                value = t.completeness
                title = _("%(name)s, %(week)s: kelengkapan %(percent)s %% (%(received)s dari %(expected)s)") % {
                    "name": name,
                    "week": w.key,
                    "percent": percent_text(value),
                    "received": t.received,
                    "expected": t.expected,
                }
                cells.append(HeatCell(heat_class(value), "" if value is None else f"{value:.0f}", title, w.key))
            rows.append(HeatRow(code, name, cells))
    trend_points = [TrendPoint(w, merged(by_week.get(w.key, []))) for w in week_list]
    return Heat(week_list, by_region, rows, trend_points)


def trend(user: Any, filters: Filters, *, now: datetime | None = None, weeks: int = HEAT_WEEKS) -> list[TrendPoint]:
    """Completeness and timeliness per week over ``weeks`` weeks ending with the chosen one
    (the per-province counts of the heat table, summed per week)."""
    week_list = weeks_ending(filters.week, weeks)
    by_week: dict[str, list[Tally]] = defaultdict(list)
    tallies = _province_week_tallies(user, week_list, level=filters.level, province_code=filters.province_code)
    for (_province, week_key), tally in tallies.items():
        by_week[week_key].append(tally)
    return [TrendPoint(w, merged(by_week.get(w.key, []))) for w in week_list]


# --- national weekly recap ---------------------------------------------------------------------


@dataclass
class ReportRow:
    """One report of the week as the recap reads it (a returned report: its last submission)."""

    public_id: str
    region_id: int
    status: str
    status_label: str
    is_nil: bool
    content: dict[str, Any]
    first_submitted_at: datetime | None
    submitted_at: datetime | None
    decided_at: datetime | None
    accepted_at: datetime | None
    search_text: str

    @property
    def received(self) -> bool:
        return self.first_submitted_at is not None

    def section(self, code: str) -> dict[str, Any]:
        sections = self.content.get("sections") if isinstance(self.content, dict) else None
        entry = sections.get(code) if isinstance(sections, dict) else None
        return entry if isinstance(entry, dict) else {}


@dataclass
class MatrixCell:
    kind: str  # level, nil, missing, empty
    level: SituationLevel | None = None

    @property
    def level_code(self) -> str:
        return self.level.code if self.level else ""

    @property
    def text(self) -> str:
        if self.level is not None:
            return self.level.name
        if self.kind == "nil":
            return _("Nihil")
        if self.kind == "empty":
            return _("tidak diisi")
        return "—"


@dataclass
class MatrixRow:
    code: str
    name: str
    expected: int
    received: int
    cells: list[MatrixCell]


@dataclass
class Highlight:
    region_code: str
    region_name: str
    province_name: str
    section_code: str
    section_title: str
    level: SituationLevel
    narrative: str
    report_public_id: str


@dataclass
class SearchHit:
    region_code: str
    region_name: str
    section_title: str
    excerpt: str
    report_public_id: str


@dataclass
class Recap:
    filters: Filters
    programme: ReportingProgramme
    period: ReportingPeriod | None
    by_region: bool
    sections: list[templating.Section]  # matrix columns: sections with a level (or the one picked)
    rows: list[MatrixRow]
    highlights: list[Highlight]
    hits: list[SearchHit] | None  # None without a search
    hits_truncated: bool
    totals: list[tuple[str, Tally]]
    levels: list[SituationLevel]
    regions: list[selectors.ReportingRegion] = field(default_factory=list)  # expected this week
    reports: dict[int, ReportRow] = field(default_factory=dict)  # by region id, drafts too
    province_names: dict[str, str] = field(default_factory=dict)


def _report_rows(
    user: Any, period: ReportingPeriod | None, regions: list[selectors.ReportingRegion], province_code: str | None
) -> dict[int, ReportRow]:
    """Every report of the week for the regions (one query; a second for returned reports,
    whose recap content is their last submission, not the correction being written)."""
    if period is None or not regions:
        return {}
    wanted = {r.id for r in regions}
    qs = SituationReport.objects.visible_to(user).filter(period=period)
    if province_code:
        qs = qs.filter(province__code=province_code)
    labels = dict(SituationReport.Status.choices)
    rows: dict[int, ReportRow] = {}
    region_of_report: dict[int, int] = {}
    returned: list[int] = []
    for (
        pk,
        public_id,
        region_id,
        status,
        is_nil,
        content,
        first,
        submitted,
        decided,
        accepted,
        text,
    ) in qs.values_list(
        "pk",
        "public_id",
        "region_id",
        "status",
        "is_nil",
        "content",
        "first_submitted_at",
        "submitted_at",
        "decided_at",
        "accepted_at",
        "search_text",
    ):
        if region_id not in wanted:
            continue
        rows[region_id] = ReportRow(
            str(public_id),
            region_id,
            status,
            str(labels.get(status, status)),
            is_nil,
            content if isinstance(content, dict) else {},
            first,
            submitted,
            decided,
            accepted,
            text or "",
        )
        region_of_report[pk] = region_id
        if status == SituationReport.Status.RETURNED:
            returned.append(pk)
    if returned:
        seen: set[int] = set()
        for report_id, is_nil, content in (
            ReportSnapshot.objects.filter(report_id__in=returned)
            .order_by("report_id", "-number")
            .values_list("report_id", "is_nil", "content")
        ):
            if report_id in seen:
                continue
            seen.add(report_id)
            row = rows[region_of_report[report_id]]
            row.is_nil = is_nil
            row.content = content if isinstance(content, dict) else {}
            row.search_text = str(row.content.get("nil_note", "")) if is_nil else templating.search_text(row.content)
    return rows


def _excerpt(text: str, needle: str) -> str | None:
    at = text.casefold().find(needle.casefold())
    if at < 0:
        return None
    end = at + len(needle)
    start = max(0, at - EXCERPT_CHARS)
    stop = min(len(text), end + EXCERPT_CHARS)
    return ("…" if start > 0 else "") + text[start:stop] + ("…" if stop < len(text) else "")


def recap(user: Any, filters: Filters, *, now: datetime | None = None) -> Recap:
    """The week's completeness totals, the level matrix (highest level per section by province,
    or per region for a province), the highlights (Siaga/Awas) and the search results."""
    from waspada.reports.services import programme_default

    programme = programme_default()
    moment = now or timezone.now()
    week = filters.week
    province_code = filters.province_code
    regions = [
        r for r in selectors.reporting_regions(user, programme, province_code=province_code) if r.exists_in(week)
    ]
    period = selectors.period_for(programme, week)
    reports = _report_rows(user, period, regions, province_code)
    levels = selectors.levels()
    level_by_code = {lv.code: lv for lv in levels}
    definition = programme.template.parsed
    order = {s.code: n for n, s in enumerate(definition.sections)}
    sections = [s for s in definition.sections if s.has_level and (not filters.section or s.code == filters.section)]

    # Completeness of the week, by reporting level, from the reports loaded above.
    expectations = selectors.expectations_for(programme, regions, [week])
    code_of = {r.id: r.code for r in regions}
    receipts = [
        Receipt(code_of[rid], week.key, row.first_submitted_at, row.is_nil)
        for rid, row in reports.items()
        if row.first_submitted_at is not None
    ]
    level_of = {r.code: ("provinsi" if r.level == Region.Level.PROVINSI else "kabkota") for r in regions}
    by_level = tally_by(expectations, receipts, lambda e: level_of[e.region_code], moment)
    totals: list[tuple[str, Tally]] = [
        (str(label), by_level[code]) for code, label in reversed(LEVEL_CHOICES) if code in by_level
    ]
    if len(totals) > 1:
        totals.append((_("Semua"), merged(by_level.values())))

    by_region = filters.province is not None or not access.scope_of(user).national
    names = province_names(r.province_code for r in regions)
    groups: dict[str, list[selectors.ReportingRegion]] = defaultdict(list)
    for r in regions:
        groups[r.code if by_region else r.province_code].append(r)
    rows: list[MatrixRow] = []
    for code in sorted(groups):
        members = groups[code]
        received = [reports[r.id] for r in members if r.id in reports and reports[r.id].received]
        filled = [row for row in received if not row.is_nil]
        cells = []
        for section in sections:
            if not received:
                cells.append(MatrixCell("missing"))
            elif not filled:
                cells.append(MatrixCell("nil"))
            else:
                found = [
                    level_by_code[c]
                    for row in filled
                    if (c := str(row.section(section.code).get("level") or "")) in level_by_code
                ]
                top = max(found, key=lambda lv: lv.rank) if found else None
                cells.append(MatrixCell("level", top) if top else MatrixCell("empty"))
        name = members[0].name if by_region else names.get(code, code)
        rows.append(MatrixRow(code, name, len(members), len(received), cells))

    region_by_id = {r.id: r for r in regions}
    highlights: list[Highlight] = []
    for rid, row in reports.items():
        if not row.received or row.is_nil:
            continue
        region = region_by_id[rid]
        for section in sections:
            entry = row.section(section.code)
            level = level_by_code.get(str(entry.get("level") or ""))
            if level is None or level.rank < HIGHLIGHT_RANK:
                continue
            highlights.append(
                Highlight(
                    region.code,
                    region.name,
                    names.get(region.province_code, ""),
                    section.code,
                    section.title,
                    level,
                    str(entry.get("narrative") or ""),
                    row.public_id,
                )
            )
    highlights.sort(key=lambda h: (-h.level.rank, h.region_code, order.get(h.section_code, 0)))

    hits: list[SearchHit] | None = None
    truncated = False
    if filters.query:
        hits = []
        matched = _matching_regions(user, period, filters.query, reports)
        for rid in sorted(matched, key=lambda i: region_by_id[i].code):
            row = reports[rid]
            region = region_by_id[rid]
            found_any = False
            for section in definition.sections:
                if filters.section and section.code != filters.section:
                    continue
                cut = _excerpt(str(row.section(section.code).get("narrative") or ""), filters.query)
                if cut is None:
                    continue
                found_any = True
                if len(hits) >= SEARCH_LIMIT:
                    truncated = True
                    break
                hits.append(SearchHit(region.code, region.name, section.title, cut, row.public_id))
            if not found_any and row.is_nil and not filters.section:
                cut = _excerpt(row.search_text, filters.query)
                if cut is not None:
                    if len(hits) >= SEARCH_LIMIT:
                        truncated = True
                    else:
                        hits.append(SearchHit(region.code, region.name, _("Catatan laporan nihil"), cut, row.public_id))

    return Recap(
        filters=filters,
        programme=programme,
        period=period,
        by_region=by_region,
        sections=sections,
        rows=rows,
        highlights=highlights,
        hits=hits,
        hits_truncated=truncated,
        totals=totals,
        levels=levels,
        regions=regions,
        reports=reports,
        province_names=names,
    )


def _matching_regions(
    user: Any, period: ReportingPeriod | None, query: str, reports: Mapping[int, ReportRow]
) -> list[int]:
    """Regions whose received report's narratives contain ``query``: a case-insensitive search
    over ``SituationReport.search_text`` in the database (``icontains``: works the same on SQLite
    and PostgreSQL), plus returned reports whose last submission matches (their stored text is the
    correction being written)."""
    if period is None:
        return []
    found = set(
        SituationReport.objects.visible_to(user)
        .filter(period=period, first_submitted_at__isnull=False, search_text__icontains=query)
        .values_list("region_id", flat=True)
    )
    needle = query.casefold()
    out = []
    for rid, row in reports.items():
        if not row.received:
            continue
        if row.status == SituationReport.Status.RETURNED:
            if needle in row.search_text.casefold():
                out.append(rid)
        elif rid in found:
            out.append(rid)
    return out


def recap_document_data(data: Recap, generated_at: str, generated_by: str) -> dict[str, Any]:
    """Everything the PDF prints, as plain JSON: its SHA-256 is the data hash in the footer."""
    return {
        "judul": "Rekapitulasi Laporan Situasi Mingguan",
        "periode": period_label(data.filters.week),
        "filter": [[label, value] for label, value in data.filters.described()],
        "dibuat": generated_at,
        "oleh": generated_by,
        "kelengkapan": [
            {
                "tingkat": label,
                "diharapkan": t.expected,
                "diterima": t.received,
                "tepat_waktu": t.on_time,
                "terlambat": t.late,
                "belum": t.missing,
                "nihil": t.nil,
                "kelengkapan": None if t.completeness is None else str(t.completeness),
                "ketepatan": None if t.timeliness is None else str(t.timeliness),
            }
            for label, t in data.totals
        ],
        "bagian": [s.code for s in data.sections],
        "matriks": [
            {
                "kode": r.code,
                "nama": r.name,
                "diterima": r.received,
                "diharapkan": r.expected,
                "sel": [c.text for c in r.cells],
            }
            for r in data.rows
        ],
        "sorotan": [
            {
                "kode": h.region_code,
                "wilayah": h.region_name,
                "bagian": h.section_code,
                "tingkat": h.level.code,
                "narasi": h.narrative,
            }
            for h in data.highlights
        ],
        "pencarian": None
        if data.hits is None
        else [{"kode": h.region_code, "bagian": h.section_title, "kutipan": h.excerpt} for h in data.hits],
    }


# SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8) of a document's data: the house
# data hash, the same canonicalisation as the recaps already issued.
content_hash = document_hash


# --- XLSX rows ---------------------------------------------------------------------------------


@dataclass
class ExportRow:
    region: selectors.ReportingRegion
    province_name: str
    status_label: str
    nil: str
    times: list[str]  # first submitted, submitted, verified, accepted: local time with zone
    timeliness: str
    levels: list[str]  # one per section column
    values: list[Any]  # one per indicator column, typed (int, float, bool, str) or None


@dataclass
class ExportData:
    filters: Filters
    generated_at: datetime
    generated_by: str
    zone: str
    sections: list[templating.Section]
    indicators: list[tuple[templating.Section, templating.Indicator]]
    rows: list[ExportRow]
    levels: list[SituationLevel]
    recap: Recap


def _typed(indicator: templating.Indicator, value: Any) -> Any:
    if value is None or value == "":
        return None
    if indicator.type == "boolean":
        return _("Ya") if value else _("Tidak")
    if indicator.type == "integer" and isinstance(value, int | float) and not isinstance(value, bool):
        return int(value)
    if indicator.type == "decimal" and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return str(value)


def export_data(
    user: Any, filters: Filters, *, now: datetime | None = None, progress: Progress | None = None
) -> ExportData:
    """One row per expected region (in the user's scope and the filters) with its report's
    status, times in the region's zone, on time/late, levels per section and indicator values."""
    moment = now or timezone.now()
    data = recap(user, filters, now=moment)
    if progress:
        progress(30)
    definition = data.programme.template.parsed
    sections = [s for s in definition.sections if s.has_level and (not filters.section or s.code == filters.section)]
    indicators = [(s, i) for s, i in definition.indicator_columns if not filters.section or s.code == filters.section]
    level_names = {lv.code: lv.name for lv in data.levels}
    deadlines: dict[str, datetime] = {}
    verified_statuses = (SituationReport.Status.VERIFIED, SituationReport.Status.ACCEPTED)
    rows: list[ExportRow] = []
    for region in data.regions:
        report = data.reports.get(region.id)
        zone = region.timezone
        if zone not in deadlines:
            deadlines[zone] = data.programme.deadline_for(filters.week, zone)
        province_name = data.province_names.get(region.province_code, "")
        if report is None:
            rows.append(ExportRow(region, province_name, _("Belum melapor"), "", ["", "", "", ""], "", [], []))
            continue

        def local(moment_: datetime | None, zone_: str = zone) -> str:
            return format_local(moment_, zone_) if moment_ else ""

        sent = report.received
        timeliness = ""
        if report.first_submitted_at is not None:
            timeliness = _("Terlambat") if report.first_submitted_at > deadlines[zone] else _("Tepat waktu")
        status_label = report.status_label if sent else _("Belum melapor (draf)")
        shown = sent and not report.is_nil
        rows.append(
            ExportRow(
                region,
                province_name,
                status_label,
                (_("Ya") if report.is_nil else _("Tidak")) if sent else "",
                [
                    local(report.first_submitted_at),
                    local(report.submitted_at),
                    local(report.decided_at) if report.status in verified_statuses else "",
                    local(report.accepted_at),
                ],
                timeliness,
                [
                    level_names.get(str(report.section(s.code).get("level") or ""), "") if shown else ""
                    for s in sections
                ],
                [
                    _typed(i, (report.section(s.code).get("values") or {}).get(i.code)) if shown else None
                    for s, i in indicators
                ],
            )
        )
    return ExportData(
        filters=filters,
        generated_at=moment,
        generated_by=user_label(user),
        zone=user_zone(user) if filters.province is None else filters.province.timezone,
        sections=sections,
        indicators=indicators,
        rows=rows,
        levels=data.levels,
        recap=data,
    )
