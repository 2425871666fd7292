"""The dashboard's message figures (sent today, failed, retrying) are right, and each is
counted from its own partial index rather than by reading every message row."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bookings.models import Patient
from outbox.models import Message
from tests.factories import BookingFactory, as_user

PARTIAL_INDEXES = {"message_sent_at", "message_failed", "message_retrying"}


@pytest.fixture
def messages(clinic):
    patient = Patient.objects.create(
        first_name="Ana", last_name="Patient", email="ana@example.com", phone="1"
    )
    start = timezone.now() + timedelta(days=3)
    booking = BookingFactory(
        appointment_type=clinic.consultation,
        treatment=clinic.halo,
        provider=clinic.dana,
        start=start,
        email=patient.email,
    )
    now = timezone.now()
    rows = [
        ("sent", 1, now),  # today
        ("sent", 1, now - timedelta(days=2)),  # another day
        ("failed", 5, None),
        ("failed", 5, None),
        ("pending", 2, None),  # being retried
        ("pending", 0, None),  # not tried yet
        ("cancelled", 0, None),
    ]
    Message.objects.bulk_create(
        Message(
            kind="appointment_reminder",
            patient=patient,
            booking=booking,
            to=patient.email,
            subject="Reminder",
            text="See you soon",
            message_id=f"<{i}@test>",
            due_at=now - timedelta(hours=i),
            status=status,
            attempts=attempts,
            sent_at=sent_at,
        )
        for i, (status, attempts, sent_at) in enumerate(rows)
    )


def test_the_dashboard_counts_sent_today_failed_and_retrying(client, manager, messages):
    html = as_user(client, manager).get(reverse("staff:dashboard")).content.decode()
    assert "Sent today: <strong>1</strong>" in html
    assert "Failed: <strong>2</strong>" in html
    assert "Retrying: <strong>1</strong>" in html


def test_each_message_figure_is_read_from_its_partial_index(client, manager, messages):
    with CaptureQueriesContext(connection) as queries:
        as_user(client, manager).get(reverse("staff:dashboard"))
    counts = [
        q["sql"] for q in queries if 'FROM "outbox_message"' in q["sql"] and "COUNT" in q["sql"]
    ]
    used = set()
    with connection.cursor() as cursor:
        # The test table is tiny: price out a full scan to see which index the query matches.
        cursor.execute("SET LOCAL enable_seqscan = off")
        for sql in counts:
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            used |= {name for name in PARTIAL_INDEXES if name in plan}
            assert "Seq Scan on outbox_message" not in plan, plan
    assert used == PARTIAL_INDEXES
