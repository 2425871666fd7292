"""Who works when, what can be booked, and the bookings themselves.

The rule that matters most, no two live bookings of one provider or one device overlapping,
is kept by the database: PostgreSQL exclusion constraints (migration 0002) and, on the
embedded SQLite default, write transactions that take the lock up front (settings.py).
"""

import secrets
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Lower, Upper
from django.utils import timezone

from treatments import images
from treatments.models import Treatment, Weekday

# No appointment, with its buffer, holds a provider or a device longer than this (a database
# constraint says so), so "bookings overlapping a window" can bound its start from below too
# instead of reading every booking since the clinic opened.
MAX_BOOKING_SPAN = timedelta(hours=12)


def _calendar_uid() -> str:
    """A globally unique iCalendar UID on the clinic's own domain (RFC 5545 3.8.4.7)."""
    return f"booking-{uuid.uuid4()}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}"


def _manage_token() -> str:
    return secrets.token_urlsafe(24)


def patient_whole_name() -> models.Func:
    """first_name || ' ' || last_name, as the patient search asks it and its trigram index
    (patient_name_trgm) stores it. Written with ||, not Concat: Django compiles Concat
    differently in an index (every part in COALESCE) and in a query, and PostgreSQL uses an
    expression index only for the very same expression. Both names are NOT NULL."""
    return models.Func(
        models.F("first_name"),
        models.Value(" "),
        models.F("last_name"),
        template="(%(expressions)s)",
        arg_joiner=" || ",
        output_field=models.TextField(),
    )


class Provider(models.Model):
    """A member of staff who sees patients: a laser technician, an aesthetician, a surgeon."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="provider",
        null=True,
        blank=True,
    )
    display_name = models.CharField(max_length=120)
    title = models.CharField(max_length=120, blank=True, help_text="e.g. Medical laser technician")
    treatments = models.ManyToManyField(Treatment, related_name="providers", blank=True)
    is_active = models.BooleanField("active", default=True)
    position = models.PositiveSmallIntegerField(default=0)
    photo = images.PublicImageField(
        upload_to=images.provider_photo_path,
        validators=[images.public_image_validate],
        width_field="photo_width",
        height_field="photo_height",
        blank=True,
        max_length=200,
        help_text="A portrait for the home page (square, at least 480 px). Until one is "
        "uploaded the page shows the provider's initials.",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    on_home_page = models.BooleanField(
        "on the home page", default=True, help_text="Introduce this provider on the home page."
    )

    class Meta:
        ordering = ["position", "display_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def photo_picture(self) -> images.Picture | None:
        return images.picture_of(self.photo, width=self.photo_width, height=self.photo_height)

    @property
    def initials(self) -> str:
        return "".join(word[0] for word in self.display_name.split()[:2]).upper()


class WorkingHours(models.Model):
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="working_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start = models.TimeField()
    end = models.TimeField()

    class Meta:
        ordering = ["provider", "weekday", "start"]
        verbose_name_plural = "working hours"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="working_hours_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider}: {self.get_weekday_display()} {self.start:%H:%M}-{self.end:%H:%M}"


class TimeOff(models.Model):
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="time_off")
    start = models.DateTimeField()
    end = models.DateTimeField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["start"]
        verbose_name_plural = "time off"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="time_off_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider}: {self.start:%Y-%m-%d %H:%M} to {self.end:%Y-%m-%d %H:%M}"


class Closure(models.Model):
    """A day the whole clinic is closed (a holiday), or closes early: set once, and every
    provider's free times, the staff grid and the next-session booking honour it."""

    day = models.DateField(unique=True)
    closes_at = models.TimeField(
        null=True,
        blank=True,
        help_text="Empty: closed all day. A time: open in the morning, closed from then on.",
    )
    reason = models.CharField(max_length=120, help_text="e.g. Thanksgiving")

    class Meta:
        ordering = ["day"]

    def __str__(self) -> str:
        if self.closes_at:
            return f"{self.day:%Y-%m-%d}: closes at {self.closes_at:%H:%M} ({self.reason})"
        return f"{self.day:%Y-%m-%d}: closed ({self.reason})"


