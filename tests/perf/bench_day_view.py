"""The front desk's day view: query count and render time for 5 providers with 5 and with
60 bookings each. The budget (10 queries, the same at both sizes) is asserted in the test
suite; this prints the figures beside the time it takes."""

from .harness import Section, probe_run

MAX_QUERIES = 12  # with the closures and the staff menu's two badges


def bench() -> Section:
    data = probe_run(
        "tests.perf.day_view_probe", env={"DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver"}
    )
    rows = [
        [f"5 x {size}", str(run["queries"]), f"{run['median_ms']:.1f}", f"{run['p95_ms']:.1f}"]
        for size, run in data.items()
    ]
    small, large = data["5"]["queries"], data["60"]["queries"]
    same = small == large <= MAX_QUERIES
    return Section(
        title="Front desk day view",
        columns=["providers x bookings", "queries", "median ms", "p95 ms"],
        rows=rows,
        notes=[
            f"queries equal at both sizes and <= {MAX_QUERIES}: {'yes' if same else 'NO'}.",
            "",
            "Rendered through Django's test client in one process (no network), logged in as "
            "front desk, 30 renders after one warm-up, on the bench PostgreSQL database.",
        ],
    )
