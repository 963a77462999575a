"""The login page, account lockout, region search, phone layout and the Content Security Policy."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from e2e.conftest import Server, Sessions
from e2e.support import LOCKOUT_PASSWORD, LOCKOUT_USER, navbar_item_tops, screenshot

PHONE = {"width": 390, "height": 844}


def test_login_page_asks_for_username_and_password_and_says_it_is_a_demo(sessions: Sessions) -> None:
    session = sessions.anonymous()
    page = session.page
    response = page.goto("/")
    assert response is not None and response.ok
    assert re.search(r"/akun/login/\?next=/$", page.url), f"anonymous home redirects to login, got {page.url}"
    expect(page).to_have_title("Masuk · Waspada")
    expect(page.locator("h1")).to_have_text("Masuk ke Waspada")
    expect(page.locator("label[for=id_login]")).to_have_text("Nama pengguna")
    expect(page.locator("label[for=id_password]")).to_have_text("Kata sandi")
    expect(page.locator(".demo-banner")).to_have_text("Mode demo: data contoh, bukan data resmi.")
    # MFA is enforced in this run, so the "MFA relaxed" warning must not show.
    expect(page.locator('[data-testid="mfa-relaxed"]')).to_have_count(0)
    # Logged out, the navigation shows no menu.
    expect(page.locator("#nav-utama")).to_have_count(0)
    screenshot(page, "login", docs_name="login.png")
    assert session.csp_violations() == []


def test_wrong_password_shows_an_indonesian_error_and_stays_on_the_login_page(sessions: Sessions) -> None:
    page = sessions.anonymous().page
    page.goto("/akun/login/")
    page.fill("#id_login", "pimpinan")
    page.fill("#id_password", "bukan-kata-sandinya")
    page.click("form.waspada-form button[type=submit]")
    expect(page.locator("form.waspada-form .alert-danger")).to_be_visible()
    assert "/akun/login/" in page.url
    expect(page.locator("#id_login")).to_have_value("pimpinan")


def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(sessions: Sessions) -> None:
    page = sessions.anonymous().page
    locked = page.locator('[data-testid="locked-out"]')
    for attempt in range(1, 6):
        page.goto("/akun/login/")
        page.fill("#id_login", LOCKOUT_USER)
        page.fill("#id_password", f"salah-{attempt}")
        page.click("form.waspada-form button[type=submit]")
        page.wait_for_load_state()
        if attempt < 5:
            expect(locked).to_have_count(0)
    # The fifth failure locks the account: the right password no longer opens it.
    page.goto("/akun/login/")
    page.fill("#id_login", LOCKOUT_USER)
    page.fill("#id_password", LOCKOUT_PASSWORD)
    page.click("form.waspada-form button[type=submit]")
    expect(locked).to_be_visible()
    expect(locked).to_contain_text("Akun dikunci sementara")
    expect(locked).to_contain_text("5 kali")
    screenshot(page, "locked-out")
    # Another account is not affected by this one's lockout.
    other = sessions.login("operator.kabbandung").page
    expect(other.locator('[data-testid="scope-badge"]')).to_contain_text("Kabupaten Bandung")


def test_region_search_for_bandung_updates_results_in_place_within_scope(sessions: Sessions) -> None:
    session = sessions.as_user("operator.kotabandung")
    page = session.page
    page.goto("/wilayah/")
    expect(page.locator("h1")).to_have_text("Jelajah wilayah")
    page.evaluate("window.__sameDocument = true")
    page.locator("#cari-wilayah").press_sequentially("Bandung", delay=30)
    results = page.locator("#hasil-cari")
    expect(results.locator('[data-testid="search-count"]')).to_be_visible()
    expect(results).to_contain_text("Kota Bandung")
    # htmx swapped the results in: same document, and the address bar follows the query.
    assert page.evaluate("window.__sameDocument === true"), "the search reloaded the page"
    expect(page).to_have_url(re.compile(r"/wilayah/\?q=Bandung$"))
    codes = [c.strip() for c in results.locator("tbody tr td:first-child").all_inner_texts()]
    assert "32.73" in codes
    assert codes and all(c == "32.73" or c.startswith("32.73.") for c in codes), codes
    expect(results).not_to_contain_text("Kabupaten Bandung")
    expect(results.locator('[data-testid="search-count"]')).to_have_text(f"{len(codes)} wilayah cocok")
    screenshot(page, "region-search", docs_name="region-search.png")
    assert session.csp_violations() == []


def test_national_search_finds_bandung_in_other_provinces_too(sessions: Sessions) -> None:
    page = sessions.as_user("pimpinan").page
    page.goto("/wilayah/")
    page.fill("#cari-wilayah", "Bandung")
    results = page.locator("#hasil-cari")
    expect(results).to_contain_text("Kabupaten Bandung Barat")
    codes = [c.strip() for c in results.locator("tbody tr td:first-child").all_inner_texts()]
    assert {"32.04", "32.17", "32.73"} <= set(codes), codes
    assert any(not c.startswith("32") for c in codes), f"Bandung outside Jawa Barat is missing: {codes}"


def test_home_page_fits_a_phone_screen(sessions: Sessions, server: Server) -> None:
    session = sessions.as_user(
        "operator.kotabandung", viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    page = session.page
    page.goto("/")
    expect(page.locator('[data-testid="scope-badge"]')).to_contain_text("Kota Bandung")
    if server.boundaries is not None:
        expect(page.locator('#peta[data-loaded="provinsi"]')).to_be_attached(timeout=20_000)
    # The menu collapses behind the toggler and nothing is wider than the screen.
    expect(page.locator(".navbar-toggler")).to_be_visible()
    expect(page.locator("#nav-utama")).to_be_hidden()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone screen"
    screenshot(page, "home-phone", docs_name="home-phone.png")
    page.click(".navbar-toggler")
    expect(page.locator("#nav-utama")).to_be_visible()
    # In the opened menu the entries stack, one per line, the account menu last.
    tops = navbar_item_tops(page)[1:]
    assert tops == sorted(tops) and len(set(tops)) == len(tops), f"the phone menu does not stack: {tops}"
    account = page.get_by_test_id("nav-account")
    expect(account).to_have_text("Operator Kota Bandung")
    screenshot(page, "home-phone-menu")
    account.click()
    expect(page.get_by_test_id("nav-logout")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"with the account menu open the page is {overflow}px wider than the phone screen"
    screenshot(page, "home-phone-account-menu", full_page=True)
    assert session.csp_violations() == []


def test_the_navigation_bar_of_the_national_analyst_stays_on_one_line_at_1280_px(sessions: Sessions) -> None:
    # The pimpinan has the longest name of the national personas.
    for username in ("analis.nasional", "admin", "pimpinan"):
        session = sessions.as_user(username, viewport={"width": 1280, "height": 800})
        page = session.page
        page.goto("/")
        expect(page.locator("#nav-utama")).to_be_visible()
        expect(page.locator(".navbar-toggler")).to_be_hidden()
        tops = navbar_item_tops(page)
        assert len(tops) >= 8, f"{username}: the bar has only {len(tops)} entries"
        assert max(tops) - min(tops) <= 1, f"{username}: the bar wraps, tops of its entries: {tops}"
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{username}: the page is {overflow}px wider than the window"
        account = page.get_by_test_id("nav-account").bounding_box()
        assert account is not None and account["x"] + account["width"] <= 1280, f"{username}: account menu {account}"
        height = page.locator("nav.navbar").bounding_box()
        assert height is not None and height["height"] < 70, f"{username}: the bar is {height} high"
        screenshot(page, f"navbar-1280-{username}")


def test_the_account_menu_opens_from_the_keyboard_and_logs_out_with_a_post(sessions: Sessions, server: Server) -> None:
    session = sessions.login("pimpinan")
    page = session.page
    page.goto("/")
    account = page.get_by_test_id("nav-account")
    expect(account).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_test_id("nav-logout")).to_be_hidden()
    account.focus()
    page.keyboard.press("Enter")
    expect(account).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_test_id("nav-profile")).to_be_visible()
    expect(page.get_by_test_id("nav-notifications")).to_be_visible()
    logout = page.get_by_test_id("nav-logout")
    expect(logout).to_be_visible()
    screenshot(page, "navbar-account-menu")
    # Escape closes the menu and gives the focus back to its button.
    page.keyboard.press("Escape")
    expect(account).to_have_attribute("aria-expanded", "false")
    expect(account).to_be_focused()
    # The arrow keys walk the items; Enter on "Keluar" submits the POST form.
    page.keyboard.press("ArrowDown")
    expect(account).to_have_attribute("aria-expanded", "true")
    expect(logout.locator("xpath=ancestor::form")).to_have_attribute("method", "post")
    logout.focus()
    with page.expect_request(lambda r: r.url.endswith("/akun/logout/")) as request_info:
        page.keyboard.press("Enter")
    assert request_info.value.method == "POST"
    page.wait_for_url(re.compile(r"/akun/login/"))
    assert session.csp_violations() == []
    # The session is gone: later tests must log this persona in again.
    sessions.states.pop("pimpinan", None)


def test_home_page_raises_no_content_security_policy_violation(sessions: Sessions, server: Server) -> None:
    for username in ("admin", "operator.kotabandung"):
        session = sessions.as_user(username)
        page = session.page
        page.goto("/")
        if server.boundaries is not None:
            expect(page.locator('#peta[data-loaded="provinsi"]')).to_be_attached(timeout=20_000)
            page.click('[data-layer-button="kabkota"]')
            expect(page.locator('#peta[data-loaded="kabkota"]')).to_be_attached(timeout=20_000)
            # Hovering the map may open a Leaflet tooltip (styles set from script).
            page.locator("#peta").hover()
        page.goto("/wilayah/")
        page.fill("#cari-wilayah", "Bandung")
        expect(page.locator('#hasil-cari [data-testid="search-count"]')).to_be_visible()
        assert session.csp_violations() == [], f"{username}: {session.csp_violations()}"
        assert session.console.errors == [], f"{username}: {session.console.errors}"
    # The witness works: an inline style attribute is refused and reported.
    page.evaluate("""document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>')""")
    expect(page.locator("p[style]")).to_have_count(1)
    page.wait_for_function("window.__cspViolations.length > 0")
    assert any("style-src" in v for v in session.csp_violations()), session.csp_violations()
