"""`make bench`: runs every benchmark, prints the results and writes benchmarks/results.md.

A report, not a test: a figure that misses its goal still exits 0. Only a benchmark that could
not run at all (no wrk, no database, a page answering 500) makes the exit status non-zero.

`python -m tests.perf.run lighthouse slots` runs only the benchmarks whose module name holds
one of the words, prints them and leaves benchmarks/results.md as it was.
"""

import os
import sys
import traceback
from collections.abc import Callable
from datetime import datetime

from . import (
    bench_crawl,
    bench_day_view,
    bench_five_years,
    bench_lighthouse,
    bench_pages,
    bench_photos,
    bench_reminders,
    bench_slots,
    bench_texts,
)
from .harness import ROOT, HarnessError, Section

# Each benchmark runs on its own and returns one section of the results file.
BENCHMARKS: list[Callable[[], Section]] = [
    bench_pages.bench,
    bench_slots.bench,
    bench_day_view.bench,
    bench_crawl.bench,
    bench_five_years.bench,
    bench_reminders.bench,
    bench_texts.bench,
    bench_photos.bench,
    bench_lighthouse.bench,
    bench_lighthouse.bench_desktop,
]
RESULTS = ROOT / "benchmarks" / "results.md"


def main(argv: list[str] | None = None) -> int:
    only = sys.argv[1:] if argv is None else argv
    benchmarks = [b for b in BENCHMARKS if not only or any(w in b.__module__ for w in only)]
    if not benchmarks:
        print(f"no benchmark matches {' '.join(only)}", file=sys.stderr)
        return 2
    parts = [
        "# Benchmark results",
        "",
        f"Run {datetime.now().astimezone():%Y-%m-%d %H:%M %Z} on {len(os.sched_getaffinity(0))} "
        "CPUs (`nproc`), by `make bench` (tests/perf/run.py). Overwritten on every run.",
        "",
    ]
    failed = 0
    for benchmark in benchmarks:
        name = f"{benchmark.__module__}.{benchmark.__qualname__}"
        print(f"running {name} ...", file=sys.stderr, flush=True)
        try:
            section = benchmark()
        except HarnessError as exc:
            failed += 1
            print(f"{name} could not run: {exc}", file=sys.stderr)
            parts += [f"## {name}", "", f"Could not run: {str(exc).splitlines()[0]}", ""]
            continue
        except Exception:
            failed += 1
            traceback.print_exc()
            parts += [f"## {name}", "", "Could not run: see the traceback of the run.", ""]
            continue
        parts.append(section.markdown())
    report = "\n".join(parts)
    print(report)
    if only:
        # A part of the run: the file keeps the last full one.
        print(f"{RESULTS.relative_to(ROOT)} left as it was (a partial run)", file=sys.stderr)
        return 1 if failed else 0
    if failed == len(BENCHMARKS):
        # Nothing measured: keep the last file that had figures in it.
        print(f"{RESULTS.relative_to(ROOT)} left as it was", file=sys.stderr)
        return 1
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(report)
    print(f"written to {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
