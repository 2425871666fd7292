from datetime import date

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout
from django import forms

from practice.forms import ErrorSummaryMixin

from . import preferences, screening
from .email_typos import email_suggestion
from .models import ContactChange, Patient, Provider
from .phones import PhoneField, phone_can_text
from .services import PatientDetails


class ProviderChoiceForm(forms.Form):
    provider = forms.ModelChoiceField(
        queryset=Provider.objects.none(),
        required=False,
        empty_label="Any provider",
        to_field_name="public_id",
        label="Who would you like to see?",
    )

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        self.fields["provider"].widget.attrs["class"] = "form-select"


def _radio(choices, label):
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, label=label)


class BookingDetailsForm(ErrorSummaryMixin, forms.Form):
    first_name = forms.CharField(max_length=80, label="First name")
    last_name = forms.CharField(max_length=80, label="Last name")
    email = forms.EmailField(
        label="Email", help_text="Your confirmation and calendar file go here."
    )
    phone = PhoneField(label="Mobile phone")
    date_of_birth = forms.DateField(
        required=False,
        label="Date of birth (optional)",
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}),
    )
    message_channel = forms.ChoiceField(
        choices=Patient.Channel.choices,
        initial=Patient.Channel.EMAIL,
        required=False,  # nothing chosen: email, as the field starts
        widget=forms.RadioSelect,
        label="How should we send your confirmation and reminders?",
        help_text="Texts go to the mobile number above; reply STOP to end them at any time.",
    )

    medicated_products = _radio(screening.YES_NO_UNSURE, screening.QUESTIONS["medicated_products"])
    cold_sores = _radio(screening.YES_NO_UNSURE, screening.QUESTIONS["cold_sores"])
    active_acne = _radio(screening.YES_NO, screening.QUESTIONS["active_acne"])
    skin_response = forms.ChoiceField(
        choices=[("", "Choose one"), *screening.SKIN_RESPONSES],
        label=screening.QUESTIONS["skin_response"],
    )
    pregnant = _radio(
        [*screening.YES_NO, (screening.PREFER_NOT, "Prefer not to say")],
        screening.QUESTIONS["pregnant"],
    )
    recent_sun = _radio(screening.YES_NO, screening.QUESTIONS["recent_sun"])
    hopes = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=screening.QUESTIONS["hopes"],
        help_text="Optional. A sentence or two is plenty.",
    )
    # Set when we asked "did you mean ...?": the same address sent again is taken as meant.
    email_checked = forms.CharField(required=False, max_length=254, widget=forms.HiddenInput)
    # A field people never see: bots that fill in every input give themselves away.
    website = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    SCREENING_FIELDS = list(screening.QUESTIONS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "Use ana@gmail.com": the one-tap answer to "did you mean ...?" sends the form with
        # the suggestion in place of what was typed. Only the suggestion for what was typed
        # is taken, never an address the button could be made to carry.
        self.email_suggested = ""
        use = self.data.get("email_use") if self.is_bound else None
        if use and use == email_suggestion(self.data.get("email", "").strip()):
            self.data = self.data.copy()
            self.data["email"] = use
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(
                "Your details",
                Div(
                    Div("first_name", css_class="col-sm-6"),
                    Div("last_name", css_class="col-sm-6"),
                    css_class="row",
                ),
                Field("email", autocomplete="email"),
                HTML(
                    "{% if form.email_suggested %}"
                    '<p class="email-fix"><button class="btn btn-outline-dark" type="submit" '
                    'name="email_use" value="{{ form.email_suggested }}">Use '
                    "{{ form.email_suggested }}</button></p>"
                    "{% endif %}"
                ),
                Field("phone", autocomplete="tel", inputmode="tel"),
                "date_of_birth",
                "message_channel",
                HTML(
                    '<p class="form-text">We send your confirmation, a reminder before your '
                    "appointment and care tips before and after a treatment. Every message has "
                    "a link to choose which of these you get.</p>"
                ),
            ),
            Fieldset(
                "A few questions for your provider",
                HTML(
                    '<p class="text-body-secondary">Your answers help your provider prepare. '
                    "They never stop you booking, and they are never put in an email.</p>"
                ),
                *self.SCREENING_FIELDS,
            ),
            Div("website", css_class="visually-hidden", aria_hidden="true"),
            "email_checked",
        )
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"

    def clean_date_of_birth(self):
        born = self.cleaned_data.get("date_of_birth")
        if born and not date(1900, 1, 1) <= born <= date.today():
            raise forms.ValidationError("Enter your date of birth (it can't be in the future).")
        return born

    def clean_message_channel(self) -> str:
        return self.cleaned_data.get("message_channel") or Patient.Channel.EMAIL

    def clean(self):
        data = super().clean()
        email = data.get("email")
        suggestion = email_suggestion(email) if email else None
        if suggestion and data.get("email_checked") != email:
            self.add_error(
                "email",
                f"Did you mean {suggestion}? If {email} is right, just send the form again.",
            )
            self.email_suggested = suggestion
            # Sent again unchanged, the address is taken as meant.
            self.data = self.data.copy()
            self.data["email_checked"] = email
        texts = data.get("message_channel") in (Patient.Channel.SMS, Patient.Channel.BOTH)
        if texts and data.get("phone") and not phone_can_text(data["phone"]):
            self.add_error(
                "message_channel",
                "We can't send texts to that number. Give a mobile number, or choose email.",
            )
        # The hidden `website` filled in gives a bot away. Refused once the rest is valid,
        # so a form with mistakes comes back with those alone.
        if self.is_bot and not self.errors:
            raise forms.ValidationError("We could not take this booking. Please call us to book.")
        return data

    def clean_first_name(self) -> str:
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self) -> str:
        return self.cleaned_data["last_name"].strip()

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def patient_details(self) -> PatientDetails:
        data = self.cleaned_data
        return PatientDetails(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            phone=data["phone"],
            message_channel=data["message_channel"],
            preferred_contact=(
                Patient.Contact.SMS
                if data["message_channel"] == Patient.Channel.SMS
                else Patient.Contact.EMAIL
            ),
            date_of_birth=data.get("date_of_birth"),
        )

    def intake_answers(self) -> dict:
        return {key: self.cleaned_data.get(key, "") for key in self.SCREENING_FIELDS}


