"""The HTTP API under load: requests per second and latency of the dashboard on loopback.

Run: .venv/bin/python -m bench.api [--pieces 1000] [--clients 1,10,50] [--workers 1,2]
                                   [--requests 400] [--postgres URL]
One creator with ``--pieces`` simulated pieces; the server is `whatsworking api --workers N`
(uvicorn, no access log) in a subprocess, so client and server do not share a GIL; the clients are
asyncio tasks on one httpx connection pool, each with its own keep-alive connection. Each
concurrency level sends ``--requests`` dashboard requests (30d, all platforms) after a warm-up.
Server CPU per request (all its processes, from psutil) is the figure least moved by other load
on the machine. Prints a Markdown table for docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
import psutil

from simulator import enable_demo
from storage import open_database
from storage.api_tokens import issue_token
from storage.clock import SystemClock
from tests.support.pg_schema import throwaway_schema

DASHBOARD = "/api/v1/insights/dashboard?time_period=30d"
WARM_UP = 20


def populate(url: str, pieces: int) -> str:
    """A creator with ``pieces`` demo pieces; returns its API token."""
    db = open_database(url)
    now = SystemClock().now()  # the server it measures runs on the system clock
    try:
        with db.unit_of_work() as session:
            demo = enable_demo(
                session,
                handle="bench",
                niche="tech_reviews",
                profile="mid",
                pieces=pieces,
                seed=42,
                now=now,
            )
            return issue_token(session, demo.creator_id, name="bench", now=now).token
    finally:
        db.dispose()


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_cpu_seconds(pid: int) -> float:
    """CPU seconds the server process and its workers have used so far."""
    root = psutil.Process(pid)
    processes = [root, *root.children(recursive=True)]
    return float(sum(p.cpu_times().user + p.cpu_times().system for p in processes))


@contextmanager
def server(url: str, workers: int) -> Iterator[tuple[str, int]]:
    """`whatsworking api` in a subprocess; yields (base URL, pid) once /healthz answers."""
    port = free_port()
    command = [sys.executable, "-c", "from bot.cli import main; main()", "api",
               "--port", str(port), "--db", url, "--no-access-log",
               "--workers", str(workers)]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base)
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_until_healthy(base: str, timeout: float = 180.0) -> None:
    """Poll /healthz until the server answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz").status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError("the API server did not start")


async def timed_get(client: httpx.AsyncClient, retried: list[int]) -> float:
    """Milliseconds for one dashboard request; a keep-alive connection the server had just
    closed (a race on a starved machine) is retried once on a fresh one and counted."""
    started = time.perf_counter()
    try:
        (await client.get(DASHBOARD)).raise_for_status()
    except (httpx.ReadError, httpx.RemoteProtocolError):
        retried.append(1)
        (await client.get(DASHBOARD)).raise_for_status()
    return (time.perf_counter() - started) * 1000


async def load(base: str, token: str, clients: int, total: int) -> tuple[float, float, float, int]:
    """(requests/s, median ms, p95 ms, retries) of ``total`` requests from ``clients`` at once."""
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    headers = {"Authorization": f"Bearer {token}"}
    latencies: list[float] = []
    retried: list[int] = []
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=120) as c:
        for _ in range(WARM_UP):
            await timed_get(c, retried)

        async def client(count: int) -> None:
            for _ in range(count):
                latencies.append(await timed_get(c, retried))

        started = time.perf_counter()
        await asyncio.gather(*(client(max(1, total // clients)) for _ in range(clients)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))]
    return len(latencies) / elapsed, statistics.median(latencies), p95, len(retried)


@contextmanager
def databases(postgres: str | None) -> Iterator[list[tuple[str, str]]]:
    """(name, URL) of a fresh SQLite file and, if asked, a fresh PostgreSQL schema."""
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        urls = [("SQLite", f"sqlite:///{Path(tmp) / 'bench.db'}")]
        if postgres:
            urls.append(("PostgreSQL", stack.enter_context(throwaway_schema(postgres, "bench"))))
        yield urls


def main() -> None:
    """Print the figures as a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pieces", type=int, default=1000)
    parser.add_argument("--clients", default="1,10,50")
    parser.add_argument("--workers", default="1,2", help="server processes to try")
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--postgres", default=None, help="PostgreSQL URL (optional)")
    args = parser.parse_args()
    levels = [int(c) for c in args.clients.split(",")]
    print("| backend | workers | clients | requests/s | median ms | p95 ms | server CPU ms/req |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    with databases(args.postgres) as urls:
        for name, url in urls:
            token = populate(url, args.pieces)
            for workers in [int(w) for w in args.workers.split(",")]:
                with server(url, workers) as (base, pid):
                    for clients in levels:
                        cpu = server_cpu_seconds(pid)
                        rps, median, p95, retried = asyncio.run(
                            load(base, token, clients, args.requests)
                        )
                        per_request = (
                            (server_cpu_seconds(pid) - cpu) * 1000 / (args.requests + WARM_UP)
                        )
                        row = f"{rps:.0f} | {median:.1f} | {p95:.1f} | {per_request:.1f}"
                        note = f" ({retried} retried)" if retried else ""
                        print(f"| {name} | {workers} | {clients} | {row}{note} |", flush=True)


if __name__ == "__main__":
    main()
