"""Charting's part in bookings' pages and registries: the completion form starts with the
chart's treated areas, the patient's data export holds their charts and addenda, erasure
keeps them (clinical records), and a merge of two records carries the charts along."""

from datetime import timedelta

import pytest
import time_machine

from bookings.services import patient_erase, patient_export, patient_merge
from bookings.staff import panels
from charting import services
from charting.models import Chart
from tests.factories import FIRST_SESSION, PatientFactory, chart_details

pytestmark = pytest.mark.django_db


def test_the_completion_form_starts_with_the_charts_treated_areas(
    provider_dana, next_session, halo_device, areas
):
    assert panels.completion_initial(next_session) == {}
    services.chart_save(
        booking=next_session, actor=provider_dana, details=chart_details(halo_device, areas[:2])
    )
    assert panels.completion_initial(next_session) == {"treated_areas": "Full face, Neck"}


def test_the_patients_data_export_holds_their_charts_and_addenda(manager, signed_chart):
    services.addendum_add(booking=signed_chart.booking, actor=manager, text="Reviewed.")
    data = patient_export(actor=manager, patient=signed_chart.booking.patient)
    (chart,) = data["charts"]
    assert chart["areas"][0] == {
        "area": "Full face",
        "settings": {"Ablative coverage": "20 %", "Passes": "4"},
    }
    assert chart["addenda"][0]["text"] == "Reviewed."


def test_erasure_keeps_the_clinical_record(manager, signed_chart):
    # Erasure waits until no booking is ahead: the day after the session.
    with time_machine.travel(FIRST_SESSION + timedelta(days=1)):
        patient_erase(actor=manager, patient=signed_chart.booking.patient)
    assert Chart.objects.get(pk=signed_chart.pk).signed_off_at is not None


def test_a_merge_moves_the_charts_with_the_bookings(manager, signed_chart):
    keep = PatientFactory()
    patient_merge(actor=manager, keep=keep, merge=signed_chart.booking.patient)
    assert Chart.objects.filter(booking__patient=keep).count() == 1
