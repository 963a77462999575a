"""Which database the bench uses, chosen before Django starts.

By default a fresh SQLite file in a temporary folder; otherwise ``DATABASE_URL`` from the
environment (e.g. PostgreSQL). A missing PostgreSQL database is created with psycopg.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


@dataclass
class BenchDatabase:
    url: str
    vendor: str  # "sqlite" or "postgresql"
    temp_dir: Path | None  # removed at the end unless --keep

    @property
    def redacted_url(self) -> str:
        parts = urlsplit(self.url)
        if parts.password:
            netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
            return urlunsplit(parts._replace(netloc=netloc))
        return self.url

    def cleanup(self) -> None:
        if self.temp_dir is not None:
            shutil.rmtree(self.temp_dir, ignore_errors=True)


def choose(fresh: bool) -> BenchDatabase:
    """Pick the database and export it (``DATABASE_URL``) for this process and gunicorn."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        temp_dir = Path(tempfile.mkdtemp(prefix="waspada-bench-"))
        url = f"sqlite:///{temp_dir / 'bench.sqlite3'}"
        os.environ["WASPADA_VAR_DIR"] = str(temp_dir)
        db = BenchDatabase(url, "sqlite", temp_dir)
    else:
        scheme = urlsplit(url).scheme
        vendor = "postgresql" if scheme.startswith("postgres") else "sqlite" if scheme == "sqlite" else scheme
        db = BenchDatabase(url, vendor, None)
        if vendor == "postgresql":
            ensure_postgres_database(url, fresh=fresh)
        elif vendor == "sqlite" and fresh:
            _remove_sqlite_file(url)
    os.environ["DATABASE_URL"] = db.url
    return db


def _guard(name: str) -> None:
    if "bench" not in name:
        raise SystemExit(f"--fresh-db menghapus basis data «{name}»; hanya diizinkan bila namanya memuat «bench».")


def _remove_sqlite_file(url: str) -> None:
    import dj_database_url

    path = Path(str(dj_database_url.parse(url)["NAME"]))
    _guard(path.name)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def ensure_postgres_database(url: str, *, fresh: bool) -> None:
    """Create the database named in ``url`` if it is missing (dropped first with ``fresh``)."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        if fresh:
            _guard(name)
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"[bench] basis data PostgreSQL «{name}» dibuat.", flush=True)
