"""Free-slot computation: 14 days x 3 providers, with 0 and with 5,000 existing bookings.

The query count must be the same at both sizes (and at most 5); the goal for time per call
is 20 ms or less at 5,000 bookings.
"""

from .harness import Section, probe_run

GOAL_MS = 20.0
MAX_QUERIES = 5


def bench() -> Section:
    data = probe_run("tests.perf.slots_probe")
    empty, full = data["empty"], data["full"]
    rows = [
        [
            label,
            str(run["queries"]),
            f"{run['median_ms']:.1f}",
            f"{run['p95_ms']:.1f}",
            str(run["slots"]),
        ]
        for label, run in (("0 bookings", empty), (f"{data['bookings']:,} bookings", full))
    ]
    same = empty["queries"] == full["queries"] <= MAX_QUERIES
    notes = [
        f"queries equal at both sizes and <= {MAX_QUERIES}: {'yes' if same else 'NO'}; "
        f"time per call at {data['bookings']:,} bookings: {full['median_ms']:.1f} ms median "
        f"(goal <= {GOAL_MS:.0f} ms, {'met' if full['median_ms'] <= GOAL_MS else 'missed'}).",
        "",
        "HALO session (90 min + 15 min buffer, needs the shared HALO laser), any of the three "
        "HALO providers, today + 13 days, online rules; 50 calls after one warm-up, in one "
        "process on the bench PostgreSQL database.",
    ]
    return Section(
        title="Free slots: 14 days x 3 providers",
        columns=["existing bookings", "queries", "median ms", "p95 ms", "slots found"],
        rows=rows,
        notes=notes,
    )
