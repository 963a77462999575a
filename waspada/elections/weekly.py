"""The link between Pilkada monitoring and the weekly report: the violations registered for a
report's region in its week, and the summary text «Tarik ke laporan» appends to the report's
Pilkada section (``pilkada_prokes``) through ``reports.services.report_save_draft``."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from waspada.core.timezones import format_local, tzinfo_for
from waspada.elections import recap
from waspada.elections.models import ProkesViolation
from waspada.regions.models import Region

SECTION = "pilkada_prokes"
COUNT_INDICATOR = "pelanggaran_prokes"
MAX_LISTED = 50


def week_violations(user: Any, region: Region, start: Any, end: Any) -> QuerySet[ProkesViolation]:
    """Live violations in the user's scope located in ``region`` (its subtree) whose local day
    (in the region's zone) falls in ``start``–``end`` (the report week, both days included)."""
    zone = tzinfo_for(region.timezone)
    since = datetime.combine(start, time.min, tzinfo=zone)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    qs = ProkesViolation.objects.visible_to(user).alive().filter(occurred_at__gte=since, occurred_at__lt=until)
    if region.level == Region.Level.PROVINSI:
        qs = qs.filter(province=region)
    elif region.level in Region.KABKOTA_LEVELS:
        qs = qs.filter(kabkota=region)
    else:
        qs = qs.filter(region__code__startswith=region.code)
    return qs.select_related("contest__region", "pair", "region", "stage").order_by("occurred_at", "id")


def line(v: ProkesViolation) -> str:
    types = [recap.type_label(n) for n in ProkesViolation.VIOLATION_FIELDS if getattr(v, n)]
    if v.other_violation:
        types.append(v.other_violation)
    who = str(v.pair) if v.pair else _("bukan paslon")
    parts = [
        format_local(v.occurred_at, v.region.timezone),
        v.get_activity_display(),
        v.region.name,
        who,
        ", ".join(types).lower(),
    ]
    if v.participants:
        parts.append(_("±%(n)s orang") % {"n": v.participants})
    if v.sanction:
        parts.append(_("sanksi: %(s)s") % {"s": v.get_sanction_display().lower()})
    return "; ".join(str(p) for p in parts if p)


def summary_text(violations: list[ProkesViolation]) -> str:
    """The paragraph appended to the Pilkada section's narrative."""
    if not violations:
        return _("Tidak ada pelanggaran protokol kesehatan Pilkada yang tercatat minggu ini.")
    head = _("Pelanggaran protokol kesehatan Pilkada yang tercatat minggu ini: %(n)d.") % {"n": len(violations)}
    return "\n".join([head, *(f"- {line(v)}" for v in violations)])


def merged_content(content: dict[str, Any] | None, text: str, count: int) -> dict[str, Any]:
    """The report content with ``text`` appended to the Pilkada narrative and the violation
    count filled in when it is still empty (what an officer typed is never overwritten)."""
    result = dict(content or {})
    sections = dict(result.get("sections") or {})
    section = dict(sections.get(SECTION) or {})
    narrative = str(section.get("narrative") or "").rstrip()
    section["narrative"] = f"{narrative}\n\n{text}" if narrative else text
    values = dict(section.get("values") or {})
    if values.get(COUNT_INDICATOR) in (None, ""):
        values[COUNT_INDICATOR] = count
    section["values"] = values
    sections[SECTION] = section
    result["sections"] = sections
    return result
