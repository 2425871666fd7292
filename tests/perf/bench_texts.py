"""Texts: 10,000 due through the outbox sweep to a local stand-in of Twilio's API, beside a
plain HTTP loop to the same stand-in; duplicates."""

from .harness import Section, probe_run


def bench() -> Section:
    d = probe_run("tests.perf.texts_probe", timeout=1500)
    ratio = d["sweep_rate"] / d["plain_rate"]
    rows = [
        [
            "plain HTTP loop (one kept-alive connection, prepared form)",
            f"{d['plain_rate']:.0f}",
            "-",
        ],
        [
            f"texts through the sweep ({d['threads']} sender threads, Twilio's client)",
            f"{d['sweep_rate']:.0f}",
            f"{d['delivered']:,} delivered, {d['distinct']:,} distinct, "
            f"{d['duplicates']} duplicates, {d['marked_sent']:,} marked sent",
        ],
    ]
    notes = [
        f"sweep / plain loop rate ratio: {ratio:.2f}; duplicates: {d['duplicates']} "
        f"(must be 0, {'met' if d['duplicates'] == 0 else 'MISSED'}). The sweep pays, per "
        "text, Twilio's client building its request and reading the answer, and the row's "
        "claim and its mark (one UPDATE each, the mark in its own transaction).",
        "",
        f"{d['count']:,} appointment-reminder texts of {d['segment_chars']} characters (one "
        f"segment) due at once, sent in {d['sweeps']} sweep call(s) in one process on the bench "
        "PostgreSQL database; the stand-in API runs in a process of its own on 127.0.0.1.",
    ]
    return Section(
        title=f"Texts: {d['count']:,} through the sweep",
        columns=["sender", "texts/s", "delivery"],
        rows=rows,
        notes=notes,
    )