class CancelForm(forms.Form):
    reason = forms.CharField(
        required=False,
        max_length=300,
        label="Reason (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MessagePreferencesForm(forms.Form):
    """Which kinds of care message a patient gets, and how: on the patient's own page and the
    desk's."""

    message_channel = forms.ChoiceField(
        choices=Patient.Channel.choices,
        required=False,  # not sent: unchanged
        widget=forms.RadioSelect,
        label="Send care messages by",
        help_text="Texts go to the mobile number on file; a STOP reply to any text ends them.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in preferences.KINDS:
            self.fields[kind.field] = forms.BooleanField(
                required=False, label=kind.label, help_text=kind.explains
            )

    def clean_message_channel(self) -> str | None:
        return self.cleaned_data.get("message_channel") or None

    @classmethod
    def for_patient(cls, patient, data=None):
        initial = {
            kind.field: preferences.patient_wants(patient, kind) for kind in preferences.KINDS
        }
        initial["message_channel"] = patient.message_channel
        return cls(data, initial=initial)


class ContactChangeForm(forms.Form):
    """A new email or mobile number, typed on the manage page. The form only reads it: what
    it must be (an email, a textable number, nobody else's) is the contact service's to say.
    One form per kind on the page, told apart by their prefix ("email-", "phone-")."""

    WIDGETS = {
        ContactChange.Kind.EMAIL: ("New email", {"type": "email", "autocomplete": "email"}),
        ContactChange.Kind.PHONE: ("New mobile number", {"type": "tel", "autocomplete": "tel"}),
    }

    new_value = forms.CharField(max_length=254)

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, prefix=kind, **kwargs)
        self.kind = kind
        label, attrs = self.WIDGETS[kind]
        self.fields["new_value"].label = label
        self.fields["new_value"].widget.attrs.update(attrs)


class ContactCodeForm(forms.Form):
    code = forms.CharField(
        max_length=20,
        label="The 6-digit code",
        # Phones offer the code from the message they just received, with a number pad.
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
