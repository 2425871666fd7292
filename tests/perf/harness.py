"""Shared pieces of the benchmarks: the results section, a PostgreSQL database with the demo
content, and the app served by gunicorn on loopback the way production serves it."""

import atexit
import functools
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/medspa_bench"


class HarnessError(Exception):
    """The benchmark could not be run (as opposed to a figure that misses its goal)."""


@dataclass
class Section:
    title: str
    columns: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)

    def markdown(self) -> str:
        lines = [f"## {self.title}", ""]
        lines.append("| " + " | ".join(self.columns) + " |")
        lines.append("|" + "|".join("---" for _ in self.columns) + "|")
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        return "\n".join([*lines, "", *self.notes, ""])


@functools.cache
def bench_env() -> dict[str, str]:
    """Production settings (DEBUG off) made to work over plain HTTP on loopback."""
    var_dir = tempfile.mkdtemp(prefix="medspa-bench-")
    atexit.register(shutil.rmtree, var_dir, ignore_errors=True)
    return {
        **os.environ,
        "DATABASE_URL": os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL),
        "DJANGO_SETTINGS_MODULE": "medspa.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-never-used-outside-loopback-benchmarks",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SESSION_COOKIE_SECURE": "false",
        "DJANGO_CSRF_COOKIE_SECURE": "false",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "MEDSPA_VAR_DIR": var_dir,
    }


def _manage(*args: str, timeout: float, env: dict[str, str] | None = None) -> None:
    cmd = [sys.executable, "manage.py", *args]
    env = {**bench_env(), **(env or {})}
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise HarnessError(f"{' '.join(cmd[1:])} failed:\n{done.stdout}{done.stderr}")


def _database_create(url: str, *, fresh: bool = False) -> None:
    params = conninfo_to_dict(url)
    name = params["dbname"]
    with psycopg.connect(
        **{**params, "dbname": "postgres"}, autocommit=True, connect_timeout=10
    ) as conn:
        if fresh:
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            conn.execute(drop.format(sql.Identifier(name)))
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


@functools.cache
def database_prepare() -> None:
    """A dedicated database, so a benchmark never touches the development or test data."""
    _database_create(bench_env()["DATABASE_URL"])
    _manage("migrate", "--noinput", timeout=300)
    _manage("load_demo", timeout=120)
    # DEBUG off serves static files through the manifest, which templates need to render.
    _manage("collectstatic", "--noinput", "--verbosity", "0", timeout=300)


def http_status(port: int, path: str, timeout: float = 5.0) -> tuple[int, int]:
    """(status, body size) of one GET, with no redirects followed and no proxy consulted."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, len(response.read())
    finally:
        conn.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_command(port: int | str) -> list[str]:
    # The Procfile's web line (access log included: production pays for it too), on loopback.
    bind = f"127.0.0.1:{port}"
    return ["gunicorn", "medspa.wsgi", "--bind", bind, "--workers", "2", "--access-logfile", "-"]


@contextmanager
def gunicorn_serving(*, start_timeout: float = 30.0) -> Iterator[int]:
    """Yields the port once /healthz answers 200; always stops gunicorn afterwards."""
    port = _free_port()
    # This venv's gunicorn, whatever PATH says.
    cmd = [str(BIN / "gunicorn"), *gunicorn_command(port)[1:]]
    log_path = Path(bench_env()["MEDSPA_VAR_DIR"]) / "gunicorn.log"
    with open(log_path, "w") as log:
        # A file, not a pipe: an unread pipe fills up and stalls every worker mid-benchmark.
        proc = subprocess.Popen(cmd, cwd=ROOT, env=bench_env(), stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            if proc.poll() is not None:
                raise HarnessError(f"gunicorn exited early:\n{log_path.read_text()[-3000:]}")
            try:
                if http_status(port, "/healthz", timeout=2)[0] == 200:
                    break
            except OSError:
                pass  # not listening yet
            if time.monotonic() > deadline:
                raise HarnessError(f"no 200 from /healthz in {start_timeout:.0f} s")
            time.sleep(0.2)
        yield port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def probe_run(module: str, *, env: dict[str, str] | None = None, timeout: float = 600) -> dict:
    """Runs `python -m module` with the bench settings (plus `env`) and returns the JSON it
    prints on its last line: each probe measures in a process of its own."""
    database_prepare()
    result = subprocess.run(
        [sys.executable, "-m", module],
        cwd=ROOT,
        env={**bench_env(), **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise HarnessError(f"{module} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def dataset_database_url(dataset: str) -> str:
    """The bench database's name plus the dataset's: `medspa_bench_five_years`."""
    parts = urlsplit(bench_env()["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"{parts.path.rstrip('/')}_{dataset}"))


def _dataset_build(dataset: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # The plain bench database has run the system checks already.
    _manage("migrate", "--noinput", "--skip-checks", timeout=300, env=env)
    _manage("load_demo", "--skip-checks", timeout=120, env=env)
    return subprocess.run(
        [sys.executable, "-m", "tests.perf.five_years", dataset],
        cwd=ROOT,
        env={**bench_env(), **env},
        capture_output=True,
        text=True,
        timeout=3600,
    )


@functools.cache
def dataset_database_prepare(dataset: str) -> dict:
    """A database of its own holding a seeded dataset (tests/perf/five_years.py), built once
    and reused while it is current (a week); returns its row counts."""
    database_prepare()  # collectstatic, and the plain bench database the others use
    url = dataset_database_url(dataset)
    env = {"DATABASE_URL": url}
    _database_create(url)
    built = _dataset_build(dataset, env)
    if built.returncode != 0 and "holds an old dataset" in built.stderr:
        _database_create(url, fresh=True)
        built = _dataset_build(dataset, env)
    if built.returncode != 0:
        raise HarnessError(f"building the {dataset} dataset failed:\n{built.stderr[-3000:]}")
    return json.loads(built.stdout.strip().splitlines()[-1])
