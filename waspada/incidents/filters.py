"""Filters of the incident list (and of its CSV/XLSX exports): query parameters → checked
filters → a queryset filter. No writes; every message in Indonesian.

Parameters (all optional, combinable):

- ``dari`` / ``sampai``: the date of occurrence, both ends inclusive (``YYYY-MM-DD``);
- ``wilayah``: a region code — province, kabupaten/kota, kecamatan or desa — for the whole
  subtree (a code outside the user's scope answers 404, as a missing region would);
- ``kategori``: category codes (repeatable);
- ``status``: ``draft``, ``verified`` or ``closed`` (repeatable);
- ``korban``: ``ya`` (incidents with someone killed, injured or sexually assaulted) or ``tidak``;
- ``q``: words searched in the title, the narrative and the location detail.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from waspada.incidents.models import Incident, IncidentCode
from waspada.regions import access
from waspada.regions.models import Region

MAX_CATEGORIES = 20
MAX_QUERY = 100
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_REGION_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
_YES = {"ya", "1", "true"}
_NO = {"tidak", "0", "false"}


class BadIncidentFilter(ValueError):
    """One or more parameters that cannot be used; ``messages`` says why, in Indonesian."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(" ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class IncidentFilters:
    start: date | None = None
    end: date | None = None
    region: Region | None = None
    categories: tuple[IncidentCode, ...] = ()
    statuses: tuple[str, ...] = ()
    casualties: bool | None = None
    query: str = ""

    def apply(self, incidents: QuerySet[Incident]) -> QuerySet[Incident]:
        """The incidents that match (``incidents`` is already scoped by the caller)."""
        if self.start is not None:
            incidents = incidents.filter(occurred_on__gte=self.start)
        if self.end is not None:
            incidents = incidents.filter(occurred_on__lte=self.end)
        region = self.region
        if region is not None:
            if region.level == Region.Level.PROVINSI:
                incidents = incidents.filter(province_id=region.pk)
            elif region.level in Region.KABKOTA_LEVELS:
                incidents = incidents.filter(kabkota_id=region.pk)
            else:
                incidents = incidents.filter(Q(region_id=region.pk) | Q(region__code__startswith=region.code + "."))
        if self.categories:
            incidents = incidents.filter(category_id__in=[c.pk for c in self.categories])
        if self.statuses:
            incidents = incidents.filter(status__in=self.statuses)
        if self.casualties is not None:
            hurt = Q(killed__gt=0) | Q(injured__gt=0) | Q(sexual_violence__gt=0)
            incidents = incidents.filter(hurt) if self.casualties else incidents.exclude(hurt)
        for word in self.query.split():
            incidents = incidents.filter(
                Q(title__icontains=word) | Q(narrative__icontains=word) | Q(location_detail__icontains=word)
            )
        return incidents

    def as_params(self) -> dict[str, Any]:
        """As query parameters that ``parse`` reads back (kept on an export, read by its task)."""
        params: dict[str, Any] = {}
        if self.start is not None:
            params["dari"] = self.start.isoformat()
        if self.end is not None:
            params["sampai"] = self.end.isoformat()
        if self.region is not None:
            params["wilayah"] = self.region.code
        if self.categories:
            params["kategori"] = [c.code for c in self.categories]
        if self.statuses:
            params["status"] = list(self.statuses)
        if self.casualties is not None:
            params["korban"] = "ya" if self.casualties else "tidak"
        if self.query:
            params["q"] = self.query
        return params

    def described(self) -> list[tuple[str, str]]:
        """(label, value) pairs for the headers of exports; only the filters that are set."""
        out: list[tuple[str, str]] = []
        if self.start is not None or self.end is not None:
            start = self.start.strftime("%d-%m-%Y") if self.start else "…"
            end = self.end.strftime("%d-%m-%Y") if self.end else "…"
            out.append((_("Tanggal kejadian"), f"{start} – {end}"))
        if self.region is not None:
            out.append((_("Wilayah"), f"{self.region.name} ({self.region.code})"))
        if self.categories:
            out.append((_("Kategori"), ", ".join(c.name for c in self.categories)))
        if self.statuses:
            labels = dict(Incident.Status.choices)
            out.append((_("Status"), ", ".join(str(labels[s]) for s in self.statuses)))
        if self.casualties is not None:
            out.append((_("Korban"), _("Ada korban") if self.casualties else _("Tanpa korban")))
        if self.query:
            out.append((_("Kata kunci"), self.query))
        return out


def _shown(raw: str) -> str:
    return raw if len(raw) <= 20 else raw[:20] + "…"


