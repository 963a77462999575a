"""The navigation bar by role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from waspada.regions import access


@dataclass(frozen=True)
class NavItem:
    label: Any
    url: str
    key: str


def navigation_for(user: Any) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    items = [
        NavItem(_("Beranda"), reverse("dashboards:home"), "home"),
        NavItem(_("Wilayah"), reverse("regions:browser"), "regions"),
    ]
    if access.scope_of(user).roles & access.REPORT_READER_ROLES:
        items.append(NavItem(_("Laporan"), reverse("reports:index"), "reports"))
        items.append(NavItem(_("Kelengkapan"), reverse("reports:completeness"), "completeness"))
        items.append(NavItem(_("Rekap nasional"), reverse("reports:recap"), "recap"))
    if access.scope_of(user).roles & access.INCIDENT_READER_ROLES:
        items.append(NavItem(_("Peristiwa"), reverse("incidents:list"), "incidents"))
        items.append(NavItem(_("Rekap peristiwa"), reverse("incidents:recap"), "incident_recap"))
    if access.scope_of(user).roles & access.ELECTION_READER_ROLES:
        items.append(NavItem(_("Pilkada"), reverse("elections:home"), "pilkada"))
    if access.scope_of(user).roles & access.ALERT_READER_ROLES:
        items.append(NavItem(_("Peringatan dini"), reverse("alerts:list"), "alerts"))
    if access.scope_of(user).roles & (access.INCIDENT_READER_ROLES | {"fkdm"}):
        items.append(NavItem(_("Laporan Informasi"), reverse("alerts:li_list"), "li"))
    if access.can_use_triage(user):
        items.append(NavItem(_("Triase teks"), reverse("alerts:triage"), "triage"))
    if access.is_admin(user):
        items.append(NavItem(_("Audit"), reverse("core:audit_list"), "audit"))
    items.append(NavItem(_("API"), reverse("api:docs"), "api"))
    return items
