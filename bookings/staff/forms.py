from datetime import UTC, datetime, time

from django import forms
from django.utils import timezone

from treatments.models import OpeningHours, Treatment

from ..models import AppointmentType, Booking, Patient, Provider, Weekday
from ..parsing import date_parse, start_parse, uuid_parse
from ..phones import PhoneField
from ..selectors import clinic_zone


def local_moment(day, at: time):
    """`day` at `at` on the clinic's wall clock, or None for a time that does not exist there
    (the hour skipped when clocks go forward) or exists twice (the hour repeated in autumn):
    a person must choose a real, unambiguous time."""
    zone = clinic_zone()
    naive = datetime.combine(day, at)
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        return None
    round_trip = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    return first if round_trip == naive else None


def _clinic_closed_on(day) -> bool:
    """A day of the week the clinic has no opening hours on (when it has set any at all)."""
    hours = set(OpeningHours.objects.values_list("weekday", flat=True))
    return bool(hours) and day.weekday() not in hours


NO_SUCH_TIME = "That time does not exist on that day: the clocks change then. Choose another time."


class ClinicDateField(forms.DateField):
    """A date the clinic could book or report on: within about two years of today."""

    # ISO always: a date input's value is ISO in every browser, and a localised format (Spanish
    # is coming: 9/12/2026) posted back would be read as another day or refused.
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def validate(self, value) -> None:
        super().validate(value)
        if value and date_parse(value.isoformat()) is None:
            raise forms.ValidationError("Choose a date within two years of today.")


class PatientSearchForm(forms.Form):
    q = forms.CharField(
        label="Find a patient", max_length=100, required=False, help_text="Name, email or phone"
    )


class NewBookingQueryForm(forms.Form):
    """What the new-booking page was opened with (a clicked grid cell, a search, a patient),
    read from the query string and checked; anything odd is simply not used."""

    q = forms.CharField(max_length=100, required=False)
    patient = forms.UUIDField(required=False)
    provider = forms.UUIDField(required=False)
    date = forms.DateField(required=False)
    start = forms.CharField(max_length=64, required=False)

    def clean(self):
        data = super().clean()
        data["start_at"] = start_parse(data.get("start"))
        if data.get("date") and date_parse(data["date"].isoformat()) is None:
            data["date"] = None
        return data

    def value(self, name: str):
        if not self.is_bound:
            return None
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get(name)


class NewPatientForm(forms.Form):
    first_name = forms.CharField(max_length=80)
    last_name = forms.CharField(max_length=80)
    email = forms.EmailField()
    phone = PhoneField()
    same_person_checked = forms.BooleanField(
        required=False,
        label="I checked: this is a different person from the similar record above",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.likely_duplicates: list[Patient] = []

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

    def clean(self):
        from ..services import patient_duplicates_likely

        data = super().clean()
        if data.get("first_name") and data.get("last_name") and data.get("phone"):
            self.likely_duplicates = patient_duplicates_likely(
                first_name=data["first_name"], last_name=data["last_name"], phone=data["phone"]
            )
            if self.likely_duplicates and not data.get("same_person_checked"):
                match = self.likely_duplicates[0]
                raise forms.ValidationError(
                    f"{match.full_name} ({match.phone_display}, {match.email}) is already a "
                    "patient. "
                    "Book for that record, or tick the box if this is someone else."
                )
        return data


class PatientDetailsForm(forms.ModelForm):
    """The desk corrects a patient's contact details or date of birth."""

    phone = PhoneField()

    class Meta:
        model = Patient
        fields = ["first_name", "last_name", "email", "phone", "date_of_birth", "preferred_contact"]
        widgets = {"date_of_birth": forms.DateInput(attrs={"type": "date"})}

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if Patient.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("Another patient already has this email.")
        return email

    def clean_date_of_birth(self):
        born = self.cleaned_data.get("date_of_birth")
        if born and not (timezone.localdate().year - 130 < born.year <= timezone.localdate().year):
            raise forms.ValidationError("Give a real date of birth.")
        if born and born > timezone.localdate():
            raise forms.ValidationError("The date of birth cannot be in the future.")
        return born


BROKEN_RECORD_LINK = "That link to a record is broken. Search for the duplicate again."


class PatientMergeQueryForm(forms.Form):
    """What the merge page was opened with: a search for the duplicate, or the record picked
    from its results (by the link, never typed)."""

    q = forms.CharField(
        label="Find the duplicate record",
        max_length=100,
        required=False,
        help_text="Name, email or phone, as for any patient search",
    )
    duplicate = forms.UUIDField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": BROKEN_RECORD_LINK},
    )


class PatientMergeForm(forms.Form):
    """The confirmation: the record picked (from the comparison above it) is merged into the
    one whose page this is."""

    duplicate = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"invalid": BROKEN_RECORD_LINK, "required": BROKEN_RECORD_LINK},
    )
    confirm = forms.BooleanField(
        label="I compared them: these two records are the same person",
        error_messages={"required": "Tick the box once you are sure they are one person."},
    )


