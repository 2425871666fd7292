"""The suite's role crawls (tests/crawl/test_crawl_roles.py), timed. The suite checks what each
crawl finds; how long it takes is a figure for here, not an assertion there (a timed
assertion fails on a busy machine and proves nothing)."""

import os

from .harness import Section, probe_run

GOAL_SECONDS = 60  # per role: the bound the suite's role crawls used to assert


def bench() -> Section:
    load_before = os.getloadavg()[0]
    data = probe_run("tests.perf.crawl_probe", env={"DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver"})
    load_after = os.getloadavg()[0]
    rows = [
        [
            role,
            str(run["pages"]),
            f"{run['seconds']:.1f}",
            f"{run['cpu_seconds']:.1f}",
            f"{run['pages_per_second']:.1f}",
            str(run["failures"]),
            "yes" if run["seconds"] < GOAL_SECONDS else "NO",
        ]
        for role, run in data["roles"].items()
    ]
    busy = data["busy_day"]
    notes = [
        f"Goal: each role's crawl under {GOAL_SECONDS} s on this 2-core machine (the bound the "
        "suite's role crawls used to assert; the suite now checks only what they find).",
        "",
        "Crawled through Django's test client in one process (no network), DEBUG off, on the "
        "bench PostgreSQL database holding the demo (load_demo under DEBUG: its logins and "
        f"patients) plus a busy day ({busy['bookings']} bookings on {busy['day']}), all in one "
        "transaction rolled back afterwards. Each role starts from the suite's landing page and "
        "follows every same-site link and GET form, up to 300 pages and 4 hops "
        "(tests/crawl/crawler.py). CPU s is the crawling process's own (PostgreSQL's is not in "
        "it); far below seconds, the crawl waited on the database or on a busy machine. Load "
        f"average (1 min) {load_before:.1f} before, {load_after:.1f} after.",
    ]
    if data["leftovers"]:
        extra = ", ".join(f"{n} {kind}" for kind, n in data["leftovers"].items())
        notes += ["", f"Also in the bench database, left by other benchmarks: {extra}."]
    failed = {role: run for role, run in data["roles"].items() if run["failures"]}
    if failed:
        notes += ["", "Failures (the suite's role crawls fail on these too):"]
        notes += [f"- {role}: {f}" for role, run in failed.items() for f in run["failures_first"]]
    return Section(
        title="Role crawls",
        columns=[
            "role",
            "pages",
            "seconds",
            "CPU s",
            "pages/s",
            "failures",
            f"under {GOAL_SECONDS} s",
        ],
        rows=rows,
        notes=notes,
    )
