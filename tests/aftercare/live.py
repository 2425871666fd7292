"""Real moving parts for the reminder tests and benchmark: an SMTP server on loopback
(aiosmtpd) and a Celery worker process on the real Redis broker and the test database."""

import contextlib
import email
import email.parser
import itertools
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]


# aiosmtpd's server needs its port before it binds, so a port is chosen here. Under pytest-xdist
# each worker chooses from a block of its own, below the kernel's ephemeral range (which
# starts at 32768), so two workers can never pick the same port between "free" and "bound".
# Everything else (live servers, the SMS fake) binds port 0 and keeps the socket.
PORT_BLOCK_START, PORT_BLOCK_SIZE = 20000, 400
_ports_handed_out = itertools.count()


def free_port() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    index = int(worker.removeprefix("gw")) + 1 if worker else 0
    first = PORT_BLOCK_START + index * PORT_BLOCK_SIZE
    for _ in range(PORT_BLOCK_SIZE):
        port = first + next(_ports_handed_out) % PORT_BLOCK_SIZE
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {first}-{first + PORT_BLOCK_SIZE - 1}")


_headers = email.parser.BytesHeaderParser()


class SinkHandler:
    """Keeps every message it accepts. `hold_from`: from the n-th message (1-based) on, each is
    held in the DATA phase until `release` is set, then refused with 451, never accepted; the
    test kills the sending worker meanwhile, as if it died while handing them over.

    `refuse_earlier_connections()`: every message on a connection opened before the call is
    refused from then on. A killed sender may have written a whole message that this server,
    busy on a loaded machine, reads only after the kill; it must not count as delivered once
    the test lets messages through again (the dead sender never heard a "250", so it never
    marked it sent: counted, it would be a duplicate the test itself made)."""

    def __init__(self):
        self.accepted: list[email.message.Message] = []
        # Counted as each message arrives: a poll of the count costs nothing (re-reading the
        # headers of 10,000 messages four times a second took a quarter of a core).
        self.reminder_counts: Counter = Counter()
        self.lock = threading.Lock()
        self.seen = 0
        self.refused = 0
        self.hold_from: int | None = None
        self.holding = threading.Event()
        self.release = threading.Event()
        # Each connection is stamped with the era it greeted the server in.
        self.era = 0

    def _greeted(self, session) -> None:
        with self.lock:
            session.era = self.era

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        self._greeted(session)
        return responses

    async def handle_HELO(self, server, session, envelope, hostname):
        session.host_name = hostname
        self._greeted(session)
        return f"250 {server.hostname}"

    def refuse_earlier_connections(self) -> None:
        with self.lock:
            self.era += 1

    async def handle_DATA(self, server, session, envelope):
        import asyncio

        with self.lock:
            self.seen += 1
            stale = getattr(session, "era", -1) < self.era
            hold = not stale and self.hold_from is not None and self.seen >= self.hold_from
            if stale:
                self.refused += 1
        if stale:
            return "451 Try again later"
        if hold:
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.01)
            with self.lock:
                self.refused += 1
            return "451 Try again later"
        # Headers only: a sink has no business decoding bodies, and it shares the machine.
        message = _headers.parsebytes(envelope.original_content or envelope.content)
        with self.lock:
            self.accepted.append(message)
            self.reminder_counts[message["X-Clinic-Reminder"]] += 1
        return "250 Message accepted for delivery"

    def clear(self) -> None:
        with self.lock:
            self.accepted.clear()
            self.reminder_counts.clear()

    def reminder_ids(self) -> Counter:
        with self.lock:
            return Counter(self.reminder_counts)


class SmtpSink:
    def __init__(self):
        self.handler = SinkHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.handler.release.set()
        self.controller.stop()


