"""The navigation bar by role: the items a user may open (``navigation_for``), shown grouped into
a few menus (``navigation_bar``) so that the bar stays on one line on a laptop screen."""

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


@dataclass(frozen=True)
class NavEntry:
    """One entry of the bar: a plain link (one item) or a drop-down menu of several items."""

    label: Any
    key: str
    items: tuple[NavItem, ...]

    @property
    def is_menu(self) -> bool:
        return len(self.items) > 1

    @property
    def url(self) -> str:
        return self.items[0].url

    @property
    def keys(self) -> tuple[str, ...]:
        """The items' keys: the entry is current when the page's ``active_nav`` is one of them."""
        return tuple(item.key for item in self.items)


# Menus by item key; an item whose key is not here stands alone. Labels of the menus:
MENUS: dict[str, tuple[str, Any]] = {
    "reports": ("laporan", _("Laporan")),
    "completeness": ("laporan", _("Laporan")),
    "recap": ("laporan", _("Laporan")),
    "incidents": ("peristiwa", _("Peristiwa")),
    "incident_recap": ("peristiwa", _("Peristiwa")),
    "alerts": ("deteksi", _("Deteksi dini")),
    "li": ("deteksi", _("Deteksi dini")),
    "triage": ("deteksi", _("Deteksi dini")),
    "forums": ("forum", _("Forum & RAD")),
    "forum_compliance": ("forum", _("Forum & RAD")),
    "rad": ("forum", _("Forum & RAD")),
    "regions": ("lainnya", _("Lainnya")),
    "audit": ("lainnya", _("Lainnya")),
    "api": ("lainnya", _("Lainnya")),
}


def navigation_bar(user: Any) -> list[NavEntry]:
    """The user's items grouped into menus, in the order of each menu's first item; a menu left
    with a single item is shown as a plain link with that item's own label."""
    grouped: dict[str, list[NavItem]] = {}
    labels: dict[str, Any] = {}
    for item in navigation_for(user):
        key, label = MENUS.get(item.key, (item.key, item.label))
        grouped.setdefault(key, []).append(item)
        labels[key] = label
    return [
        NavEntry(labels[key] if len(items) > 1 else items[0].label, key, tuple(items)) for key, items in grouped.items()
    ]


def navigation_for(user: Any) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    items = [NavItem(_("Beranda"), reverse("dashboards:home"), "home")]
    if access.scope_of(user).roles & access.REPORT_READER_ROLES:
        items.append(NavItem(_("Laporan mingguan"), reverse("reports:index"), "reports"))
        items.append(NavItem(_("Kelengkapan"), reverse("reports:completeness"), "completeness"))
        items.append(NavItem(_("Rekap nasional"), reverse("reports:recap"), "recap"))
    if access.scope_of(user).roles & access.INCIDENT_READER_ROLES:
        items.append(NavItem(_("Daftar peristiwa"), reverse("incidents:list"), "incidents"))
        items.append(NavItem(_("Rekap peristiwa"), reverse("incidents:recap"), "incident_recap"))
    if access.scope_of(user).roles & access.ALERT_READER_ROLES:
        items.append(NavItem(_("Peringatan dini"), reverse("alerts:list"), "alerts"))
    if access.scope_of(user).roles & (access.INCIDENT_READER_ROLES | {"fkdm"}):
        items.append(NavItem(_("Laporan Informasi"), reverse("alerts:li_list"), "li"))
    if access.can_use_triage(user):
        items.append(NavItem(_("Triase teks"), reverse("alerts:triage"), "triage"))
    if access.scope_of(user).roles & access.ELECTION_READER_ROLES:
        items.append(NavItem(_("Pilkada"), reverse("elections:home"), "pilkada"))
    if access.can_read_vulnerability(user):
        items.append(NavItem(_("Kerawanan"), reverse("vulnerability:index"), "vulnerability"))
    if access.scope_of(user).roles & access.FORUM_READER_ROLES:
        items.append(NavItem(_("Forum"), reverse("forums:list"), "forums"))
        items.append(NavItem(_("Kepatuhan forum"), reverse("forums:compliance"), "forum_compliance"))
    if access.scope_of(user).roles & access.ACTION_PLAN_READER_ROLES:
        items.append(NavItem(_("RAD Terpadu"), reverse("actionplans:plan_list"), "rad"))
    if access.scope_of(user).roles & access.FOREIGNER_READER_ROLES:
        items.append(NavItem(_("Orang asing"), reverse("foreigners:list"), "foreigners"))
    items.append(NavItem(_("Wilayah"), reverse("regions:browser"), "regions"))
    if access.is_admin(user):
        items.append(NavItem(_("Audit"), reverse("core:audit_list"), "audit"))
    items.append(NavItem(_("Dokumentasi API"), reverse("api:docs"), "api"))
    return items
