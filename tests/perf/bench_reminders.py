"""Reminders: 10,000 due through one worker (2 processes) to a loopback SMTP server, beside a
plain smtplib loop to the same server in the same run; duplicates; worker memory; and the
query count of starting a course."""

import os

from .harness import Section, probe_run

# The probe empties its broker's Redis database: CELERY_BROKER_URL chooses which.
DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/12"

GOAL_RATIO = 0.5
GOAL_QUERIES = 6


def broker_url() -> str:
    """CELERY_BROKER_URL when it names a Redis database (the probe empties it), else db 12."""
    url = os.environ.get("CELERY_BROKER_URL", "")
    return url if url.startswith(("redis://", "rediss://")) else DEFAULT_BROKER_URL


def bench() -> Section:
    broker = broker_url()
    d = probe_run("tests.perf.reminders_probe", env={"CELERY_BROKER_URL": broker}, timeout=1500)
    ratio = d["worker_rate"] / d["smtplib_rate"]
    rows = [
        ["plain smtplib loop (one connection, prepared message)", f"{d['smtplib_rate']:.0f}", "-"],
        [
            "reminders through the worker (claim, render, send, mark)",
            f"{d['worker_rate']:.0f}",
            f"{d['delivered']:,} delivered, {d['distinct']:,} distinct, "
            f"{d['duplicates']} duplicates",
        ],
    ]
    notes = [
        f"worker / smtplib rate ratio: {ratio:.2f} (goal >= {GOAL_RATIO:.2f}, "
        f"{'met' if ratio >= GOAL_RATIO else 'missed'}); duplicates: {d['duplicates']} "
        f"(must be 0, {'met' if d['duplicates'] == 0 else 'MISSED'}).",
        f"worker RSS (main + 2 pool processes): {d['rss_before_kib'] / 1024:.0f} MiB before, "
        f"{d['rss_after_kib'] / 1024:.0f} MiB after {d['count']:,} reminders.",
        f"queries to start a course: {d['course_start_queries']} (goal <= {GOAL_QUERIES}, "
        f"{'met' if d['course_start_queries'] <= GOAL_QUERIES else 'missed'}).",
        "",
        f"{d['count']:,} appointment reminders due at once; the sink is aiosmtpd on 127.0.0.1 "
        f"in the probe's process; messages of about {d['message_bytes']:,} bytes (HTML and text); "
        "two sweeps at a time, one per worker process, on the bench PostgreSQL database and "
        f"the broker {broker} (CELERY_BROKER_URL; emptied by the run).",
    ]
    return Section(
        title="Reminders: 10,000 through one worker",
        columns=["sender", "messages/s", "delivery"],
        rows=rows,
        notes=notes,
    )
