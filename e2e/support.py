"""Helpers for the browser tests: TOTP codes, logging in through the real form, screenshots."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import shutil
import struct
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import ConsoleMessage, Page

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DOCS_SCREENSHOTS = ROOT / "docs" / "screenshots"

DEMO_PASSWORD = "waspada-demo-2026"
# The TOTP secret the session fixture gives every persona whose role requires MFA.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
TOTP_PERIOD = 30
MFA_PERSONAS = ("admin", "analis.nasional", "verifikator.jabar")
LOCKOUT_USER = "uji.kunci"
LOCKOUT_PASSWORD = "kunci-benar-2026"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def hotp(secret: str, counter: int, digits: int = 6) -> str:
    """RFC 4226 HOTP (SHA-1), the building block of RFC 6238 TOTP."""
    key = base64.b32decode(secret.encode("ascii"), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


class TotpClock:
    """Hands out TOTP codes the server will accept.

    allauth accepts only the current 30-second step (tolerance 0) and refuses a code that was
    already used, so a second login of the same user in the same step waits for the next one,
    and a code is never handed out in the last seconds of its step.
    """

    def __init__(self, secret: str = TOTP_SECRET) -> None:
        self.secret = secret
        self.last_counter: dict[str, int] = {}

    def code_for(self, username: str) -> str:
        while True:
            now = time.time()
            counter = int(now // TOTP_PERIOD)
            left = TOTP_PERIOD - (now % TOTP_PERIOD)
            if left < 4 or counter <= self.last_counter.get(username, -1):
                time.sleep(left + 0.1)
                continue
            self.last_counter[username] = counter
            return hotp(self.secret, counter)


@dataclass
class ConsoleLog:
    """Everything a page said on its console, plus uncaught errors and CSP violations."""

    messages: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

    def _on_console(self, message: ConsoleMessage) -> None:
        line = f"{message.type}: {message.text}"
        self.messages.append(line)
        if message.type == "error":
            self.errors.append(line)

    def csp_violations(self) -> list[str]:
        return [m for m in self.messages if "Content Security Policy" in m]


# Records securitypolicyviolation events in the page itself, as a second witness besides the console.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
    " at " + (e.sourceFile || "?") + ":" + e.lineNumber);
});
"""


def login(page: Page, username: str, password: str, totp: TotpClock | None = None) -> None:
    """Log in through /akun/login/ and, when the server asks for it, the TOTP step."""
    page.goto("/akun/login/")
    page.fill("#id_login", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("form.waspada-form button[type=submit]")
    if "/2fa/" in page.url:
        assert totp is not None, f"{username} was asked for a TOTP code"
        code_input = page.locator("input[name=code]")
        code_input.fill(totp.code_for(username))
        with page.expect_navigation():
            code_input.press("Enter")


def screenshot(page: Page, name: str, docs_name: str | None = None, full_page: bool = False) -> Path:
    """Save ``e2e/artifacts/<name>.png``; with WASPADA_E2E_DOCS=1 also ``docs/screenshots/<docs_name>``."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page, animations="disabled", caret="hide")
    if docs_name and os.environ.get("WASPADA_E2E_DOCS") == "1":
        DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOCS_SCREENSHOTS / docs_name)
    return path


def open_notifications(page: Page) -> None:
    """Open the notifications page the way a user does: the account menu, then "Notifikasi"."""
    page.get_by_test_id("nav-account").click()
    page.get_by_test_id("nav-notifications").click()


def navbar_item_tops(page: Page) -> list[float]:
    """The top edge of each top-level entry of the navigation bar (brand, menus, account menu)."""
    tops = page.evaluate(
        "() => Array.from(document.querySelectorAll('.navbar-brand, #nav-utama > .navbar-nav > .nav-item'))"
        ".map(e => e.getBoundingClientRect().top)"
    )
    return [float(t) for t in tops]
