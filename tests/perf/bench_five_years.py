"""As fast in the fifth year as in the first month: each staff page and the slot search timed
on a clinic seeded with one month and with five years of data (tests/perf/five_years.py),
with the ratio; and the peak memory of streaming a year's CSV export."""

from .harness import Section, dataset_database_prepare, dataset_database_url, probe_run

GOAL_RATIO = 1.5
GOAL_EXPORT_MIB = 50.0
DATASETS = ("one_month", "five_years")


def bench() -> Section:
    counts, runs = {}, {}
    for dataset in DATASETS:
        counts[dataset] = dataset_database_prepare(dataset)
        runs[dataset] = probe_run(
            "tests.perf.five_years_probe",
            env={
                "DATABASE_URL": dataset_database_url(dataset),
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
            },
            timeout=1800,
        )
    month, years = runs["one_month"]["pages"], runs["five_years"]["pages"]
    rows, missed = [], []
    for page, small in month.items():
        large = years[page]
        ratio = large["median_ms"] / small["median_ms"]
        if ratio > GOAL_RATIO:
            missed.append(page)
        rows.append(
            [
                page,
                f"{small['median_ms']:.1f}",
                f"{large['median_ms']:.1f}",
                f"{ratio:.2f}" + ("" if ratio <= GOAL_RATIO else " (missed)"),
                f"{small['queries']} / {large['queries']}",
            ]
        )
    export = runs["five_years"]["export"]
    sizes = counts["five_years"]
    notes = [
        f"ratio at most {GOAL_RATIO}: "
        + ("met on every page." if not missed else f"missed on {', '.join(missed)}."),
        f"year CSV export at five years: {export['rows']:,} rows, "
        f"{export['bytes'] / 2**20:.1f} MiB streamed in {export['seconds']:.1f} s, peak Python "
        f"memory {export['peak_mib']:.1f} MiB (tracemalloc; goal under {GOAL_EXPORT_MIB:.0f} "
        f"MiB, {'met' if export['peak_mib'] < GOAL_EXPORT_MIB else 'missed'}), process peak RSS "
        f"grew {export['rss_growth_mib']:.1f} MiB.",
        "",
        "Five years: "
        + ", ".join(
            f"{n:,} {label.replace('_', ' ')}"
            for label, n in sizes.items()
            if label not in ("seconds", "reused")
        )
        + (" (reused)" if sizes.get("reused") else f" (built in {sizes['seconds']:.0f} s)")
        + "; one month: "
        + ", ".join(
            f"{n:,} {label.replace('_', ' ')}"
            for label, n in counts["one_month"].items()
            if label not in ("seconds", "reused")
        )
        + ". Each page rendered through Django's test client in one process (no network), as "
        "a manager, median of 15 after one warm-up, on a PostgreSQL database of its own per "
        "dataset (the bench database's name plus `_one_month` / `_five_years`, kept and "
        "reused for a week).",
    ]
    return Section(
        title="As fast in the fifth year as in the first month",
        columns=["page", "1 month ms", "5 years ms", "ratio", "queries (1 month / 5 years)"],
        rows=rows,
        notes=notes,
    )
