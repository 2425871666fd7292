"""Run by bench_texts.py in a process of its own, on the bench database: 10,000 due texts
through the outbox sweep (its sender threads, Twilio's client) to a local stand-in of
Twilio's API running in another process, beside a plain HTTP loop (one kept-alive
connection, a prepared form) to the same stand-in. Prints one JSON line."""

import json
import os
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medspa.settings")
django.setup()

import requests  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import transaction  # noqa: E402

from bookings.models import Patient  # noqa: E402
from outbox.models import Message  # noqa: E402
from outbox.sending import messages_send_due  # noqa: E402
from tests.sms_fake import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER  # noqa: E402

COUNT = int(os.environ.get("BENCH_TEXTS", "10000"))
NOW = datetime(2031, 6, 2, 15, 0, tzinfo=UTC)  # 10:00 in Chicago: outside quiet hours
BODY = (
    "Willowmere Skin & Laser: reminder of your consultation Tue 3 Jun 10:00 AM CDT. "
    "Move or cancel: https://clinic.example/m/Ab3dE5fG7hQ Reply STOP to stop."
)


def cleanup() -> None:
    with transaction.atomic():
        Message.objects.filter(patient__email__endswith="@texts.bench.example").delete()
        Patient.objects.filter(email__endswith="@texts.bench.example").delete()


def due_texts(count: int) -> None:
    with transaction.atomic():
        patient = Patient.objects.create(
            first_name="Bench", last_name="Texts", email="p@texts.bench.example", phone="1"
        )
        Message.objects.bulk_create(
            (
                Message(
                    kind="appointment_reminder",
                    channel="sms",
                    patient=patient,
                    to=f"+1312{i:07d}",
                    text=BODY,
                    message_id=f"<bench-text-{i}@texts.bench.example>",
                    due_at=NOW,
                )
                for i in range(count)
            ),
            batch_size=2000,
        )


def plain_loop(base_url: str, count: int) -> float:
    """The ceiling: one kept-alive connection, a prepared form, nothing else."""
    url = f"{base_url}/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    began = time.perf_counter()
    with requests.Session() as session:
        session.auth = (ACCOUNT_SID, AUTH_TOKEN)
        for i in range(count):
            session.post(url, data={"To": f"+1773{i:07d}", "From": FROM_NUMBER, "Body": BODY})
    return time.perf_counter() - began


def main() -> None:
    port = int(os.environ.get("BENCH_FAKE_PORT", "18765"))
    fake = subprocess.Popen(
        [sys.executable, "-m", "tests.sms_fake", str(port)], stdout=subprocess.PIPE, text=True
    )
    base_url = fake.stdout.readline().strip()
    try:
        settings.SMS_BACKEND = "twilio"
        settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN = ACCOUNT_SID, AUTH_TOKEN
        settings.TWILIO_FROM, settings.TWILIO_API_BASE_URL = FROM_NUMBER, base_url
        settings.SITE_URL = "https://clinic.example"
        cleanup()
        baseline = plain_loop(base_url, COUNT)
        due_texts(COUNT)
        began = time.perf_counter()
        sweeps = 0
        while Message.objects.filter(
            patient__email__endswith="@texts.bench.example", status__in=["pending", "sending"]
        ).exists():
            messages_send_due(now=NOW)
            sweeps += 1
            if time.perf_counter() - began > 900:
                raise RuntimeError("texts still pending after 15 minutes")
        elapsed = time.perf_counter() - began
        numbers = requests.get(f"{base_url}/__sent", timeout=30).json()["to"]
        ours = Counter(n for n in numbers if n.startswith("+1312"))
        sent = Message.objects.filter(
            patient__email__endswith="@texts.bench.example", status="sent"
        ).count()
        result = {
            "count": COUNT,
            "plain_rate": COUNT / baseline,
            "sweep_rate": COUNT / elapsed,
            "delivered": sum(ours.values()),
            "distinct": len(ours),
            "duplicates": sum(n - 1 for n in ours.values() if n > 1),
            "marked_sent": sent,
            "sweeps": sweeps,
            "threads": settings.OUTBOX_SEND_THREADS,
            "segment_chars": len(BODY),
        }
        cleanup()
    finally:
        fake.terminate()
        fake.wait(timeout=10)
    print(json.dumps(result))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
