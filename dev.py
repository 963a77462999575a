#!/usr/bin/env python3
"""Waspada developer entry point. Standard library only, so it runs before anything is installed.

python3 dev.py run      set up (venv, database, regions, demo users) and serve the app
python3 dev.py test     set up and run the test suite (DATABASE_URL picks the database)
python3 dev.py check    ruff, ruff format --check, mypy, makemigrations --check
python3 dev.py bench    benchmark suite on the national-scale synthetic data set
python3 dev.py e2e      browser tests (Playwright driving /usr/bin/chromium)
python3 dev.py doctor   what this machine is missing
"""

from __future__ import annotations

import argparse
import ctypes.util
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PY = VENV / "bin" / "python"
REQUIREMENTS = [ROOT / "requirements" / "base.txt", ROOT / "requirements" / "dev.txt"]
STAMP = VENV / ".waspada-requirements.sha256"
DEFAULT_BOUNDARIES = ROOT.parent / "shared" / "data" / "boundaries"


def say(message: str) -> None:
    print(f"[waspada] {message}", flush=True)


def run(cmd: list[str], env: dict[str, str] | None = None, check: bool = True) -> int:
    result = subprocess.run(cmd, cwd=ROOT, env=env)
    if check and result.returncode != 0:
        sys.exit(result.returncode)
    return result.returncode


def requirements_hash() -> str:
    digest = hashlib.sha256()
    for path in REQUIREMENTS:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def pinned_version(package: str) -> str:
    for line in (ROOT / "requirements" / "base.txt").read_text().splitlines():
        if line.lower().startswith(package + "=="):
            return line.strip()
    raise SystemExit(f"{package} is not pinned in requirements/base.txt")


