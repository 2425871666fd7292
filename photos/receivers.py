"""What photos does when bookings announce something."""

from django.dispatch import receiver

from bookings import signals

from . import services


@receiver(signals.patients_merged)
def on_patients_merged(sender, keep, merged, **kwargs) -> None:
    services.patient_photos_move(keep=keep, merged=merged)
