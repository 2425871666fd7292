from django.apps import AppConfig


class PhotosConfig(AppConfig):
    name = "photos"
    verbose_name = "Clinical photos"

    def ready(self) -> None:
        # Photos adds its panels to the staff pages, its part of a patient's data, and follows
        # a merge; bookings never imports photos.
        from . import patient_data, receivers, staff_panels  # noqa: F401