def ensure_venv() -> None:
    """Create .venv and install the pinned requirements when they changed."""
    if not PY.exists():
        say("membuat virtualenv .venv …")
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except Exception as exc:  # Debian without python3-venv lands here
            raise SystemExit(
                f"Tidak dapat membuat venv ({exc}). Pasang paket python3-venv: apt-get install python3-venv"
            ) from exc
    wanted = requirements_hash()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    say("memasang dependensi (sekali saja; diulang bila requirements berubah) …")
    pip = [str(PY), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    run([*pip, "--upgrade", "pip"])
    # xstatic-bootstrap ships only an sdist whose setup.py needs pkg_resources (setuptools < 81).
    run([*pip, "setuptools<81", "wheel"])
    run([*pip, "--no-build-isolation", pinned_version("xstatic-bootstrap")])
    run([*pip, *(arg for path in REQUIREMENTS for arg in ("-r", str(path)))])
    STAMP.write_text(wanted)


# System libraries WeasyPrint (PDF exports) loads at run time; a fresh Debian lacks them.
PDF_LIBRARIES = {"pango-1.0": "libpango-1.0-0", "pangoft2-1.0": "libpangoft2-1.0-0", "fontconfig": "fontconfig"}
PDF_FONTS = "fonts-dejavu-core"


def ensure_pdf_libraries() -> None:
    """Install the libraries WeasyPrint needs when they are missing and we may (root with apt)."""
    missing = [pkg for lib, pkg in PDF_LIBRARIES.items() if ctypes.util.find_library(lib) is None]
    if not Path("/usr/share/fonts/truetype/dejavu").exists():
        missing.append(PDF_FONTS)
    if not missing:
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say(f"memasang pustaka PDF: {' '.join(missing)} …")
        run(["apt-get", "update", "-qq"])
        run(["apt-get", "install", "-y", "-qq", *missing], env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    else:
        say(f"PERINGATAN: ekspor PDF butuh paket sistem: sudo apt-get install {' '.join(missing)}")


def django_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    env["PYTHONUNBUFFERED"] = "1"
    if extra:
        env.update(extra)
    return env


def manage(*args: str, env: dict[str, str] | None = None) -> None:
    run([str(PY), "manage.py", *args], env=env or django_env())


def boundaries_dir() -> Path | None:
    configured = os.environ.get("WASPADA_BOUNDARIES_DIR")
    if configured:
        return Path(configured)
    return None


def setup_database(env: dict[str, str]) -> None:
    manage("migrate", "--noinput", "-v", "0", env=env)
    manage("compile_translations", env=env)
    manage("load_regions", env=env)
    manage("load_elections", env=env)
    folder = boundaries_dir()
    if folder is not None:
        manage("import_boundaries_dir", str(folder), env=env)
    manage("seed_demo", "--reports", "--incidents", "--modules", env=env)  # personas, reports, incidents, …


def cmd_run(args: argparse.Namespace) -> None:
    ensure_venv()
    ensure_pdf_libraries()
    env = django_env(
        {
            "WASPADA_DEMO": "1",
            "WASPADA_DEBUG": os.environ.get("WASPADA_DEBUG", "1"),
            # The local demo relaxes MFA and says so on its login page; production never does.
            "WASPADA_MFA_ENFORCED": os.environ.get("WASPADA_MFA_ENFORCED", "0"),
        }
    )
    setup_database(env)
    if args.setup_only:
        return
    address = f"{args.host}:{args.port}"
    worker = subprocess.Popen([str(PY), "manage.py", "db_worker"], cwd=ROOT, env=env)
    say(f"pekerja tugas (db_worker) berjalan, pid {worker.pid}")
    say(f"Waspada siap di http://{address}/  (Ctrl+C untuk berhenti)")
    try:
        run([str(PY), "manage.py", "runserver", address, "--noreload"], env=env, check=False)
    except KeyboardInterrupt:
        pass
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()


def cmd_test(args: argparse.Namespace) -> None:
    ensure_venv()
    ensure_pdf_libraries()
    # The environment variable beats pyproject's setting in pytest-django: name it explicitly.
    env = django_env({"DJANGO_SETTINGS_MODULE": "config.settings_test"})
    env.setdefault("WASPADA_BOUNDARIES_DIR", str(DEFAULT_BOUNDARIES) if DEFAULT_BOUNDARIES.exists() else "")
    manage("compile_translations", env=env)
    sys.exit(run([str(PY), "-m", "pytest", *args.pytest_args], env=env, check=False))


def cmd_check(args: argparse.Namespace) -> None:
    ensure_venv()
    env = django_env()
    failures = 0
    for cmd in (
        [str(PY), "-m", "ruff", "check", "."],
        [str(PY), "-m", "ruff", "format", "--check", "."],
        [str(PY), "-m", "mypy", "config", "waspada", "dev.py", "bench", "e2e"],
        [str(PY), "manage.py", "makemigrations", "--check", "--dry-run"],
    ):
        say(" ".join(cmd[1:]))
        failures += run(cmd, env=env, check=False) != 0
    sys.exit(1 if failures else 0)


def cmd_bench(args: argparse.Namespace) -> None:
    ensure_venv()
    sys.exit(run([str(PY), "bench/run.py", *args.bench_args], env=django_env(), check=False))


def cmd_e2e(args: argparse.Namespace) -> None:
    ensure_venv()
    env = django_env()
    # ``dev.py e2e e2e/test_pilkada.py`` runs that file only; without a path, the whole folder.
    named = any(a.startswith("e2e/") or a.startswith("e2e" + os.sep) for a in args.pytest_args)
    folder = [] if named else ["e2e"]
    sys.exit(run([str(PY), "-m", "pytest", *folder, "-p", "no:cacheprovider", *args.pytest_args], env=env, check=False))


def postgres_answers(host: str = "127.0.0.1", port: int = 5432) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def cmd_doctor(args: argparse.Namespace) -> None:
    checks = [
        ("Python ≥ 3.11", sys.version_info >= (3, 11), "pasang Python 3.11"),
        ("modul venv (python3-venv)", _has_ensurepip(), "apt-get install python3-venv"),
        ("PostgreSQL di 127.0.0.1:5432", postgres_answers(), "apt-get install postgresql (opsional; SQLite bawaan)"),
        (
            "initdb PostgreSQL (klaster sementara CI)",
            bool(list(Path("/usr/lib/postgresql").glob("*/bin/initdb"))),
            "apt-get install postgresql",
        ),
        ("Chromium /usr/bin/chromium (uji browser)", Path("/usr/bin/chromium").exists(), "apt-get install chromium"),
        ("Pango (PDF WeasyPrint)", ctypes.util.find_library("pango-1.0") is not None, "apt-get install libpango-1.0-0"),
        ("pdftoppm (memeriksa PDF)", shutil.which("pdftoppm") is not None, "apt-get install poppler-utils"),
    ]
    missing = 0
    for label, ok, fix in checks:
        print(f"{'✓' if ok else '✗'} {label}" + ("" if ok else f"  → {fix}"))
        missing += not ok
    sys.exit(0 if missing == 0 else 1)


def _has_ensurepip() -> bool:
    try:
        import ensurepip  # noqa: F401
    except ImportError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run", help="siapkan dan jalankan aplikasi (SQLite, data demo)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", default="8000")
    p.add_argument("--setup-only", action="store_true", help="siapkan basis data lalu berhenti")
    p.set_defaults(func=cmd_run)
    p = sub.add_parser("test", help="jalankan uji (pytest); opsi lain diteruskan ke pytest")
    p.set_defaults(func=cmd_test, passthrough="pytest_args")
    sub.add_parser("check", help="ruff, mypy, migrasi").set_defaults(func=cmd_check)
    p = sub.add_parser("bench", help="benchmark; opsi lain diteruskan ke bench/run.py")
    p.set_defaults(func=cmd_bench, passthrough="bench_args")
    p = sub.add_parser("e2e", help="uji browser; opsi lain diteruskan ke pytest")
    p.set_defaults(func=cmd_e2e, passthrough="pytest_args")
    sub.add_parser("doctor", help="periksa mesin ini").set_defaults(func=cmd_doctor)
    # Everything after the command that dev.py does not know goes to pytest / bench/run.py.
    args, extra = parser.parse_known_args()
    passthrough = getattr(args, "passthrough", None)
    if passthrough is None and extra:
        parser.error(f"argumen tidak dikenal: {' '.join(extra)}")
    if passthrough is not None:
        setattr(args, passthrough, [a for a in extra if a != "--"])
    args.func(args)


if __name__ == "__main__":
    main()