class PhoneBookingForm(forms.Form):
    """What, with whom and when. `start` is one of the free times offered; a manager may
    instead give a time outside working hours."""

    appointment_type = forms.ModelChoiceField(
        AppointmentType.objects.filter(is_active=True), label="Appointment"
    )
    treatment = forms.ModelChoiceField(
        Treatment.objects.all(),
        required=False,
        label="About (consultations)",
        help_text="For a treatment session the treatment comes with the appointment.",
    )
    provider = forms.ModelChoiceField(
        Provider.objects.filter(is_active=True),
        required=False,
        empty_label="Any provider",
        to_field_name="public_id",
    )
    date = ClinicDateField()
    start = forms.CharField(required=False, widget=forms.HiddenInput)
    outside_hours = forms.BooleanField(required=False, label="Book outside working hours")
    outside_time = forms.TimeField(
        required=False,
        label="Time (outside working hours)",
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    closed_day_ok = forms.BooleanField(
        required=False, label="Book it although the clinic is closed that day"
    )

    def __init__(self, *args, may_book_outside_hours: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_book_outside_hours = may_book_outside_hours
        if not may_book_outside_hours:
            del self.fields["outside_hours"]
            del self.fields["outside_time"]
            del self.fields["closed_day_ok"]

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
                data["start_at"] = local_moment(data["date"], data["outside_time"])
                if data["start_at"] is None:
                    self.add_error("outside_time", NO_SUCH_TIME)
                elif data["start_at"] <= timezone.now():
                    self.add_error("outside_time", "That time has passed.")
                elif not data.get("closed_day_ok") and _clinic_closed_on(data["date"]):
                    self.add_error(
                        "closed_day_ok",
                        f"The clinic is closed on {data['date']:%A}s: nobody is at the desk to "
                        "let the patient in. Tick the box to book it anyway.",
                    )
        else:
            data["start_at"] = start_parse(data.get("start"))
            if data["start_at"] is None:
                self.add_error(None, "Choose one of the free times.")
        return data


class StatusForm(forms.Form):
    to = forms.ChoiceField(choices=Booking.Status.choices, widget=forms.HiddenInput)
    reason = forms.CharField(required=False, max_length=300)
    confirm = forms.BooleanField(required=False)

    def clean(self):
        data = super().clean()
        if data.get("to") == Booking.Status.NO_SHOW and not data.get("confirm"):
            self.add_error("confirm", "Tick the box to confirm the patient did not come.")
        if data.get("to") == Booking.Status.CANCELLED and not data.get("reason", "").strip():
            self.add_error("reason", "Give a reason for the cancellation.")
        return data


class RevertForm(forms.Form):
    reason = forms.CharField(max_length=300, label="Why it was wrong")


class MoveForm(forms.Form):
    """The reschedule page: a day, and the provider (the booking's own unless the user picks
    another, or "any provider")."""

    ANY = "any"

    date = forms.DateField(required=False)
    provider = forms.ChoiceField(required=False)
    start = forms.CharField(max_length=64, required=False)

    def __init__(self, *args, booking: Booking, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.booking = booking
        self.providers = {str(p.public_id): p for p in providers}
        self.fields["provider"].choices = [
            (self.ANY, "Any provider"),
            *((key, p.display_name) for key, p in self.providers.items()),
        ]

    def clean_provider(self) -> Provider | None:
        value = self.cleaned_data.get("provider")
        if not value:
            # Unless the user picks someone else, the patient keeps their provider.
            return (
                self.booking.provider
                if str(self.booking.provider.public_id) in (self.providers)
                else None
            )
        return None if value == self.ANY else self.providers[value]

    def clean(self):
        data = super().clean()
        data["start_at"] = start_parse(data.get("start"))
        if data.get("date") and date_parse(data["date"].isoformat()) is None:
            self.add_error("date", "Choose a date within two years of today.")
        return data


_SHOWN_MISSING = "Say where the grid showed the booking, so a changed booking is not moved."


class GridMoveForm(forms.Form):
    """A booking dropped on the day grid (static/js/grid-drag.js): the new start, as an ISO
    moment with its offset, and the provider whose column it landed in; and where the grid
    showed it, so a booking changed since the page was drawn is not moved from a stale view.
    Providers are the move page's: those who perform the booking's treatment."""

    start = forms.CharField(
        max_length=64, error_messages={"required": "Say when to move the booking to."}
    )
    provider = forms.CharField(
        max_length=64, error_messages={"required": "Say which provider's column it went to."}
    )
    shown_start = forms.CharField(max_length=64, error_messages={"required": _SHOWN_MISSING})
    shown_provider = forms.CharField(max_length=64, error_messages={"required": _SHOWN_MISSING})

    # The code of the error that answers 409 (the booking changed) rather than 400.
    CHANGED = "changed"

    def __init__(self, *args, booking: Booking, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.booking = booking
        self.providers = {p.public_id: p for p in providers}

    def clean_start(self) -> datetime:
        start = start_parse(self.cleaned_data["start"])
        if start is None:
            raise forms.ValidationError(
                "The new time could not be read: a date and time with its offset is needed."
            )
        # The move page only offers times to come; a time dropped in the past is a slip.
        if start <= timezone.now():
            raise forms.ValidationError("That time has passed; choose a time still to come.")
        return start

    def clean_provider(self) -> Provider:
        public_id = uuid_parse(self.cleaned_data["provider"])
        if public_id in self.providers:
            return self.providers[public_id]
        other = Provider.objects.filter(public_id=public_id, is_active=True).first()
        if other is None:
            raise forms.ValidationError("There is no such provider.")
        raise forms.ValidationError(
            f"{other.display_name} does not perform {self.booking.treatment.name}."
        )

    def clean(self):
        data = super().clean()
        if "shown_start" not in data or "shown_provider" not in data:
            return data
        # A friendly check, not a lock: booking_reschedule locks the row and checks every rule
        # against the booking as it is then; this only stops a move made from a stale grid.
        shown = start_parse(data["shown_start"])
        if shown != self.booking.start or data["shown_provider"] != str(
            self.booking.provider.public_id
        ):
            local = self.booking.start.astimezone(clinic_zone())
            raise forms.ValidationError(
                f"{self.booking.patient.full_name}'s booking changed since this page was "
                f"drawn: it is now at {local:%-I:%M %p on %a %-d %b} with "
                f"{self.booking.provider.display_name}.",
                code=self.CHANGED,
            )
        return data


class CompleteForm(forms.Form):
    treated_areas = forms.CharField(max_length=300, help_text="e.g. full face, neck")
    settings_notes = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Settings notes",
        help_text="The provider's settings for this session. Never shown to the patient.",
    )
    # Only a manager's is heard (access.may_complete_unsigned); the page shows it to them.
    override_reason = forms.CharField(
        required=False,
        max_length=300,
        label="Reason to complete without signed consent",
        help_text="Managers only, if the consent is not signed here (signed on paper, say).",
    )

    def __init__(self, *args, may_override: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_override:
            del self.fields["override_reason"]


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
            end_day = data.get("end_date") or data["date"]
            data["start_at"] = local_moment(data["date"], data["start_time"])
            data["end_at"] = local_moment(end_day, data["end_time"])
            if data["start_at"] is None:
                self.add_error("start_time", NO_SUCH_TIME)
            elif data["end_at"] is None:
                self.add_error("end_time", NO_SUCH_TIME)
            elif data["end_at"] <= data["start_at"]:
                self.add_error("end_time", "The end must be after the start.")
        return data

    @classmethod
    def initial_from(cls, time_off) -> dict:
        zone = clinic_zone()
        start, end = time_off.start.astimezone(zone), time_off.end.astimezone(zone)
        return {
            "provider": time_off.provider,
            "date": start.date(),
            "start_time": start.time(),
            "end_date": end.date() if end.date() != start.date() else None,
            "end_time": end.time(),
            "reason": time_off.reason,
        }


class WorkingHoursForm(forms.Form):
    weekday = forms.TypedChoiceField(
        choices=[("", "Choose a day"), *Weekday.choices], coerce=int, empty_value=None
    )
    start = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", "The end must be after the start.")
        return data


class WorkingHoursBaseFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        # A formset that claims fewer rows than zero, or thousands, is not a week's hours.
        total = self.management_form.cleaned_data.get("TOTAL_FORMS", 0)
        if not 0 <= total <= self.max_num:
            raise forms.ValidationError("That is not a week's hours; reload the page.")


# Extra rows start blank and stay optional: a blank row is simply no range (empty_permitted),
# so the page saves unchanged. Weekday has no default, so a blank row is never "Monday".
WorkingHoursFormSet = forms.formset_factory(
    WorkingHoursForm,
    formset=WorkingHoursBaseFormSet,
    extra=2,
    can_delete=True,
    max_num=50,
    validate_max=True,
    absolute_max=50,
)


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


class DayQueryForm(forms.Form):
    """?date= on a page that opens at a day; an odd value is simply not used."""

    date = forms.DateField(required=False)

    def day(self):
        if not self.is_valid() or not self.cleaned_data["date"]:
            return None
        return date_parse(self.cleaned_data["date"].isoformat())


class PatientEraseForm(forms.Form):
    confirmed = forms.BooleanField(
        label="The patient asked for this, and I checked it is them",
        error_messages={"required": "Tick the box to confirm the patient asked for this."},
    )


class PatientUpdateForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "Accept"), ("dismiss", "Set aside")])
    # Pressed on a booking's page: go back there.
    from_booking = forms.UUIDField(required=False)
