"""Patients' phone numbers kept in E.164 (with any extension), as the forms now keep them; a
number that does not parse is left as it was typed, for the desk to correct."""

from django.db import migrations


def to_e164(apps, schema_editor):
    from bookings.models import phone_digits
    from bookings.phones import phone_normalize

    Patient = apps.get_model("bookings", "Patient")
    for patient in Patient.objects.exclude(phone="").only("pk", "phone").iterator():
        normalized = phone_normalize(patient.phone)
        if normalized and normalized != patient.phone:
            Patient.objects.filter(pk=patient.pk).update(
                phone=normalized, phone_digits=phone_digits(normalized)
            )


class Migration(migrations.Migration):
    dependencies = [("bookings", "0011_patient_pending_updates")]

    operations = [migrations.RunPython(to_e164, migrations.RunPython.noop)]