def _values(params: Mapping[str, Any], key: str) -> list[str]:
    """All values of a parameter, from a QueryDict (``getlist``) or a plain mapping (str or list)."""
    getlist = getattr(params, "getlist", None)
    raw = getlist(key) if callable(getlist) else params.get(key)
    if raw is None:
        return []
    items = raw if isinstance(raw, (list, tuple)) else [raw]
    return [str(v).strip() for v in items if str(v).strip()]


def _one(params: Mapping[str, Any], key: str) -> str:
    values = _values(params, key)
    return values[-1] if values else ""


def _date(raw: str, label: str) -> date:
    try:
        if not _DATE.match(raw):
            raise ValueError
        return date.fromisoformat(raw)
    except ValueError:
        raise ValueError(
            _("%(label)s '%(value)s' tidak sah. Tulis tanggal TTTT-BB-HH, misalnya 2020-10-05.")
            % {"label": label, "value": _shown(raw)}
        ) from None


def parse_region(user: Any, raw: str) -> Region | None:
    """A region code in the user's scope; outside it (or unknown to the user): 404."""
    if not raw:
        return None
    if not _REGION_CODE.match(raw):
        raise ValueError(
            _("Kode wilayah '%(value)s' tidak sah. Tulis kode Kemendagri, misalnya 32 atau 32.73.")
            % {"value": _shown(raw)}
        )
    region = Region.objects.select_related("province", "kabkota").filter(code=raw).first()
    if region is None:
        raise ValueError(_("Wilayah dengan kode %(value)s tidak dikenal.") % {"value": raw})
    if not access.scope_of(user).covers_code(region.code):
        raise access.not_found()
    return region


def parse_categories(raw: list[str]) -> tuple[IncidentCode, ...]:
    if not raw:
        return ()
    if len(raw) > MAX_CATEGORIES:
        raise ValueError(_("Terlalu banyak kategori dipilih."))
    found = {c.code: c for c in IncidentCode.objects.filter(kind=IncidentCode.Kind.CATEGORY, code__in=raw)}
    unknown = [c for c in raw if c not in found]
    if unknown:
        raise ValueError(_("Kategori '%(value)s' tidak dikenal.") % {"value": _shown(unknown[0])})
    return tuple(sorted({found[c] for c in raw}, key=lambda c: (c.order, c.name)))


def parse(user: Any, params: Mapping[str, Any]) -> IncidentFilters:
    """The list filters in ``params``, checked against the user's scope.

    Raises ``BadIncidentFilter`` (all the messages at once) for malformed values and
    ``Http404`` for a region outside the user's scope."""
    errors: list[str] = []
    start = end = None
    region = None
    categories: tuple[IncidentCode, ...] = ()
    statuses: list[str] = []
    casualties: bool | None = None
    for key, label in (("dari", _("Tanggal awal")), ("sampai", _("Tanggal akhir"))):
        raw = _one(params, key)
        if not raw:
            continue
        try:
            value = _date(raw, label)
        except ValueError as exc:
            errors.append(str(exc))
            continue
        if key == "dari":
            start = value
        else:
            end = value
    if start and end and end < start:
        errors.append(_("Tanggal akhir tidak boleh sebelum tanggal awal."))
    try:
        region = parse_region(user, _one(params, "wilayah"))
    except ValueError as exc:
        errors.append(str(exc))
    try:
        categories = parse_categories(_values(params, "kategori"))
    except ValueError as exc:
        errors.append(str(exc))
    known = {value for value, _label in Incident.Status.choices}
    for raw in _values(params, "status"):
        if raw not in known:
            errors.append(
                _("Status '%(value)s' tidak dikenal. Pilih draft, verified atau closed.") % {"value": _shown(raw)}
            )
        elif raw not in statuses:
            statuses.append(raw)
    raw = _one(params, "korban").lower()
    if raw in _YES:
        casualties = True
    elif raw in _NO:
        casualties = False
    elif raw:
        errors.append(_("Nilai korban '%(value)s' tidak sah. Pilih ya atau tidak.") % {"value": _shown(raw)})
    query = " ".join(_one(params, "q").split())
    if len(query) > MAX_QUERY:
        errors.append(_("Kata kunci paling panjang %(n)d karakter.") % {"n": MAX_QUERY})
    if errors:
        raise BadIncidentFilter(errors)
    order = [value for value, _label in Incident.Status.choices]
    return IncidentFilters(
        start=start,
        end=end,
        region=region,
        categories=categories,
        statuses=tuple(sorted(statuses, key=order.index)),
        casualties=casualties,
        query=query,
    )
