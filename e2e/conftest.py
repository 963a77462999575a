"""Browser tests: a real server (runserver on a fresh SQLite database) driven by Chromium.

These tests talk to the server over HTTP only; they use no Django test client and no
pytest-django database fixture. The session fixture builds its own database in a temporary
folder: migrate, translations, the region tree, boundaries (when ../shared/data/boundaries or
WASPADA_BOUNDARIES_DIR exists), the demo personas, and TOTP with a known secret for the roles
that must use it.

    python3 dev.py e2e                       run them
    WASPADA_E2E_DOCS=1 python3 dev.py e2e    also refresh docs/screenshots/*.png
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, StorageState, sync_playwright

from e2e.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    CSP_LISTENER,
    DEMO_PASSWORD,
    LOCKOUT_PASSWORD,
    LOCKOUT_USER,
    MFA_PERSONAS,
    ROOT,
    TOTP_SECRET,
    ConsoleLog,
    TotpClock,
    login,
)

PY = Path(sys.executable)
DESKTOP = {"width": 1280, "height": 800}

SETUP_SCRIPT = f"""
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from waspada.accounts.models import User
from waspada.accounts.services import user_create

for username in {list(MFA_PERSONAS)!r}:
    user = User.objects.get(username=username)
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    TOTP.activate(user, {TOTP_SECRET!r})
if not User.objects.filter(username={LOCKOUT_USER!r}).exists():
    user_create(actor=None, username={LOCKOUT_USER!r}, password={LOCKOUT_PASSWORD!r}, full_name="Uji Penguncian")
print("e2e setup ok")
"""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the persona login tests first: each MFA persona then logs in through the form once,
    and later tests reuse its cookies instead of waiting for a fresh 30-second TOTP step."""
    items.sort(key=lambda item: 0 if item.path.name == "test_personas.py" else 1)


@dataclass(frozen=True)
class Server:
    base_url: str
    folder: Path
    log: Path
    boundaries: Path | None
    env: dict[str, str]

    def manage(self, *args: str) -> str:
        """Run ``manage.py`` on this server's database (e.g. ``open_periods``); its output."""
        result = subprocess.run(
            [str(PY), "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            pytest.fail(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
        return result.stdout

    def require_map(self) -> None:
        if self.boundaries is None:
            pytest.skip(f"no boundary files in {_boundaries_folder()} (set WASPADA_BOUNDARIES_DIR); the map is empty")


def _boundaries_folder() -> Path:
    configured = os.environ.get("WASPADA_BOUNDARIES_DIR")
    return Path(configured) if configured else ROOT.parent / "shared" / "data" / "boundaries"


def _boundaries_dir() -> Path | None:
    folder = _boundaries_folder()
    return folder if folder.is_dir() else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (our own local server)
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("waspada-e2e")
    boundaries = _boundaries_dir()
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{folder / 'e2e.sqlite3'}",
            "WASPADA_VAR_DIR": str(folder),
            "WASPADA_BOUNDARIES_DIR": str(boundaries or ""),
            "WASPADA_TASK_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "WASPADA_MFA_ENFORCED": "1",
            "WASPADA_DEMO": "1",
            "WASPADA_DEBUG": "0",
            "PYTHONUNBUFFERED": "1",
        }
    )
    log = folder / "server.log"

    def manage(*args: str) -> None:
        result = subprocess.run(
            [str(PY), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            pytest.fail(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}", pytrace=False)

    manage("migrate", "--noinput", "-v", "0")
    manage("compile_translations")
    manage("load_regions")
    manage("load_elections")
    if boundaries is not None:
        manage("import_boundaries_dir", str(boundaries))
    manage("seed_demo")
    manage("shell", "--no-imports", "-c", SETUP_SCRIPT)

    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [str(PY), "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while not _answers(f"{base_url}/sehat/"):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"runserver did not answer /sehat/:\n{log.read_text()}", pytrace=False)
            time.sleep(0.2)
        yield Server(base_url=base_url, folder=folder, log=log, boundaries=boundaries, env=env)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium)")
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def totp() -> TotpClock:
    return TotpClock()


@dataclass
class Session:
    """A browser page in its own context, with its console recorded."""

    context: BrowserContext
    page: Page
    console: ConsoleLog

    def csp_violations(self) -> list[str]:
        recorded = self.page.evaluate("window.__cspViolations || []")
        return self.console.csp_violations() + [str(v) for v in recorded]


class Sessions:
    """Opens browser sessions; logged-in ones reuse the cookies of an earlier real login of
    the same persona (so that an MFA user does not have to wait for a fresh TOTP step)."""

    def __init__(self, browser: Browser, server: Server, totp: TotpClock, states: dict[str, StorageState]) -> None:
        self.browser = browser
        self.server = server
        self.totp = totp
        self.states = states
        self.opened: list[BrowserContext] = []

    def anonymous(self, **options: Any) -> Session:
        return self._open(None, options)

    def login(self, username: str, password: str = DEMO_PASSWORD, **options: Any) -> Session:
        """A fresh session logged in through the real login form (and TOTP step)."""
        session = self._open(None, options)
        login(session.page, username, password, self.totp)
        self.states[username] = session.context.storage_state()
        return session

    def as_user(self, username: str, **options: Any) -> Session:
        """A session of ``username``, logging in through the form only the first time."""
        if username not in self.states:
            self.login(username).context.close()
        return self._open(self.states[username], options)

    def _open(self, state: StorageState | None, options: dict[str, Any]) -> Session:
        settings: dict[str, Any] = {"viewport": DESKTOP, "locale": "id-ID", "timezone_id": "Asia/Jakarta"}
        settings.update(options)
        context = self.browser.new_context(base_url=self.server.base_url, storage_state=state, **settings)
        context.set_default_timeout(15_000)
        context.add_init_script(CSP_LISTENER)
        self.opened.append(context)
        page = context.new_page()
        console = ConsoleLog()
        console.attach(page)
        return Session(context=context, page=page, console=console)

    def close_all(self) -> None:
        for context in self.opened:
            with contextlib.suppress(Exception):  # already closed
                context.close()
        self.opened.clear()


@pytest.fixture(scope="session")
def _storage_states() -> dict[str, StorageState]:
    """Cookies of each persona's last real login, shared by the whole run."""
    return {}


@pytest.fixture
def sessions(
    browser: Browser, server: Server, totp: TotpClock, _storage_states: dict[str, StorageState]
) -> Iterator[Sessions]:
    opener = Sessions(browser, server, totp, _storage_states)
    yield opener
    opener.close_all()
