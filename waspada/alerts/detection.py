"""Deteksi mingguan: run every enabled AlertRule over one ISO week and open alerts.

``run_detection(week_key)`` is idempotent: an alert is unique per (rule, region, week) (database
constraint), so running the same week again opens nothing new; an alert still NEW gets the fresh
observed value, threshold and evidence, one already being worked is left alone.

Series rules (EARS, Farrington, count ≥ N) read the incident weekly rollup in ONE grouped query per
rule and judge all kabupaten/kota (or provinces) at once as a numpy matrix (regions × weeks; a week
without rollup rows is 0 incidents; weeks before a region existed are missing). The other rules
read the weekly reports (``report_level``, ``missing_reports``), the Pilkada data
(``prokes_violations``, ``nphd_overdue``) and the forum registry (``forum_expired``: a forum whose
decrees have all ended by the week's last day, through ``forums.selectors``).

``AlertRule.min_count`` is applied here: no alert when the week's own count is below it.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np
from django.apps import apps
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from waspada.alerts.detectors import detector_params, history_weeks, rules, run_detector
from waspada.alerts.models import Alert, AlertAction, AlertRule, DetectionRun
from waspada.core import audit
from waspada.core.timezones import ZONES
from waspada.regions.models import Region
from waspada.reports import calendar

logger = logging.getLogger(__name__)

SERIES_METHODS = ("ears_c1", "ears_c2", "ears_c3", "farrington_flexible", "count_threshold")
# Weeks of the series kept in an alert's evidence (the chart on the alert page).
SHOWN_WEEKS = 26
# Records behind an alert listed in its evidence (the page links them).
MAX_RECORDS = 200
# Without a reporting programme the deadline is Monday 12:00 local time, as the programme's default.
DEFAULT_DEADLINE_OFFSET = timedelta(hours=12)


class DetectionRefused(ValueError):
    """A detection run that cannot start (bad week key); nothing written."""


@dataclass
class Finding:
    """One rule firing for one region: what the alert will carry."""

    region_id: int
    observed: float | None
    threshold: float | None
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Regions:
    """The regions a rule judges in the week: ids in matrix row order, with what the run needs."""

    ids: list[int]
    code: dict[int, str]
    name: dict[int, str]
    zone: dict[int, str]
    valid_from: dict[int, date | None]

    @property
    def row(self) -> dict[int, int]:
        return {rid: i for i, rid in enumerate(self.ids)}


def parse_week(week_key: str) -> calendar.Week:
    try:
        return calendar.Week.parse(week_key)
    except calendar.BadPeriodKey:
        raise DetectionRefused(
            f"Minggu «{week_key}» tidak sah. Gunakan format minggu ISO, misalnya 2020-W40."
        ) from None


def _regions(level: str, week: calendar.Week, zones: Sequence[str] | None) -> _Regions:
    levels = [Region.Level.PROVINSI] if level == AlertRule.Level.PROVINCE else list(Region.KABKOTA_LEVELS)
    day = week.start
    qs = Region.objects.filter(level__in=levels).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day), Q(valid_until__isnull=True) | Q(valid_until__gt=day)
    )
    if zones:
        qs = qs.filter(timezone__in=list(zones))
    rows = list(qs.order_by("code").values_list("id", "code", "name", "timezone", "valid_from"))
    return _Regions(
        ids=[r[0] for r in rows],
        code={r[0]: r[1] for r in rows},
        name={r[0]: r[2] for r in rows},
        zone={r[0]: r[3] for r in rows},
        valid_from={r[0]: r[4] for r in rows},
    )


# --- series rules -------------------------------------------------------------------------------


def series_matrix(
    rule: AlertRule, regions: _Regions, weeks: Sequence[calendar.Week]
) -> tuple[np.ndarray[Any, np.dtype[np.float64]], int]:
    """Incidents per region (rows, ``regions.ids`` order) and week (columns, oldest first), read
    from the rollup in one grouped query. Weeks before a region came into force are nan."""
    from waspada.incidents.models import IncidentWeeklyRollup

    key = "province_id" if rule.level == AlertRule.Level.PROVINCE else "kabkota_id"
    col = {w.start: j for j, w in enumerate(weeks)}
    row = regions.row
    matrix = np.zeros((len(regions.ids), len(weeks)), dtype=float)
    qs = IncidentWeeklyRollup.objects.filter(week_start__gte=weeks[0].start, week_start__lte=weeks[-1].start)
    if rule.category_id is not None:
        qs = qs.filter(category_id=rule.category_id)
    rows = qs.order_by().values_list(key, "week_start").annotate(n=Sum("incidents"))
    read = 0
    for region_id, week_start, n in rows.iterator(chunk_size=10_000):
        read += 1
        i = row.get(region_id)
        j = col.get(week_start)
        if i is not None and j is not None:
            matrix[i, j] = n
    for rid, since in regions.valid_from.items():
        if since is not None and since > weeks[0].start:
            # Before it existed the region has no series (a split kabupaten): missing, not zero.
            matrix[row[rid], [j for w, j in col.items() if w < since]] = np.nan
    return matrix, read


def _series_findings(rule: AlertRule, regions: _Regions, week: calendar.Week, summary: dict[str, Any]) -> list[Finding]:
    method = rule.method
    if method == "count_threshold":
        params = rules.rule_params(method, rule.parameters)
        need = int(params["weeks"])
    else:
        params = detector_params(method, rule.parameters)
        need = history_weeks(method, **params)
    span = max(need, SHOWN_WEEKS)
    weeks = list(calendar.weeks_between(week.shifted(-(span - 1)), week))
    matrix, read = series_matrix(rule, regions, weeks)
    summary["rollup_rows"] = read
    summary["weeks"] = [weeks[-need].key, week.key]
    current = matrix[:, -1]
    k = len(weeks)
    fired: list[tuple[int, float, float | None]] = []  # (row, observed, threshold)
    bounds: dict[int, list[float | None]] = {}
    if method == "count_threshold":
        for i in range(len(regions.ids)):
            window = [None if np.isnan(v) else float(v) for v in matrix[i, -need:]]
            judged = rules.count_threshold(window, **params)
            if judged.fired and judged.observed is not None:
                fired.append((i, judged.observed, judged.threshold))
        cannot = 0
    else:
        result = run_detector(method, matrix, weeks=[k], **params)
        alarm = np.asarray(result.alarm[:, 0], dtype=np.bool_)
        upper = np.asarray(result.upperbound[:, 0], dtype=np.float64)
        reasons = result.reason[:, 0]
        cannot = int(sum(1 for r in reasons if r))
        for i in np.flatnonzero(alarm):
            fired.append((int(i), float(current[i]), float(upper[i])))
        if method.startswith("ears_") and fired:
            # The bound of every shown week for the chart (EARS is cheap; Farrington judges only the week).
            rows_hit = [i for i, _, _ in fired]
            shown = list(range(max(1, k - SHOWN_WEEKS + 1), k + 1))
            past = run_detector(method, matrix[rows_hit], weeks=shown, **params)
            for n, i in enumerate(rows_hit):
                bounds[i] = [None if np.isnan(v) else round(float(v), 4) for v in past.upperbound[n]]
    summary["judged"] = len(regions.ids) - cannot
    summary["cannot_judge"] = cannot
    summary["fired"] = len(fired)
    guarded = [f for f in fired if not np.isnan(current[f[0]]) and current[f[0]] < rule.min_count]
    summary["below_min_count"] = len(guarded)
    kept = [f for f in fired if f not in guarded]
    shown_weeks = weeks[-SHOWN_WEEKS:]
    findings = []
    for i, observed, threshold in kept:
        series = matrix[i, -SHOWN_WEEKS:]
        evidence: dict[str, Any] = {
            "kind": "series",
            "method": method,
            "parameters": params,
            "weeks": [w.key for w in shown_weeks],
            "counts": [None if np.isnan(v) else float(v) for v in series],
            "observed": observed,
            "threshold": threshold,
            "week_count": None if np.isnan(current[i]) else float(current[i]),
            "min_count": rule.min_count,
        }
        if i in bounds:
            evidence["upperbounds"] = bounds[i]
        findings.append(Finding(regions.ids[i], observed, threshold, evidence))
    _attach_incidents(rule, findings, week, weeks[-need] if method == "count_threshold" else week)
    return findings


def _attach_incidents(rule: AlertRule, findings: list[Finding], week: calendar.Week, first: calendar.Week) -> None:
    """The incidents behind each finding (its week, or the rule's window): public ids, one query."""
    if not findings:
        return
    from waspada.incidents.models import Incident

    key = "province_id" if rule.level == AlertRule.Level.PROVINCE else "kabkota_id"
    by_region = {f.region_id: f for f in findings}
    qs = Incident.objects.alive().filter(
        **{f"{key}__in": list(by_region)}, week_start__gte=first.start, week_start__lte=week.start
    )
    if rule.category_id is not None:
        qs = qs.filter(category_id=rule.category_id)
    found: dict[int, list[str]] = defaultdict(list)
    for region_id, public_id in qs.order_by("-occurred_on", "id").values_list(key, "public_id"):
        if len(found[region_id]) < MAX_RECORDS:
            found[region_id].append(str(public_id))
    for region_id, finding in by_region.items():
        finding.evidence["incidents"] = found.get(region_id, [])


# --- report rules -------------------------------------------------------------------------------


def _programme() -> Any:
    from waspada.reports.models import ReportingProgramme
    from waspada.reports.services import DEFAULT_PROGRAMME

    return ReportingProgramme.objects.filter(code=DEFAULT_PROGRAMME).first()


def _report_level_findings(
    rule: AlertRule, regions: _Regions, week: calendar.Week, summary: dict[str, Any]
) -> list[Finding]:
    from waspada.reports.models import HIGHLIGHT_RANK, SituationReport
    from waspada.reports.templating import section_levels

    params = rules.rule_params(rule.method, rule.parameters)
    programme = _programme()
    if programme is None:
        summary["note"] = "program pelaporan bawaan belum ada"
        return []
    wanted_rank = min(rules.REPORT_LEVELS.index(v) for v in params["levels"])
    reports = SituationReport.objects.filter(
        programme=programme,
        period__key=week.key,
        region_id__in=regions.ids,
        first_submitted_at__isnull=False,
        max_level_rank__gte=min(wanted_rank, HIGHLIGHT_RANK),
    ).values_list("region_id", "public_id", "content")
    findings = []
    judged = 0
    for region_id, public_id, content in reports:
        judged += 1
        result = rules.report_level(section_levels(content), **params)
        if result.fired and (result.observed or 0) >= rule.min_count:
            evidence = {"kind": "report", **result.evidence, "report": str(public_id), "week": week.key}
            findings.append(Finding(region_id, result.observed, result.threshold, evidence))
    summary["judged"] = judged
    summary["fired"] = len(findings)
    return findings


def _missing_reports_findings(
    rule: AlertRule, regions: _Regions, week: calendar.Week, summary: dict[str, Any]
) -> list[Finding]:
    from waspada.reports.models import ReportingPeriod, SituationReport

    params = rules.rule_params(rule.method, rule.parameters)
    programme = _programme()
    if programme is None:
        summary["note"] = "program pelaporan bawaan belum ada"
        return []
    levels = set(programme.levels)
    wanted = {Region.Level.PROVINSI} if rule.level == AlertRule.Level.PROVINCE else set(Region.KABKOTA_LEVELS)
    expected = regions.ids if levels & wanted else []
    # One more week than the run length: ``missing_reports`` fires in the week the run reaches it.
    weeks = list(calendar.weeks_between(week.shifted(-int(params["consecutive"])), week))
    periods = dict(
        ReportingPeriod.objects.filter(programme=programme, key__in=[w.key for w in weeks]).values_list("key", "id")
    )
    submitted = set(
        SituationReport.objects.filter(
            programme=programme, period_id__in=list(periods.values()), first_submitted_at__isnull=False
        ).values_list("region_id", "period_id")
    )
    findings = []
    for rid in expected:
        since = regions.valid_from[rid]
        flags: list[bool | None] = []
        for w in weeks:
            if w.key not in periods or (since is not None and w.start < since):
                flags.append(None)
            else:
                flags.append((rid, periods[w.key]) in submitted)
        result = rules.missing_reports(flags, **params)
        if result.fired:
            evidence = {"kind": "missing_reports", **result.evidence, "weeks": [w.key for w in weeks]}
            evidence["submitted"] = flags
            findings.append(Finding(rid, result.observed, result.threshold, evidence))
    summary["judged"] = len(expected)
    summary["fired"] = len(findings)
    return findings


# --- Pilkada rules ------------------------------------------------------------------------------


def _prokes_findings(rule: AlertRule, regions: _Regions, week: calendar.Week, summary: dict[str, Any]) -> list[Finding]:
    from waspada.core.timezones import tzinfo_for
    from waspada.elections.models import ProkesViolation

    params = rules.rule_params(rule.method, rule.parameters)
    as_of = week.end
    start = as_of - timedelta(days=int(params["days"]) - 1)
    key = "province_id" if rule.level == AlertRule.Level.PROVINCE else "kabkota_id"
    # A day wider on both sides in UTC; each violation's local date decides.
    lo = datetime.combine(start - timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    hi = datetime.combine(as_of + timedelta(days=2), datetime.min.time(), tzinfo=UTC)
    rows = (
        ProkesViolation.objects.alive()
        .filter(occurred_at__gte=lo, occurred_at__lt=hi, **{f"{key}__in": regions.ids})
        .values_list(key, "occurred_at", "public_id")
    )
    by_region: dict[int, list[tuple[date, str]]] = defaultdict(list)
    for rid, at, public_id in rows:
        local = at.astimezone(tzinfo_for(regions.zone.get(rid, "WIB"))).date()
        by_region[rid].append((local, str(public_id)))
    findings = []
    for rid, items in by_region.items():
        result = rules.prokes_violations(((d, 1.0) for d, _ in items), as_of, **params)
        if result.fired and (result.observed or 0) >= rule.min_count:
            ids = [pid for d, pid in items if start <= d <= as_of][:MAX_RECORDS]
            evidence = {"kind": "prokes", **result.evidence, "violations": ids}
            findings.append(Finding(rid, result.observed, result.threshold, evidence))
    summary["judged"] = len(by_region)
    summary["fired"] = len(findings)
    return findings


# An agreement is judged while its election is at most this long past: afterwards a missing
# tranche is history, not a warning that something can still be done about.
NPHD_AFTER_VOTE = timedelta(days=30)


def _nphd_findings(rule: AlertRule, regions: _Regions, week: calendar.Week, summary: dict[str, Any]) -> list[Finding]:
    from waspada.elections import nphd
    from waspada.elections.models import Disbursement, GrantAgreement

    params = rules.rule_params(rule.method, rule.parameters)
    as_of = week.end
    agreements = list(
        GrantAgreement.objects.filter(
            region_id__in=regions.ids,
            election__voting_date__gte=as_of - NPHD_AFTER_VOTE,
            signed_on__lte=as_of,
        ).values_list("id", "region_id", "public_id", "amount", "signed_on", "election__voting_date", "recipient")
    )
    payments: dict[int, list[tuple[date, Any]]] = defaultdict(list)
    for agreement_id, paid_on, amount in Disbursement.objects.filter(
        agreement_id__in=[a[0] for a in agreements]
    ).values_list("agreement_id", "paid_on", "amount"):
        payments[agreement_id].append((paid_on, amount))
    tranches: dict[int, list[rules.Tranche]] = defaultdict(list)
    ids: dict[int, list[str]] = defaultdict(list)
    for agreement_id, rid, public_id, amount, signed_on, voting_date, recipient in agreements:
        state = nphd.compliance(
            amount=amount, signed_on=signed_on, voting_date=voting_date, payments=payments[agreement_id], as_of=as_of
        )
        for t in state.tranches:
            label = f"{recipient} tahap {t.number}"
            tranches[rid].append(rules.Tranche(label, t.deadline, t.met_on))
        ids[rid].append(str(public_id))
    findings = []
    for rid, items in tranches.items():
        result = rules.nphd_overdue(items, as_of, **params)
        if result.fired and (result.observed or 0) >= rule.min_count:
            findings.append(
                Finding(
                    rid, result.observed, result.threshold, {"kind": "nphd", **result.evidence, "agreements": ids[rid]}
                )
            )
    summary["judged"] = len(tranches)
    summary["fired"] = len(findings)
    return findings


def _forum_findings(rule: AlertRule, regions: _Regions, week: calendar.Week, summary: dict[str, Any]) -> list[Finding]:
    if not apps.is_installed("waspada.forums"):
        summary["note"] = "aplikasi forum belum tersedia; aturan dilewati"
        summary["skipped"] = True
        return []
    from waspada.forums.selectors import expired_forums_by_region

    params = rules.rule_params(rule.method, rule.parameters)
    as_of = week.end
    expired = expired_forums_by_region(regions.ids, list(params["kinds"]), as_of)
    findings = []
    for rid, items in expired.items():
        result = rules.forum_expired([rules.Decree(*item) for item in items], as_of, **params)
        if result.fired and (result.observed or 0) >= rule.min_count:
            findings.append(Finding(rid, result.observed, result.threshold, {"kind": "forum", **result.evidence}))
    summary["judged"] = len(regions.ids)
    summary["fired"] = len(findings)
    return findings


EVALUATORS = {
    "report_level": _report_level_findings,
    "missing_reports": _missing_reports_findings,
    "prokes_violations": _prokes_findings,
    "nphd_overdue": _nphd_findings,
    "forum_expired": _forum_findings,
}


def evaluate(
    rule: AlertRule, week: calendar.Week, *, zones: Sequence[str] | None = None
) -> tuple[list[Finding], dict[str, Any]]:
    """What ``rule`` finds in ``week`` (nothing written) and the rule's summary."""
    summary: dict[str, Any] = {"method": rule.method, "level": rule.level}
    regions = _regions(rule.level, week, zones)
    summary["regions"] = len(regions.ids)
    if not regions.ids:
        return [], summary
    if rule.method in SERIES_METHODS:
        findings = _series_findings(rule, regions, week, summary)
    else:
        findings = EVALUATORS[rule.method](rule, regions, week, summary)
    for f in findings:
        f.evidence.setdefault("region", regions.code.get(f.region_id, ""))
    return findings, summary


# --- the run ------------------------------------------------------------------------------------


def _title(rule: AlertRule, region: Region, week: calendar.Week) -> str:
    return f"{rule.name} — {region.name} ({week.key})"[:200]


def _store(rule: AlertRule, run: DetectionRun, week: calendar.Week, findings: list[Finding]) -> tuple[list[Alert], int]:
    """Open the new alerts, refresh those still NEW. Returns the new alerts and how many were refreshed."""
    if not findings:
        return [], 0
    existing = {
        a.region_id: a
        for a in Alert.objects.filter(rule=rule, week_key=week.key, region_id__in=[f.region_id for f in findings])
    }
    regions = Region.objects.in_bulk([f.region_id for f in findings])
    new: list[Alert] = []
    refreshed: list[Alert] = []
    for f in findings:
        alert = existing.get(f.region_id)
        if alert is None:
            region = regions[f.region_id]
            alert = Alert(
                rule=rule,
                run=run,
                region=region,
                week_key=week.key,
                title=_title(rule, region, week),
                observed=f.observed,
                threshold=f.threshold,
                evidence=f.evidence,
            )
            alert.set_scope_keys(region)
            new.append(alert)
        elif alert.status == Alert.Status.NEW and (
            alert.observed != f.observed or alert.threshold != f.threshold or alert.evidence != f.evidence
        ):
            alert.observed, alert.threshold, alert.evidence, alert.run = f.observed, f.threshold, f.evidence, run
            alert.version += 1
            refreshed.append(alert)
    if new:
        Alert.objects.bulk_create(new, batch_size=500)
        if any(a.pk is None for a in new):  # a backend that does not return keys
            by_region = dict(
                Alert.objects.filter(
                    rule=rule, week_key=week.key, region_id__in=[a.region_id for a in new]
                ).values_list("region_id", "pk")
            )
            for a in new:
                a.pk = by_region[a.region_id]
        AlertAction.objects.bulk_create(
            [
                AlertAction(
                    alert_id=a.pk,
                    kind=AlertAction.Kind.OPENED,
                    note=f"Dibuka oleh deteksi mingguan {week.key}",
                    data={"run": run.pk, "observed": a.observed, "threshold": a.threshold},
                )
                for a in new
            ],
            batch_size=500,
        )
    if refreshed:
        Alert.objects.bulk_update(
            refreshed, ["observed", "threshold", "evidence", "run", "version", "updated_at"], batch_size=500
        )
    return new, len(refreshed)


def run_detection(
    week_key: str,
    *,
    user: Any = None,
    now: datetime | None = None,
    zones: Sequence[str] | None = None,
    rule_codes: Iterable[str] | None = None,
    notify: bool = True,
) -> DetectionRun:
    """Run all enabled rules over ``week_key`` (``2020-W40``) and open the alerts they raise.

    ``zones`` limits the regions judged to those time zones (the scheduled run after each zone's
    deadline); ``rule_codes`` limits the rules. Returns the finished :class:`DetectionRun`, whose
    ``summary`` holds one entry per rule (regions judged, fired, guarded by ``min_count``, new
    and refreshed alerts, seconds, notes or errors).
    """
    week = parse_week(week_key)
    if zones:
        unknown = [z for z in zones if z not in ZONES]
        if unknown:
            raise DetectionRefused(f"Zona waktu tidak dikenal: {', '.join(unknown)} (WIB, WITA, WIT).")
    moment = now or timezone.now()
    run = DetectionRun.objects.create(week_key=week.key, triggered_by=user if getattr(user, "pk", None) else None)
    rule_qs = AlertRule.objects.filter(is_enabled=True).order_by("code")
    if rule_codes is not None:
        rule_qs = rule_qs.filter(code__in=list(rule_codes))
    summary: dict[str, Any] = {"zones": list(zones or ZONES), "started": moment.isoformat(), "rules": {}}
    opened: list[Alert] = []
    failed = False
    for rule in rule_qs:
        started = timezone.now()
        try:
            findings, rule_summary = evaluate(rule, week, zones=zones)
            with transaction.atomic():
                new, refreshed = _store(rule, run, week, findings)
            rule_summary.update({"new": len(new), "refreshed": refreshed, "existing": len(findings) - len(new)})
            opened += new
        except ValueError as exc:  # a rule's parameters are wrong: say so, run the others
            rule_summary = {"method": rule.method, "error": str(exc)}
            failed = True
        except Exception as exc:  # one broken rule must not stop the weekly run
            logger.exception("detection rule %s failed for %s", rule.code, week.key)
            rule_summary = {"method": rule.method, "error": f"{type(exc).__name__}: {exc}"}
            failed = True
        rule_summary["seconds"] = round((timezone.now() - started).total_seconds(), 3)
        summary["rules"][rule.code] = rule_summary
    run.summary = summary
    run.alerts_opened = len(opened)
    run.status = DetectionRun.Status.FAILED if failed else DetectionRun.Status.DONE
    run.finished_at = timezone.now()
    run.save(update_fields=["summary", "alerts_opened", "status", "finished_at"])
    audit.record(
        actor=user,
        action="alert.detection_run",
        obj=run,
        after={"week": week.key, "alerts_opened": len(opened), "status": run.status, "zones": summary["zones"]},
    )
    if notify and opened:
        from waspada.alerts import services

        services.notify_new_alerts(opened, week_key=week.key, run=run)
    return run


def due_runs(now: datetime) -> list[tuple[str, str]]:
    """(week key, zone) pairs whose weekly deadline has passed in the zone and that no finished
    run covers yet: what the hourly scheduled task runs. Looks back two weeks (a missed hour or
    day is caught up, a year of history is not)."""
    programme = _programme()
    out: list[tuple[str, str]] = []
    for zone in ZONES:
        latest = calendar.latest_closed_week(now, zone)
        for week in (latest.shifted(-1), latest):
            deadline = (
                programme.deadline_for(week, zone)
                if programme is not None
                else calendar.deadline(week, zone, DEFAULT_DEADLINE_OFFSET)
            )
            if deadline > now:
                continue
            if not _covered(week.key, zone):
                out.append((week.key, zone))
    return out


def _covered(week_key: str, zone: str) -> bool:
    for summary in DetectionRun.objects.filter(week_key=week_key, status=DetectionRun.Status.DONE).values_list(
        "summary", flat=True
    ):
        if isinstance(summary, dict) and zone in summary.get("zones", ()):
            return True
    return False