class Resource(models.Model):
    """A room or a device that only one booking can hold at a time (the HALO laser)."""

    name = models.CharField(max_length=120, unique=True)
    is_active = models.BooleanField("active", default=True)

    def __str__(self) -> str:
        return self.name


class AppointmentType(models.Model):
    class Kind(models.TextChoices):
        CONSULTATION = "consultation", "Consultation"
        TREATMENT = "treatment", "Treatment session"

    name = models.CharField(max_length=120)
    slug = models.SlugField(unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    treatment = models.ForeignKey(
        Treatment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointment_types",
        help_text="The treatment a session is of. Empty for a consultation, which is about "
        "whichever treatment the patient chooses.",
    )
    resource = models.ForeignKey(
        Resource,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointment_types",
        help_text="A device or room the appointment holds for its whole length.",
    )
    duration_minutes = models.PositiveSmallIntegerField()
    buffer_after_minutes = models.PositiveSmallIntegerField(
        default=0, help_text="Time kept free after it (cleaning, notes); not shown to patients."
    )
    is_bookable_online = models.BooleanField("bookable online", default=False)
    min_notice_minutes = models.PositiveIntegerField(
        default=120, help_text="How soon before its start it may be booked online."
    )
    horizon_days = models.PositiveSmallIntegerField(
        default=60, help_text="How many days ahead it may be booked online."
    )
    is_active = models.BooleanField("active", default=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gt=0), name="appointment_type_has_a_length"
            ),
            # MAX_BOOKING_SPAN, in minutes: what lets overlap queries bound a booking's start.
            models.CheckConstraint(
                condition=models.Q(duration_minutes__lte=720 - models.F("buffer_after_minutes")),
                name="appointment_type_at_most_twelve_hours",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="consultation", treatment__isnull=True)
                | models.Q(kind="treatment", treatment__isnull=False),
                name="appointment_type_session_names_its_treatment",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_treatment(self) -> bool:
        return self.kind == self.Kind.TREATMENT

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.duration_minutes)

    @property
    def blocked(self) -> timedelta:
        """How long a booking of this type keeps its provider and device busy."""
        return timedelta(minutes=self.duration_minutes + self.buffer_after_minutes)


