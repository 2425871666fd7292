"""The sweep's sender pool: each thread sends every message it takes with sessions of its own,
every message handed over is sent once and counted, and when the sweep ends every session a
thread opened (mail, SMS, database) is closed."""

import threading
import time

import pytest
from django.core import mail
from django.db import connection

import outbox.sending as sending
from bookings.models import Patient
from outbox.models import Message
from outbox.sending import messages_send_due
from outbox.services import message_queue
from tests.factories import MONDAY

THREADS = 3


def _backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_pool_of_senders_sends_each_message_once_and_closes_all_it_opened(
    clinic, settings, monkeypatch
):
    settings.OUTBOX_SEND_THREADS = THREADS
    patient = Patient.objects.create(
        first_name="Ana", last_name="P", email="ana@example.com", phone="3125550111"
    )
    for n in range(20):
        message_queue(
            kind=Message.Kind.CARE_TIP,
            to="ana@example.com",
            subject=f"Tip {n}",
            text="Wear sunscreen today.",
            patient=patient,
            due_at=MONDAY,
            wake=False,
        )
    opened, closed, threads = [], [], set()
    real_init, real_close, real_send = (
        sending.Senders.__init__,
        sending.Senders.close,
        sending.Senders.send,
    )

    def counted_init(self):
        real_init(self)
        opened.append(self)

    def counted_close(self):
        closed.append(self)
        real_close(self)

    def counted_send(self, message):
        threads.add(threading.get_ident())
        return real_send(self, message)

    monkeypatch.setattr(sending.Senders, "__init__", counted_init)
    monkeypatch.setattr(sending.Senders, "close", counted_close)
    monkeypatch.setattr(sending.Senders, "send", counted_send)
    before = _backends()

    result = messages_send_due(now=MONDAY, batch_size=5)

    assert result.sent == 20
    assert sorted(m.subject for m in mail.outbox) == sorted(f"Tip {n}" for n in range(20))
    assert threading.get_ident() not in threads  # sent by the pool, not the sweep's thread
    assert 1 <= len(opened) <= THREADS
    assert sorted(map(id, closed)) == sorted(map(id, opened))
    # Every thread's database connection is closed again (a server process takes a moment to
    # go once its client has said goodbye).
    deadline = time.monotonic() + 30
    while _backends() > before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _backends() == before


@pytest.mark.django_db(transaction=True)
def test_a_pool_whose_senders_cannot_start_ends_the_sweep_and_loses_no_message(
    clinic, settings, monkeypatch
):
    settings.OUTBOX_SEND_THREADS = THREADS
    patient = Patient.objects.create(
        first_name="Ana", last_name="P", email="ana@example.com", phone="3125550111"
    )
    for n in range(20):
        message_queue(
            kind=Message.Kind.CARE_TIP,
            to="ana@example.com",
            subject=f"Tip {n}",
            text="Wear sunscreen today.",
            patient=patient,
            due_at=MONDAY,
            wake=False,
        )

    def broken(self):
        # Late, as a mail server that does not answer: by then the sweep has handed over
        # every message it has a slot for and waits for a slot to come back.
        time.sleep(1)
        raise RuntimeError("no mail connection can be made")

    monkeypatch.setattr(sending.Senders, "__init__", broken)
    ended = []

    def sweep():
        try:
            messages_send_due(now=MONDAY, batch_size=5)
        except Exception as error:  # the broken pool may end the sweep with an error
            ended.append(error)
        else:
            ended.append(None)
        finally:
            connection.close()

    runner = threading.Thread(target=sweep, daemon=True)
    runner.start()
    runner.join(timeout=120)  # a deadline for a hang, not a measure of speed
    assert ended, "the sweep never ended: it waited for a sender that could not start"
    assert not mail.outbox
    # Claimed and unsent: left for the stale release, never lost, never marked sent.
    statuses = set(Message.objects.values_list("status", flat=True))
    assert statuses <= {Message.Status.PENDING, Message.Status.SENDING}
