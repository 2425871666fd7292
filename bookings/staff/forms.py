from datetime import datetime, time

from django import forms

from treatments.models import Treatment

from ..models import AppointmentType, Patient, Provider, Weekday
from ..parsing import date_parse, start_parse
from ..selectors import clinic_zone


class ClinicDateField(forms.DateField):
    """A date the clinic could book or report on: within about two years of today."""

    widget = forms.DateInput(attrs={"type": "date"})

    def validate(self, value) -> None:
        super().validate(value)
        if value and date_parse(value.isoformat()) is None:
            raise forms.ValidationError("Choose a date within two years of today.")


class PatientSearchForm(forms.Form):
    q = forms.CharField(label="Find a patient", max_length=100, required=False,
                        help_text="Name, email or phone")  # fmt: skip


class NewPatientForm(forms.Form):
    first_name = forms.CharField(max_length=80)
    last_name = forms.CharField(max_length=80)
    email = forms.EmailField()
    phone = forms.CharField(max_length=30)
    consents_to_reminders = forms.BooleanField(required=False, label="Agrees to email reminders")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        existing = Patient.objects.filter(email__iexact=email).first()
        if existing:
            # Preventing duplicates: the desk picks the existing record instead.
            raise forms.ValidationError(
                f"{existing.full_name} already has this email. Search for them and book for "
                "that record instead."
            )
        return email


class PhoneBookingForm(forms.Form):
    """What, with whom and when. `start` is one of the free times offered; a manager may
    instead give a time outside working hours."""

    appointment_type = forms.ModelChoiceField(
        AppointmentType.objects.filter(is_active=True), label="Appointment"
    )
    treatment = forms.ModelChoiceField(
        Treatment.objects.all(), required=False, label="About (consultations)",
        help_text="For a treatment session the treatment comes with the appointment.",
    )  # fmt: skip
    provider = forms.ModelChoiceField(
        Provider.objects.filter(is_active=True), required=False, empty_label="Any provider",
        to_field_name="public_id",
    )  # fmt: skip
    date = ClinicDateField()
    start = forms.CharField(required=False, widget=forms.HiddenInput)
    outside_hours = forms.BooleanField(required=False, label="Book outside working hours")
    outside_time = forms.TimeField(
        required=False, label="Time (outside working hours)",
        widget=forms.TimeInput(attrs={"type": "time"}),
    )  # fmt: skip

    def __init__(self, *args, may_book_outside_hours: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_book_outside_hours = may_book_outside_hours
        if not may_book_outside_hours:
            del self.fields["outside_hours"]
            del self.fields["outside_time"]

    def clean(self):
        data = super().clean()
        kind = data.get("appointment_type")
        if kind is not None:
            if kind.kind == AppointmentType.Kind.TREATMENT:
                data["treatment"] = kind.treatment
            elif not data.get("treatment"):
                self.add_error("treatment", "Choose what the consultation is about.")
        if data.get("outside_hours"):
            if not data.get("provider"):
                self.add_error("provider", "Choose the provider for a booking outside hours.")
            if not data.get("outside_time"):
                self.add_error("outside_time", "Give the time.")
            elif data.get("date"):
                data["start_at"] = datetime.combine(
                    data["date"], data["outside_time"], tzinfo=clinic_zone()
                )
        else:
            data["start_at"] = start_parse(data.get("start"))
            if data["start_at"] is None:
                self.add_error(None, "Choose one of the free times.")
        return data


class StatusForm(forms.Form):
    to = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(required=False, max_length=300)


class CompleteForm(forms.Form):
    treated_areas = forms.CharField(max_length=300, help_text="e.g. full face, neck")
    settings_notes = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Settings notes",
        help_text="The provider's settings for this session. Never shown to the patient.",
    )  # fmt: skip


class NoteForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    is_clinical = forms.BooleanField(required=False, label="Clinical note (providers only)")


class TimeOffForm(forms.Form):
    provider = forms.ModelChoiceField(
        Provider.objects.filter(is_active=True), to_field_name="public_id"
    )
    date = ClinicDateField()
    start_time = forms.TimeField(initial=time(9), widget=forms.TimeInput(attrs={"type": "time"}))
    end_date = ClinicDateField(
        required=False, help_text="For time off over several days; empty for the same day."
    )
    end_time = forms.TimeField(initial=time(17), widget=forms.TimeInput(attrs={"type": "time"}))
    reason = forms.CharField(max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if all(data.get(k) for k in ("date", "start_time", "end_time")):
            zone = clinic_zone()
            data["start_at"] = datetime.combine(data["date"], data["start_time"], tzinfo=zone)
            end_day = data.get("end_date") or data["date"]
            data["end_at"] = datetime.combine(end_day, data["end_time"], tzinfo=zone)
            if data["end_at"] <= data["start_at"]:
                self.add_error("end_time", "The end must be after the start.")
        return data


class WorkingHoursForm(forms.Form):
    weekday = forms.TypedChoiceField(choices=Weekday.choices, coerce=int)
    start = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", "The end must be after the start.")
        return data


WorkingHoursFormSet = forms.formset_factory(WorkingHoursForm, extra=2, can_delete=True)


class DateRangeForm(forms.Form):
    start = ClinicDateField(label="From")
    end = ClinicDateField(label="To")

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end"):
            if data["end"] < data["start"]:
                self.add_error("end", "The end date must not be before the start.")
            elif (data["end"] - data["start"]).days > 366:
                self.add_error("end", "Export at most a year at a time.")
        return data