class Worker:
    """`celery worker` in its own process group, on the given database and broker.

    Everything here waits on events (a ping answered by this very worker, a line in its log,
    its processes gone), with deadlines of minutes: they cost nothing when the event comes,
    and a loaded machine may take that long."""

    def __init__(
        self,
        *,
        database_url: str,
        broker_url: str,
        smtp_port: int,
        concurrency=2,
        log_path: Path | None = None,
    ):
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_"))},
            "DJANGO_SETTINGS_MODULE": "medspa.settings",
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker_url,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_USE_TLS": "false",
            "DJANGO_SECRET_KEY": "reminder-test-key-" + "x" * 40,
            "SITE_URL": "https://clinic.example",
        }
        self.concurrency = concurrency
        self.log_path = log_path
        self.process: subprocess.Popen | None = None
        self.hostname = ""

    def start(self, timeout: float = 300) -> "Worker":
        """Starts the worker and returns once it answers a ping: by then it consumes tasks."""
        # A name of its own, so that only this worker's answer counts (never one still
        # shutting down from before, never another test process's).
        self.hostname = f"reminders-{uuid.uuid4().hex[:12]}@localhost"
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "--app",
                "medspa",
                "worker",
                "--hostname",
                self.hostname,
                "--loglevel",
                "INFO",
                "--concurrency",
                str(self.concurrency),
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--pool",
                "prefork",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if log is not subprocess.DEVNULL:
            log.close()  # the worker has its own copy
        from medspa.celery import app

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.check_alive()
            if app.control.ping(destination=[self.hostname], timeout=1):
                return self
        raise RuntimeError(f"the worker did not answer a ping within {timeout} s{self._log_tail()}")

    def check_alive(self) -> None:
        if self.process is None or self.process.poll() is not None:
            code = None if self.process is None else self.process.returncode
            raise RuntimeError(f"the worker is not running (exit code {code}){self._log_tail()}")

    def log_text(self) -> str:
        if self.log_path is None:
            raise RuntimeError("the worker was started without a log_path")
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def _log_tail(self, lines: int = 40) -> str:
        if self.log_path is None:
            return ""
        return "; the end of its log:\n" + "\n".join(self.log_text().splitlines()[-lines:])

    def tasks_received(self) -> set[str]:
        """The ids of every task the worker has taken off the queue, from its log."""
        return set(_RECEIVED.findall(self.log_text()))

    def task_outcome(self, task_id: str) -> str | None:
        """None while the task has not finished; else "succeeded", or the log's line for a
        task that failed. From the worker's log (the tasks keep no results)."""
        text = self.log_text()
        # Only whole lines: the worker may be halfway through writing the last one, and
        # "...[id] recei" is neither "received" nor a failure.
        for line in text[: text.rfind("\n") + 1].splitlines():
            if f"[{task_id}]" not in line or line.endswith(f"[{task_id}] received"):
                continue
            if f"[{task_id}] succeeded in " in line:
                return "succeeded"
            return line
        return None

    def rss_kib(self) -> int:
        """Resident memory of the worker and its pool processes together."""
        out = subprocess.run(
            ["ps", "-o", "rss=", "-g", str(self.process.pid)], capture_output=True, text=True
        ).stdout
        return sum(int(x) for x in out.split())

    def _group_alive(self) -> list[int]:
        """The processes of the worker's group that still run (a killed child whose new
        parent has not reaped it yet is a zombie: it runs no more)."""
        alive = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # gone meanwhile
            state, _ppid, pgrp = stat.rsplit(")", 1)[1].split()[:3]
            if int(pgrp) == self.process.pid and state not in "ZXx":
                alive.append(int(entry.name))
        return alive

    def _wait_group_gone(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while alive := self._group_alive():
            if time.monotonic() > deadline:
                raise RuntimeError(f"worker processes {alive} still run {timeout} s after a kill")
            time.sleep(0.02)

    def kill(self, timeout: float = 300) -> None:
        """SIGKILL to the whole process group: no warm shutdown, nothing acknowledged. Returns
        once every process of the group is gone, the pool's children too (waiting for the
        main process alone would leave a child that might still be running)."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):  # the whole group is gone already
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=timeout)
        self._wait_group_gone(timeout)

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            # A warm shutdown lets a running task finish; one that takes longer is killed (the
            # rest of a sweep is the next sweep's).
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=60)
        self.kill()


_RECEIVED = re.compile(r"\[([0-9a-f-]{36})\] received$", re.MULTILINE)
