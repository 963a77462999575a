"""Benchmark c: scoped /api/v1/regions/ requests per second through gunicorn on loopback.

``gunicorn config.wsgi -w 2`` serves the bench database on 127.0.0.1 only. Two personas
from the synthetic data set call it with DRF tokens: the national analis ``an.nasional``
(analis must use TOTP, so the bench gives it a real TOTP authenticator and the MFA
middleware lets it through, exactly as for a user who set MFA up) and the Kota Bandung
operator ``op.32-73`` (no MFA requirement). A thread pool of http.client connections sends
a fixed number of requests per endpoint and persona.

Besides requests/s and latency, the CPU time gunicorn's workers spent per request is read
from /proc: on a machine shared with other work it moves much less than wall-clock figures.
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter

from bench.dataset import ROOT, say
from bench.timing import Result, percentile

HOST = "127.0.0.1"
ENDPOINTS = (
    ("search", "/api/v1/regions/?search=bandung"),
    ("children 32", "/api/v1/regions/32/children/"),
    ("detail 32.73", "/api/v1/regions/32.73/"),
)
# username → expected status per endpoint (an operator of 32.73 may not see province 32).
PERSONAS = {
    "an.nasional": {"search": 200, "children 32": 200, "detail 32.73": 200},
    "op.32-73": {"search": 200, "children 32": 404, "detail 32.73": 200},
}


@dataclass
class Batch:
    latencies: list[float]
    statuses: Counter[int]
    elapsed: float
    server_cpu: float = float("nan")


def workers_cpu(master: int) -> float:
    """CPU seconds used so far by the children of process ``master`` (Linux /proc)."""
    ticks, total = os.sysconf("SC_CLK_TCK"), 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:  # ppid; utime and stime follow at 11 and 12
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def tokens() -> dict[str, str]:
    """A DRF token per persona; a TOTP authenticator for the analis."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from rest_framework.authtoken.models import Token

    from waspada.accounts.models import User

    keys = {}
    for username in PERSONAS:
        user = User.objects.get(username=username)
        if username == "an.nasional" and not Authenticator.objects.filter(user=user, type="totp").exists():
            TOTP.activate(user, generate_totp_secret())
        keys[username] = Token.objects.get_or_create(user=user)[0].key
    return keys


def start_gunicorn(port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, WASPADA_DEBUG="0", PYTHONUNBUFFERED="1")
    cmd = [sys.executable, "-m", "gunicorn", "config.wsgi", "-w", str(workers), "-b", f"{HOST}:{port}"]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn berhenti (kode {proc.returncode}); lihat {log}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/sehat/")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError(f"gunicorn tidak menjawab dalam 60 s; lihat {log}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def drive(port: int, path: str, token: str, requests: int, threads: int) -> Batch:
    """Send ``requests`` GETs from ``threads`` keep-alive connections; one latency each."""
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    share = [requests // threads + (i < requests % threads) for i in range(threads)]
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}

    def worker(n: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        mine: list[float] = []
        seen: Counter[int] = Counter()
        for _ in range(n):
            start = perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append(perf_counter() - start)
            seen[response.status] += 1
        conn.close()
        with lock:
            latencies.extend(mine)
            statuses.update(seen)

    start = perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(worker, share))
    return Batch(latencies, statuses, perf_counter() - start)


def run(requests: int, rounds: int, threads: int, workers: int, log_dir: Path) -> list[Result]:
    keys = tokens()
    port = free_port()
    proc = start_gunicorn(port, workers, log_dir / "gunicorn.log")
    results = []
    try:
        for username, expected in PERSONAS.items():
            for name, path in ENDPOINTS:
                drive(port, path, keys[username], 10 * threads, threads)  # warm both workers
                batches = []
                for _ in range(rounds):
                    cpu_before = workers_cpu(proc.pid)
                    batch = drive(port, path, keys[username], requests // rounds, threads)
                    batch.server_cpu = workers_cpu(proc.pid) - cpu_before
                    batches.append(batch)
                latencies = [x for b in batches for x in b.latencies]
                statuses: Counter[int] = Counter()
                for b in batches:
                    statuses.update(b.statuses)
                unexpected = {s: c for s, c in statuses.items() if s != expected[name]}
                facts = {
                    "path": path,
                    "requests": len(latencies),
                    "threads": threads,
                    "workers": workers,
                    "p50_ms": round(percentile(latencies, 50) * 1000, 2),
                    "p95_ms": round(percentile(latencies, 95) * 1000, 2),
                    "server_cpu_ms_per_request": round(
                        statistics.median(b.server_cpu / len(b.latencies) * 1000 for b in batches), 2
                    ),
                    "status": dict(statuses),
                }
                if unexpected:
                    say(f"PERINGATAN {username} {path}: status tak terduga {unexpected}")
                    facts["unexpected_status"] = unexpected
                rps = [len(b.latencies) / b.elapsed for b in batches]
                results.append(Result("api", f"{username} {name} → {expected[name]}", "req/s", rps, facts))
                say(f"api {username} {name}: {sorted(rps)[len(rps) // 2]:,.0f} req/s, p95 {facts['p95_ms']} ms")
    finally:
        stop(proc)
    return results
