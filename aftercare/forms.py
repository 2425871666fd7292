"""Input of aftercare's pages: a patient's concern, and the clinic's answer to it."""

from django import forms

from .models import Concern
from .photos import photo_clean


class ConcernForm(forms.Form):
    text = forms.CharField(
        max_length=2000,
        label="Tell us what you've noticed",
        help_text="Where, since when, and whether it's getting better or worse.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Please tell us in a few words what you've noticed."},
    )
    urgency = forms.ChoiceField(
        choices=Concern.Urgency.choices,
        initial=Concern.Urgency.WORRIED,
        widget=forms.RadioSelect,
        label="How soon do you need us?",
    )
    photo = forms.FileField(
        required=False,
        label="Add a photo (optional)",
        help_text="Only the clinic's staff can see it.",
        # No `capture`: it opens the rear camera only, and a patient photographs her own face
        # (the front camera) or picks a photo she already took; without it the phone offers
        # camera, either lens, and gallery.
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Please tell us in a few words what you've noticed.")
        return text

    def clean_photo(self) -> bytes | None:
        upload = self.cleaned_data.get("photo")
        return photo_clean(upload) if upload else None


class ConcernHandleForm(forms.Form):
    note = forms.CharField(
        max_length=2000,
        label="What you told the patient or did",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    is_reply = forms.TypedChoiceField(
        choices=[
            ("1", "A reply: the patient sees it on their aftercare page"),
            ("", "A note for the record only (e.g. called back, all normal)"),
        ],
        coerce=bool,
        empty_value=False,
        initial="",
        required=False,
        widget=forms.RadioSelect,
        label="Is this",
    )


class TimelineDayForm(forms.Form):
    """?day= on the timeline: an odd value simply shows today."""

    day = forms.IntegerField(required=False, min_value=-400, max_value=4000)