class Patient(models.Model):
    class Contact(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone call"
        SMS = "sms", "Text message"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    email = models.EmailField()
    phone = models.CharField(max_length=30)
    # The phone's digits alone, for the front desk's search ("5550148" finds "(312) 555-0148");
    # written by the patient services together with `phone`.
    phone_digits = models.CharField(max_length=30, blank=True, db_index=True, editable=False)
    date_of_birth = models.DateField(null=True, blank=True)
    preferred_contact = models.CharField(
        max_length=10, choices=Contact.choices, default=Contact.EMAIL
    )
    # Care messages are part of the patient's care, not marketing: every kind goes out unless
    # the patient stops it (from any message, their preferences page, or by asking the desk).
    # What each switch covers is bookings/preferences.py's.
    wants_appointment_reminders = models.BooleanField("appointment reminders", default=True)
    wants_care_tips = models.BooleanField("preparation and aftercare tips", default=True)
    wants_next_session_nudge = models.BooleanField("next-session reminders", default=True)

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        SMS = "sms", "Text message"
        BOTH = "both", "Email and text"

    # How care messages reach the patient. A text goes only to a number that parses, and not
    # after the patient replied STOP (sms_stopped_at): then email carries everything.
    message_channel = models.CharField(
        "messages by", max_length=5, choices=Channel.choices, default=Channel.EMAIL
    )
    sms_stopped_at = models.DateTimeField(
        "texts stopped", null=True, blank=True, help_text="When the patient replied STOP."
    )
    # Set when the patient's data was erased at their request: the record stays, anonymous,
    # and nothing more is booked for it or sent to it.
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set when a manager merged this record into another one of the same person: it keeps its
    # history (the audit log cannot be rewritten) and is no longer offered anywhere.
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_records"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            # One patient per email, whatever its capitals: the next booking finds them again.
            models.UniqueConstraint(Lower("email"), name="patient_email_unique_ci"),
        ]
        indexes = [
            # Patient search asks UPPER(col::text) LIKE UPPER('%word%') (Django's icontains) and
            # phone_digits LIKE '%digits%': trigram indexes on exactly those expressions answer
            # it without reading every patient. PostgreSQL only (migration 0006).
            GinIndex(OpClass(Upper("first_name"), name="gin_trgm_ops"), name="patient_first_trgm"),
            GinIndex(OpClass(Upper("last_name"), name="gin_trgm_ops"), name="patient_last_trgm"),
            GinIndex(OpClass(Upper("email"), name="gin_trgm_ops"), name="patient_email_trgm"),
            # For "every word in the first or last name" asked of this one expression
            # (patient_whole_name(), icontains per word): PostgreSQL matches all
            # the words in one index scan, where the OR of the two columns above is not planned
            # through their indexes at 30,000 patients.
            GinIndex(
                OpClass(Upper(patient_whole_name()), name="gin_trgm_ops"),
                name="patient_name_trgm",
            ),
            GinIndex(
                fields=["phone_digits"], opclasses=["gin_trgm_ops"], name="patient_phone_trgm"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def phone_display(self) -> str:
        from .phones import phone_display

        return phone_display(self.phone)

    @property
    def phone_uri(self) -> str:
        from .phones import phone_uri

        return phone_uri(self.phone)


def phone_digits(phone: str) -> str:
    """The number's digits alone, for search; an extension (";ext=12") is not part of it."""
    return "".join(c for c in phone.split(";")[0] if c.isdigit())


class Booking(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        CONFIRMED = "confirmed", "Confirmed"
        CHECKED_IN = "checked_in", "Checked in"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"
        NO_SHOW = "no_show", "No-show"

    class Source(models.TextChoices):
        ONLINE = "online", "Online"
        PHONE = "phone", "Phone"

    # Statuses that hold the provider's (and the device's) time. Migration 0002 repeats this
    # list in the exclusion constraints' WHERE clause.
    LIVE_STATUSES = (Status.REQUESTED, Status.CONFIRMED, Status.CHECKED_IN, Status.COMPLETED)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="bookings")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="bookings")
    appointment_type = models.ForeignKey(
        AppointmentType, on_delete=models.PROTECT, related_name="bookings"
    )
    treatment = models.ForeignKey(
        Treatment,
        on_delete=models.PROTECT,
        related_name="bookings",
        help_text="What the appointment is about.",
    )
    resource = models.ForeignKey(
        Resource, on_delete=models.PROTECT, null=True, blank=True, related_name="bookings"
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    # end plus the type's buffer: the span the provider and device are kept busy.
    blocked_until = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CONFIRMED)
    source = models.CharField(max_length=10, choices=Source.choices)
    intake_answers = models.JSONField(default=dict, blank=True)
    intake_flags = models.JSONField(
        default=list, blank=True, help_text="Screening answers the provider should look at."
    )
    cancellation_reason = models.CharField(max_length=300, blank=True)
    # A per-booking secret inside every manage link; replaced when the booking is cancelled,
    # so old links die with it.
    manage_token = models.CharField(max_length=64, default=_manage_token)
    # iCalendar SEQUENCE: calendars replace an event only when this grows.
    sequence = models.PositiveIntegerField(default=0)
    # iCalendar UID, fixed when the booking is made: a calendar that holds the event matches
    # on it, so it never changes, not even when SITE_URL does (bookings made before it was
    # stored keep the "@medspa" form they were sent with; migration 0019).
    calendar_uid = models.CharField(max_length=255, unique=True, default=_calendar_uid)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["start"]
        # Bookings' permissions; bookings/roles.py grants them to the roles (practice/roles.py).
        permissions = [
            ("view_schedule", "Can see the schedule"),
            ("view_all_schedules", "Can see every provider's schedule"),
            ("book_by_phone", "Can book, move and cancel for patients"),
            ("change_booking_status", "Can check patients in"),
            ("book_outside_hours", "Can book outside working hours"),
            ("manage_time_off", "Can add time off and blocks"),
            ("edit_working_hours", "Can edit working hours"),
            ("view_patients", "Can find patients and see their records"),
            ("view_all_patients", "Can see every patient, not only one's own"),
            ("view_clinical_notes", "Can read and write clinical notes"),
            ("complete_booking", "Can complete consultations and treatments"),
            ("edit_patients", "Can edit patients' contact details"),
            ("merge_patients", "Can merge two records of one patient"),
            ("revert_booking_status", "Can put right a status set by mistake the same day"),
            ("view_reports", "Can see the dashboard and export bookings"),
            ("view_audit_log", "Can read the audit log"),
            ("complete_unsigned", "Can complete a treatment whose consent is unsigned"),
            ("manage_team", "Can see the team and reset a colleague's second factor"),
        ]
        indexes = [
            models.Index(fields=["provider", "start"]),
            models.Index(fields=["resource", "start"]),
            models.Index(fields=["start"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start"))
                & models.Q(blocked_until__gte=models.F("end")),
                name="booking_times_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.patient} with {self.provider} at {self.start:%Y-%m-%d %H:%M}"

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE_STATUSES

    @property
    def is_upcoming(self) -> bool:
        return self.is_live and self.start > timezone.now()

    @property
    def is_movable(self) -> bool:
        """Only before the visit: a checked-in or completed booking stays where it happened."""
        return self.status in (self.Status.REQUESTED, self.Status.CONFIRMED)

    @property
    def is_treatment(self) -> bool:
        return self.appointment_type.is_treatment

    @property
    def label(self) -> str:
        """What the appointment is, as a person says it: "HALO session" (the session names
        its treatment already), "Free consultation about HALO hybrid fractional laser"."""
        if self.is_treatment:
            return self.appointment_type.name
        return f"{self.appointment_type.name} about {self.treatment.name}"

    @property
    def label_mid_sentence(self) -> str:
        """ "Your free consultation about HALO ...", but "your HALO session": a leading
        acronym keeps its capitals."""
        label = self.label
        return label[:1].lower() + label[1:] if label[1:2].islower() else label

    # A session a clinical record (a chart, photos) may be written for: booked and not called
    # off. A request not yet confirmed is not a session yet.
    CLINICAL_RECORD_STATUSES = (Status.CONFIRMED, Status.CHECKED_IN, Status.COMPLETED)

    @property
    def may_hold_clinical_record(self) -> bool:
        return self.is_treatment and self.status in self.CLINICAL_RECORD_STATUSES


class BookingStatusChange(models.Model):
    """Who moved a booking from one status to another, and when. Written by the one
    transition service; never edited."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Booking.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Booking.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    changed_by_patient = models.BooleanField(default=False)
    reason = models.CharField(max_length=300, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.booking_id}: {self.from_status or '-'} -> {self.to_status}"


class TreatmentSession(models.Model):
    """A treatment that was given: recorded when a treatment booking is completed. It is what
    starts the patient's aftercare (announced by signals.treatment_completed)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    booking = models.OneToOneField(Booking, on_delete=models.PROTECT, related_name="session")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="sessions")
    treatment = models.ForeignKey(Treatment, on_delete=models.PROTECT, related_name="sessions")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="sessions")
    performed_on = models.DateField()
    session_number = models.PositiveSmallIntegerField(help_text="Its place in the series.")
    treated_areas = models.CharField(max_length=300)
    settings_notes = models.TextField(
        "provider's settings notes", blank=True, help_text="Clinical: never shown to patients."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["performed_on", "id"]

    def __str__(self) -> str:
        return f"{self.treatment} #{self.session_number} for {self.patient} on {self.performed_on}"


class Note(models.Model):
    """A note about a patient, optionally on one booking. Clinical notes are for providers and
    managers only."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="notes")
    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, null=True, blank=True, related_name="notes"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=4000)
    is_clinical = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Note on {self.patient} by {self.author}"


class AuditEntry(models.Model):
    """Who saw or changed what patient data, when and from where. Rows are only ever added:
    on PostgreSQL a trigger refuses UPDATE and DELETE (migration 0004)."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        CREATE = "create", "Created"
        CHANGE = "change", "Changed"
        EXPORT = "export", "Exported"
        DENIED = "denied", "Refused"

    class By(models.TextChoices):
        STAFF = "staff", "Staff"
        PATIENT = "patient", "The patient"
        SYSTEM = "system", "The system"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    # Who made the change: a staff member (`actor`), the patient (through a signed link, a text
    # or the clinic's tablet), or the system (a sweep, a reply's effect, the demo). Every
    # change writes its row, whoever made it.
    by = models.CharField(max_length=7, choices=By.choices, default=By.SYSTEM)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    what = models.CharField(max_length=200, help_text="e.g. 'patient page', 'booking status'")
    patient = models.ForeignKey(
        Patient, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    booking = models.ForeignKey(
        Booking, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["patient", "-at"]),
            # The audit log pages by (at, id) "older than" a cursor, filtered by who or by what.
            models.Index(fields=["at", "id"], name="audit_at_id"),
            models.Index(fields=["actor", "at", "id"], name="audit_actor_at_id"),
            models.Index(fields=["action", "at", "id"], name="audit_action_at_id"),
        ]
        constraints = [
            # A staff row names its staff member; the patient and the system are not users.
            models.CheckConstraint(
                condition=models.Q(by="staff", actor__isnull=False)
                | (~models.Q(by="staff") & models.Q(actor__isnull=True)),
                name="audit_staff_row_names_its_actor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.what}"


class PatientUpdate(models.Model):
    """A returning patient typed a new phone or a new way to reach them while booking: kept
    for the desk to accept or set aside, never written straight onto the record (anyone can
    type anyone's email) and never thrown away."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="pending_updates")
    booking = models.ForeignKey(
        Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Field name -> the value typed: "phone", "message_channel".
    changes = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["patient"],
                condition=models.Q(resolved_at__isnull=True),
                name="patient_update_open",
            )
        ]

    def __str__(self) -> str:
        return f"Update for {self.patient} ({', '.join(self.changes)})"

    def change_labels(self) -> list[str]:
        labels = []
        if "phone" in self.changes:
            from .phones import phone_display

            labels.append(f"phone {phone_display(self.changes['phone'])}")
        if "message_channel" in self.changes:
            channel = Patient.Channel(self.changes["message_channel"]).label.lower()
            labels.append(f"messages by {channel}")
        return labels


# How long a code sent to a new email or phone may be typed, and how many wrong tries it takes.
CONTACT_CODE_MINUTES = 15
CONTACT_CODE_TRIES = 5


class ContactChange(models.Model):
    """A patient asked, from their manage page, to correct their email or mobile number. The
    record changes only once they type the code sent to the new address: whoever holds a
    forwarded link must not be able to point the clinic's messages at an address of their
    own. Only a keyed hash of the code is kept (bookings/services/contact.py)."""

    class Kind(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Mobile phone"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="contact_changes")
    kind = models.CharField(max_length=5, choices=Kind.choices)
    # Normalised as the record will keep it: an email with its domain in lower case, a phone
    # in E.164.
    new_value = models.CharField(max_length=254)
    code_hash = models.CharField(max_length=128, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Set when the patient asked for another code for the same contact: only the newest works.
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The throttle counts a patient's codes of the last hour.
            models.Index(fields=["patient", "created_at"], name="contact_change_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(attempts__lte=CONTACT_CODE_TRIES),
                name="contact_change_at_most_five_tries",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="contact_change_expires_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(confirmed_at__isnull=True) | models.Q(replaced_at__isnull=True),
                name="contact_change_confirmed_or_replaced",
            ),
            # One code at a time per kind of contact: two open ones would leave the patient guessing
            # which message to read.
            models.UniqueConstraint(
                fields=["patient", "kind"],
                condition=models.Q(confirmed_at__isnull=True, replaced_at__isnull=True),
                name="contact_change_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} change for {self.patient}"

    @property
    def is_open(self) -> bool:
        return self.confirmed_at is None and self.replaced_at is None
