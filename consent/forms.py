"""The form a patient fills and signs, built from the version they are shown."""

from django import forms

from bookings.models import Patient
from practice.forms import ErrorSummaryMixin

from .models import FormSubmission, FormVersion
from .rendering import ANSWERS, SKIN_RESPONSE_TYPE
from .services import NAME_NOT_THE_PATIENTS, ConsentError, Signature, signature_png_clean
from .signers import name_is_the_patients


class SignForm(ErrorSummaryMixin, forms.Form):
    # The patient signs, or someone signing for them says who they are to the patient.
    signer_relationship = forms.ChoiceField(
        label="I am signing as",
        choices=[
            ("", "The patient"),
            ("parent", "The patient's parent"),
            ("guardian", "The patient's legal guardian"),
            ("representative", "The patient's other legal representative"),
        ],
        widget=forms.RadioSelect,
        required=False,
        initial="",
    )
    typed_name = forms.CharField(
        label="Your full name",
        max_length=160,
        help_text="As on your ID.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    # The version the patient is reading: signing refuses a form updated meanwhile.
    version_shown = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The drawn signature, written by static/js/signature.js as a PNG data URL.
    signature = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500_000)
    typed_signature = forms.BooleanField(
        required=False,
        label="I cannot draw a signature here: my typed name above is my signature",
    )

    def __init__(
        self,
        *args,
        version: FormVersion,
        patient: Patient,
        prefill: dict | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.version = version
        self.patient = patient
        self.fields["version_shown"].initial = version.pk
        prefill = prefill or {}
        for question in version.questions:
            kind = question.get("kind", "text")
            initial = prefill.get(question["key"])
            if kind == "skin_type" and initial is None and "skin_response" in prefill:
                initial = SKIN_RESPONSE_TYPE.get(prefill["skin_response"])
            if kind == "text":
                field = forms.CharField(
                    label=question["label"],
                    required=False,
                    max_length=1000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
            else:
                field = forms.ChoiceField(
                    label=question["label"],
                    choices=ANSWERS[kind],
                    widget=forms.RadioSelect,
                    error_messages={"required": "Please choose an answer."},
                )
            field.initial = initial
            self.fields[f"q_{question['key']}"] = field
        if version.asks_photo_release:
            self.fields["photo_release"] = forms.ChoiceField(
                label="Photo consent (optional)",
                help_text=version.photo_release_text,
                choices=[("yes", "Yes, I agree"), ("no", "No, I do not agree")],
                widget=forms.RadioSelect,
                initial="no",
                # Optional: no answer is a no, and signing never waits for it.
                required=False,
            )
        # Name and signature last: the patient reads and answers, then signs.
        self.order_fields(
            [f"q_{q['key']}" for q in version.questions]
            + [
                "photo_release",
                "signer_relationship",
                "typed_name",
                "signature",
                "typed_signature",
                "version_shown",
            ]
        )

    def clean_typed_name(self) -> str:
        name = " ".join(self.cleaned_data["typed_name"].split())
        if len(name) < 2:
            raise forms.ValidationError("Please type your full name.")
        return name

    def clean(self):
        data = super().clean()
        if data.get("version_shown") != self.version.pk:
            # The page comes back with today's words; signing it again is signing those.
            self.data = self.data.copy()
            self.data[self.add_prefix("version_shown")] = self.version.pk
            raise forms.ValidationError(
                "This form was updated while it was open: please read it again and sign."
            )
        name = data.get("typed_name")
        if (
            name
            and not data.get("signer_relationship")
            and not name_is_the_patients(
                name, first_name=self.patient.first_name, last_name=self.patient.last_name
            )
        ):
            self.add_error("typed_name", NAME_NOT_THE_PATIENTS)
        drawn = data.get("signature", "")
        if drawn:
            try:
                data["signature_png"] = signature_png_clean(drawn)
            except ConsentError as error:
                self.add_error("signature", str(error))
        elif not data.get("typed_signature"):
            self.add_error(
                "signature",
                "Please sign in the box, or tick the box to use your typed name as your signature.",
            )
        return data

    def answers(self) -> dict:
        return {
            q["key"]: self.cleaned_data.get(f"q_{q['key']}", "") for q in self.version.questions
        }

    def photo_release(self) -> bool | None:
        if "photo_release" not in self.fields:
            return None
        return self.cleaned_data.get("photo_release") == "yes"

    def signature_given(self) -> Signature:
        png = self.cleaned_data.get("signature_png")
        return Signature(
            typed_name=self.cleaned_data["typed_name"],
            signed_with=FormSubmission.SignedWith.DRAWN if png else FormSubmission.SignedWith.TYPED,
            png=png,
            relationship=self.cleaned_data.get("signer_relationship", ""),
        )
