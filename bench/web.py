"""The web dashboard in headless Chromium: time to a rendered page, bytes, and its requests.

Run: .venv/bin/python -m bench.web [--pieces 1000,10000] [--repeats 15] [--postgres URL]
One creator with each number of simulated pieces; `whatsworking api` serves the pages in a
subprocess (its own GIL); Debian's Chromium (Playwright, /usr/bin/chromium) signs in with a
single-use link and opens the dashboard. Figures, from the browser's Navigation and Resource
Timing:
- rendered: navigation start to the load event of the dashboard (HTML parsed, CSS and the
  script applied, SVG charts drawn). "cold" is the first view, right after signing in (the
  link's form post, its redirect, and a dashboard the server builds from the database), in a
  fresh server each of ``--cold-runs`` times (median and worst: one sample is mostly the
  machine's load); "warm" repeat views (the server's view cache answers);
- bytes: transferred over the wire for the first view with an empty browser cache (compressed
  HTML, CSS, script) and for a repeat view (HTML only; static files come from the cache);
- requests: every request the page makes while used — a dashboard per period and platform
  filter, the content list, a piece, the plan dialog, ticking an item — p50 and p95 of request
  start to response end.
Prints a Markdown table for docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from bench.api import free_port, wait_until_healthy
from plans import ItemSpec, create_plan
from simulator import enable_demo
from storage import open_database
from storage.web_sessions import issue_sign_in
from tests.support.pg_schema import throwaway_schema
from tests.web.browser import CHROMIUM, CHROMIUM_ARGS, PHONE

TIMING = """() => {
  const n = performance.getEntriesByType('navigation')[0];
  const bytes = [n, ...performance.getEntriesByType('resource')]
    .reduce((sum, e) => sum + e.transferSize, 0);
  return {rendered: n.loadEventEnd - n.startTime, bytes: bytes,
          request: n.responseEnd - n.requestStart};
}"""
FILTERS = [
    f"/web/?period={p}&platform={f}"
    for p in ("7d", "30d", "90d", "all")
    for f in ("all", "youtube", "instagram", "tiktok")
]


PAGES = ("/web/content", "/web/content?sort=views&page=3", "/web/content/7")


def populate(url: str, pieces: int) -> uuid.UUID:
    """A creator with ``pieces`` demo pieces and a plan; returns the creator's id."""
    db = open_database(url)
    now = datetime.now(UTC)
    try:
        with db.unit_of_work() as session:
            demo = enable_demo(
                session, handle="bench", niche="tech_reviews", profile="mid",
                pieces=pieces, seed=42, now=now,
            )  # fmt: skip
            items = [ItemSpec(f"Step {n}") for n in range(1, 6)]
            create_plan(session, demo.creator_id, name="Bench", goal="Go", items=items, now=now)
            return demo.creator_id
    finally:
        db.dispose()


def sign_in_token(url: str, creator_id: uuid.UUID) -> str:
    """A fresh single-use sign-in link token for the creator."""
    db = open_database(url)
    try:
        with db.unit_of_work() as session:
            return issue_sign_in(session, creator_id, now=datetime.now(UTC)).token
    finally:
        db.dispose()


def cold_view(base: str, token: str) -> float:
    """Sign in with ``token`` in a new browser; the first dashboard's render time (ms)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport=PHONE).new_page()
        page.goto(f"{base}/web/sign-in?t={token}")  # posts the token, redirected to /web/
        page.wait_for_url(f"{base}/web/")
        page.wait_for_load_state("load")
        rendered: float = page.evaluate(TIMING)["rendered"]
        browser.close()
    return rendered


@contextmanager
def server(url: str) -> Iterator[str]:
    """`whatsworking api` in a subprocess; yields its base URL once /healthz answers."""
    port = free_port()
    command = [sys.executable, "-c", "from bot.cli import main; main()", "api",
               "--port", str(port), "--db", url, "--no-access-log"]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def visit(page: Page, url: str) -> dict[str, float]:
    """Open ``url`` and read its timings."""
    page.goto(url, wait_until="load")
    timing: dict[str, float] = page.evaluate(TIMING)
    return timing


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def measure(base: str, token: str, repeats: int) -> dict[str, float]:
    """Sign in, then time the dashboard and the page's requests."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport=PHONE).new_page()
        page.goto(f"{base}/web/sign-in?t={token}")  # posts the token, redirected to /web/
        page.wait_for_url(f"{base}/web/")
        page.wait_for_load_state("load")
        cold: dict[str, float] = page.evaluate(TIMING)
        fresh = browser.new_context(viewport=PHONE)  # an empty cache, the same session
        fresh.add_cookies(page.context.cookies())
        first_view = visit(fresh.new_page(), f"{base}/web/")
        warm = [visit(page, f"{base}/web/") for _ in range(repeats)]
        requests = [visit(page, f"{base}{path}")["request"] for path in FILTERS]
        requests += [visit(page, f"{base}{path}")["request"] for path in PAGES]
        page.goto(f"{base}/web/plans")
        for _ in range(4):
            with page.expect_response(lambda r: "/web/plans/" in r.url) as opened:
                page.locator(".plan-card a").first.click()
            requests.append(opened.value.request.timing["responseEnd"])
            with page.expect_response(lambda r: "/toggle" in r.url) as ticked:
                page.locator("dialog button.check").first.click()
            requests.append(ticked.value.request.timing["responseEnd"])
            page.locator("dialog [data-close-dialog]").click()
            page.wait_for_load_state("load")
        browser.close()
    return {
        "cold": cold["rendered"],
        "warm": statistics.median(w["rendered"] for w in warm),
        "warm_p95": p95([w["rendered"] for w in warm]),
        "bytes_cold": first_view["bytes"],
        "bytes_warm": statistics.median(w["bytes"] for w in warm),
        "req_p50": statistics.median(requests),
        "req_p95": p95(requests),
    }


@contextmanager
def databases(postgres: str | None) -> Iterator[list[tuple[str, str]]]:
    """(name, URL) of a fresh SQLite file and, if asked, a fresh PostgreSQL schema."""
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        found = [("SQLite", f"sqlite:///{Path(tmp) / 'bench.db'}")]
        if postgres:
            found.append(("PostgreSQL", stack.enter_context(throwaway_schema(postgres))))
        yield found


def main() -> None:
    """Measure each size on each database and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pieces", default="1000,10000")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--postgres", default=None)
    parser.add_argument("--cold-runs", type=int, default=5)
    args = parser.parse_args()
    print("| database | pieces | rendered, cold p50 / worst (ms) | rendered, warm p50 / p95 (ms) "
          "| bytes, first / repeat view | page requests p50 / p95 (ms) |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|")
    for size in (int(s) for s in args.pieces.split(",")):
        with databases(args.postgres) as found:
            for name, url in found:
                creator_id = populate(url, size)
                with server(url) as base:
                    m = measure(base, sign_in_token(url, creator_id), args.repeats)
                colds = [m["cold"]]
                for _ in range(args.cold_runs - 1):
                    with server(url) as base:
                        colds.append(cold_view(base, sign_in_token(url, creator_id)))
                print(f"| {name} | {size:,} | {statistics.median(colds):.0f} / {max(colds):.0f} "
                      f"| {m['warm']:.0f} / "
                      f"{m['warm_p95']:.0f} | {m['bytes_cold'] / 1024:.1f} KiB / "
                      f"{m['bytes_warm'] / 1024:.1f} KiB | {m['req_p50']:.0f} / "
                      f"{m['req_p95']:.0f} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
