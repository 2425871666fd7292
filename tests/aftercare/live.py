"""Real moving parts for the reminder tests and benchmark: an SMTP server on loopback
(aiosmtpd) and a Celery worker process on the real Redis broker and the test database."""

import email
import email.parser
import itertools
import os
import signal
import socket
import subprocess
import sys
import threading
import time
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
    test kills the sending worker meanwhile, as if it died while handing them over."""

    def __init__(self):
        self.accepted: list[email.message.Message] = []
        # Counted as each message arrives: a poll of the count costs nothing (re-reading the
        # headers of 10,000 messages four times a second took a quarter of a core).
        self.reminder_counts: Counter = Counter()
        self.lock = threading.Lock()
        self.seen = 0
        self.hold_from: int | None = None
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        import asyncio

        with self.lock:
            self.seen += 1
            hold = self.hold_from is not None and self.seen >= self.hold_from
        if hold:
            self.holding.set()
            while not self.release.is_set():
                await asyncio.sleep(0.01)
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
    """`celery worker` in its own process group, on the given database and broker."""

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

    def start(self, timeout: float = 60) -> "Worker":
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "--app",
                "medspa",
                "worker",
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
        from medspa.celery import app

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the worker exited at start ({self.process.returncode})")
            if app.control.ping(timeout=0.5):
                return self
        raise RuntimeError("the worker did not answer a ping within the timeout")

    def rss_kib(self) -> int:
        """Resident memory of the worker and its pool processes together."""
        out = subprocess.run(
            ["ps", "-o", "rss=", "-g", str(self.process.pid)], capture_output=True, text=True
        ).stdout
        return sum(int(x) for x in out.split())

    def kill(self) -> None:
        """SIGKILL to the whole process group: no warm shutdown, nothing acknowledged."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
