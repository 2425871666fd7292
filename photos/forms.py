from django import forms

from bookings.models import Booking
from charting.models import Area

from . import images
from .models import Photo


class PhotoUploadForm(forms.Form):
    """One photo of a session: the file from the tablet's camera (or its library), which
    standard view, before or after, and the treated area if the session has several."""

    image = forms.FileField(
        label="Photo",
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
        help_text="JPEG, PNG, WebP or HEIC. Location and camera details are removed.",
    )
    view = forms.ChoiceField(label="View", choices=Photo.View.choices)
    phase = forms.ChoiceField(
        label="Before or after", choices=Photo.Phase.choices, widget=forms.RadioSelect
    )
    area = forms.ModelChoiceField(
        label="Area",
        queryset=Area.objects.filter(is_active=True),
        required=False,
        empty_label="(whole session)",
    )

    def clean_image(self) -> images.CleanPhoto:
        return images.photo_clean(self.cleaned_data["image"])


class ComparisonForm(forms.Form):
    """Which two sessions (and phases) to lay side by side, in which view and area."""

    first = forms.ModelChoiceField(label="Earlier session", queryset=Booking.objects.none())
    first_phase = forms.ChoiceField(label="Earlier: before or after", choices=Photo.Phase.choices)
    second = forms.ModelChoiceField(label="Later session", queryset=Booking.objects.none())
    second_phase = forms.ChoiceField(label="Later: before or after", choices=Photo.Phase.choices)
    view = forms.ChoiceField(label="View", choices=Photo.View.choices)
    area = forms.ModelChoiceField(
        label="Area",
        queryset=Area.objects.all(),
        required=False,
        empty_label="(whole session)",
    )

    def __init__(self, *args, sessions: list[Booking], **kwargs):
        super().__init__(*args, **kwargs)
        ids = [b.pk for b in sessions]
        for name in ("first", "second"):
            field = self.fields[name]
            field.queryset = Booking.objects.filter(pk__in=ids).order_by("start")
            field.to_field_name = "public_id"
            field.label_from_instance = _session_label
            field.choices = [(b.public_id, _session_label(b)) for b in sessions]


def _session_label(booking: Booking) -> str:
    from django.utils import timezone
    from django.utils.formats import date_format

    day = date_format(timezone.localtime(booking.start), "j M Y")
    return f"{day}, {booking.treatment.name}" if booking.treatment_id else day
