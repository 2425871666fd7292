"""One code, typed in two tabs at once (or a double tap): the record changes once, with one
audit row and one word to the old address; the other confirm is told the code was used. The
row lock in contact_change_confirm settles it, on real concurrent connections."""

import re
import threading

import pytest
from django.db import connection

from bookings import services
from bookings.models import AuditEntry, Patient
from outbox.models import Message

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 6


def test_simultaneous_confirms_of_one_code_change_the_patient_once(patient):
    change = services.contact_change_start(
        patient=patient, kind="email", new_value="raced@example.org"
    )
    code = re.search(r"\b(\d{6})\b", Message.objects.get().text).group(1)
    barrier = threading.Barrier(RACERS)
    outcomes, lock = [], threading.Lock()

    def run() -> None:
        try:
            barrier.wait(timeout=30)
            result = services.contact_change_confirm(change=change, code=code)
        except Exception as error:
            result = error
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    changed = [o for o in outcomes if isinstance(o, Patient)]
    used = [o for o in outcomes if isinstance(o, services.ContactChangeError)]
    assert (len(changed), len(used)) == (1, RACERS - 1), outcomes
    assert {str(error) for error in used} == {"This code was already used: your email is changed."}
    assert Patient.objects.get(pk=patient.pk).email == "raced@example.org"
    assert AuditEntry.objects.filter(what="patient details (by the patient)").count() == 1
    assert Message.objects.filter(kind=Message.Kind.CONTACT_CHANGED).count() == 1
