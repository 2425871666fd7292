"""The HALO treatment page beside a bare Django view, under gunicorn and wrk on loopback.

The bare view (/healthz) is the ceiling of this stack on this machine: the same workers, the
same middleware, no template and no cache. Measuring both in one run makes the ratio a
figure that travels between machines, where the absolute rates do not.
"""

import os
import re
import shutil
import subprocess
from dataclasses import dataclass

from .harness import (
    HarnessError,
    Section,
    database_prepare,
    gunicorn_command,
    gunicorn_serving,
    http_status,
)

PAGES = [("bare view", "/healthz"), ("treatment page (HALO)", "/treatments/halo/")]
GOAL_RATIO = 0.7
GOAL_P99_MS = 50.0
WARMUP_SECONDS = 2
_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class Load:
    rate: float
    p50_ms: float
    p99_ms: float
    errors: str  # wrk's socket-error line, empty when there were none


def wrk_command(url: str, seconds: int) -> list[str]:
    return ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", url]


def _wrk(url: str, seconds: int) -> Load:
    done = subprocess.run(
        wrk_command(url, seconds), capture_output=True, text=True, timeout=seconds + 30
    )
    out = done.stdout
    if done.returncode != 0:
        raise HarnessError(f"wrk failed on {url}:\n{out}{done.stderr}")
    if "Non-2xx or 3xx responses" in out:
        # Error pages are cheap and fast: counting them would flatter the figure.
        raise HarnessError(f"wrk got error responses from {url}:\n{out}")

    def number(pattern: str) -> re.Match:
        match = re.search(pattern, out, re.MULTILINE)
        if match is None:
            raise HarnessError(f"cannot find {pattern!r} in wrk's output:\n{out}")
        return match

    def latency(percent: int) -> float:
        match = number(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s|m)\s*$")
        return float(match[1]) * _UNIT_MS[match[2]]

    errors = re.search(r"^\s*(Socket errors:.*)$", out, re.MULTILINE)
    return Load(
        rate=float(number(r"^Requests/sec:\s+([\d.]+)")[1]),
        p50_ms=latency(50),
        p99_ms=latency(99),
        errors=errors[1].strip() if errors else "",
    )


def bench() -> Section:
    if shutil.which("wrk") is None:
        raise HarnessError("the load generator wrk is not on PATH: apt-get install wrk")
    raw = os.environ.get("BENCH_SECONDS", "10")
    if not raw.isdigit() or int(raw) < 1:
        raise HarnessError(f"BENCH_SECONDS must be a whole number of seconds, not {raw!r}")
    seconds = int(raw)
    database_prepare()
    loads: dict[str, Load] = {}
    sizes: dict[str, int] = {}
    with gunicorn_serving() as port:
        for name, path in PAGES:
            # One request first: a 404 or a redirect would otherwise be benchmarked silently.
            status, sizes[name] = http_status(port, path)
            if status != 200:
                raise HarnessError(f"GET {path} answered {status}, not 200")
            url = f"http://127.0.0.1:{port}{path}"
            # Warm-up fills each worker's page cache and the database connections.
            _wrk(url, WARMUP_SECONDS)
            loads[name] = _wrk(url, seconds)
    bare, page = loads[PAGES[0][0]], loads[PAGES[1][0]]
    ratio = page.rate / bare.rate
    bodies = ", ".join(f"{name} {size} bytes" for name, size in sizes.items())

    def verdict(met: bool) -> str:
        return "met" if met else "MISSED"

    return Section(
        title="Treatment page vs bare view (gunicorn, 2 workers, PostgreSQL)",
        columns=["page", "req/s", "p50 ms", "p99 ms"],
        rows=[
            [name, f"{load.rate:.0f}", f"{load.p50_ms:.1f}", f"{load.p99_ms:.1f}"]
            for name, load in loads.items()
        ],
        notes=[
            f"treatment page / bare view rate ratio: {ratio:.2f} "
            f"(goal >= {GOAL_RATIO:.2f}, {verdict(ratio >= GOAL_RATIO)}); "
            f"treatment page p99: {page.p99_ms:.1f} ms "
            f"(goal < {GOAL_P99_MS:.0f} ms, {verdict(page.p99_ms < GOAL_P99_MS)})",
            "",
            f"Load: `{' '.join(wrk_command('URL', seconds))}` per page after a "
            f"{WARMUP_SECONDS} s warm-up, against `{' '.join(gunicorn_command('PORT'))}`; "
            f"response bodies: {bodies}.",
            *(f"{name}: {load.errors}" for name, load in loads.items() if load.errors),
        ],
    )
