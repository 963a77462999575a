"""The navigation bar: items by role, grouped into menus so that the bar stays short."""

from __future__ import annotations

from unittest import mock

import pytest

from waspada.accounts.navigation import NavItem, navigation_bar, navigation_for

pytestmark = pytest.mark.django_db


def test_items_of_a_menu_are_grouped_in_the_order_of_their_first_item(personas):
    entries = navigation_bar(personas["analis.nasional"])
    by_key = {entry.key: entry for entry in entries}
    assert by_key["laporan"].keys == ("reports", "completeness", "recap")
    assert by_key["peristiwa"].keys == ("incidents", "incident_recap")
    assert by_key["deteksi"].is_menu and "alerts" in by_key["deteksi"].keys
    flat = [item.key for item in navigation_for(personas["analis.nasional"])]
    assert [key for entry in entries for key in entry.keys] == flat  # nothing lost, nothing reordered
    assert len(entries) < len(flat)


def test_a_menu_left_with_one_item_is_a_plain_link_with_the_items_label(personas):
    # FKDM members see only information reports and triage of the early-detection menu.
    entries = {entry.key: entry for entry in navigation_bar(personas["fkdm.kotabandung"])}
    deteksi = entries["deteksi"]
    assert deteksi.keys == ("li", "triage")
    # A user whose only "Lainnya" item is the API documentation gets that link, not a menu of one.
    lone = navigation_bar_of([NavItem("Beranda", "/", "home"), NavItem("Dokumentasi API", "/api/v1/docs/", "api")])
    assert [(entry.key, entry.is_menu, str(entry.label)) for entry in lone] == [
        ("home", False, "Beranda"),
        ("lainnya", False, "Dokumentasi API"),
    ]
    admin_other = {entry.key: entry for entry in navigation_bar(personas["admin"])}["lainnya"]
    assert admin_other.is_menu and str(admin_other.label) == "Lainnya"
    assert admin_other.keys == ("regions", "audit", "api")


def navigation_bar_of(items):
    with mock.patch("waspada.accounts.navigation.navigation_for", return_value=items):
        return navigation_bar(object())


def test_the_bar_marks_the_current_menu_and_item(login_as):
    client = login_as("analis.nasional")
    html = client.get("/peristiwa/rekap/").content.decode()
    assert 'class="nav-link dropdown-toggle active"' in html
    assert 'aria-current="page">Rekap peristiwa<' in html
