"""Care plans, the courses patients follow, and the reminders those courses send."""

import secrets
import uuid
from datetime import time

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from bookings.models import Booking, Patient, TreatmentSession
from outbox.models import Message
from treatments.models import Treatment


class StepKind(models.TextChoices):
    EXPECTATION = "expectation", "What to expect"
    SKIN_CARE = "skin_care", "Skin care"
    SUNSCREEN = "sunscreen", "Sunscreen"
    CHECK_IN = "check_in", "Check-in"
    NEXT_SESSION = "next_session", "Next session"


class StepFields(models.Model):
    """What a step says and when: shared by the plan's steps and the copies a course keeps."""

    day_offset = models.SmallIntegerField(
        help_text="Days after the session (0 = the day of it; negative = before it)."
    )
    title = models.CharField(max_length=120)
    what_to_expect = models.TextField(blank=True)
    what_to_do = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=StepKind.choices)
    sends_email = models.BooleanField(default=True)
    send_time = models.TimeField(default=time(9), help_text="Local time of day to send.")
    repeat_every_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Repeat every this many days (empty: once)."
    )
    repeat_until_day = models.SmallIntegerField(
        null=True, blank=True, help_text="The last day offset of the repeat (inclusive)."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["day_offset", "position", "id"]

    def __str__(self) -> str:
        return f"Day {self.day_offset}: {self.title}"

    def occurrences(self) -> list[int]:
        """The day offsets this step falls on."""
        if not self.repeat_every_days or self.repeat_until_day is None:
            return [self.day_offset]
        return list(range(self.day_offset, self.repeat_until_day + 1, self.repeat_every_days))


_REPEAT_RULE = Q(repeat_every_days__isnull=True, repeat_until_day__isnull=True) | Q(
    repeat_every_days__gt=0, repeat_until_day__gte=models.F("day_offset")
)


class CarePlan(models.Model):
    treatment = models.OneToOneField(Treatment, on_delete=models.PROTECT, related_name="care_plan")
    name = models.CharField(max_length=120)
    healing_days = models.PositiveSmallIntegerField(
        default=14, help_text="The healing period the timeline's progress bar spans."
    )
    is_active = models.BooleanField("active", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.name


class CareStep(StepFields):
    plan = models.ForeignKey(CarePlan, on_delete=models.CASCADE, related_name="steps")

    class Meta(StepFields.Meta):
        constraints = [
            models.CheckConstraint(condition=_REPEAT_RULE, name="care_step_repeat_is_complete")
        ]


def _token() -> str:
    return secrets.token_urlsafe(24)


class Course(models.Model):
    """One patient's aftercare for one treatment session: a snapshot of the plan's steps taken
    when it starts, so later edits to the plan never rewrite it."""

    class Status(models.TextChoices):
        UPCOMING = "upcoming", "Before the session"
        ACTIVE = "active", "After the session"
        CANCELLED = "cancelled", "Cancelled"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="courses")
    treatment = models.ForeignKey(Treatment, on_delete=models.PROTECT, related_name="+")
    booking = models.OneToOneField(Booking, on_delete=models.PROTECT, related_name="course")
    session = models.OneToOneField(
        TreatmentSession, on_delete=models.PROTECT, null=True, blank=True, related_name="course"
    )
    plan = models.ForeignKey(CarePlan, on_delete=models.SET_NULL, null=True, related_name="+")
    plan_name = models.CharField(max_length=120)
    healing_days = models.PositiveSmallIntegerField()
    session_date = models.DateField(help_text="Day 0, in the clinic's time zone.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UPCOMING)
    # Inside every timeline link; replaced if a link has to be withdrawn.
    link_token = models.CharField(max_length=64, default=_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-session_date", "-id"]

    def __str__(self) -> str:
        return f"{self.plan_name} for {self.patient} ({self.session_date})"


class CourseStep(StepFields):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="steps")

    class Meta(StepFields.Meta):
        constraints = [
            models.CheckConstraint(condition=_REPEAT_RULE, name="course_step_repeat_is_complete")
        ]


APPOINTMENT_KINDS = ("appointment", "same_day")  # reminders of a booking, not of a course


class Reminder(models.Model):
    """When a care message falls due: a row for each step's day, and for each appointment.
    The aftercare sweep turns a due reminder into an outbox message (written then, as the
    patient's choices and the booking are at that moment), which the outbox sends."""

    class Kind(models.TextChoices):
        CARE_STEP = "care_step", "Aftercare step"
        APPOINTMENT = "appointment", "Appointment reminder"
        SAME_DAY = "same_day", "Same-day text"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting until due"
        QUEUED = "queued", "Handed to the outbox"
        SENT = "sent", "Sent"  # by the sweep before the outbox existed
        FAILED = "failed", "Could not be written"
        CANCELLED = "cancelled", "Cancelled"
        SKIPPED = "skipped", "Not sent"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="reminders")
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    step = models.ForeignKey(
        CourseStep, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    occurrence = models.SmallIntegerField(default=0, help_text="The day offset it is for.")
    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    appointment_start = models.DateTimeField(
        null=True, blank=True, help_text="The appointment time an appointment reminder is for."
    )
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # The outbox message it became (the latest, if staff sent it again).
    message = models.ForeignKey(
        Message, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            # The sweep's question: what is pending and due, in its order (with the id, so
            # a thousand reminders due the same minute need no sort).
            models.Index(
                fields=["due_at", "id"], condition=Q(status="pending"), name="reminder_pending_due"
            ),
            # The dashboard's "reminders that could not be written": a few rows among millions.
            models.Index(
                fields=["due_at"], condition=Q(status="failed"), name="reminder_unwritten"
            ),
        ]
        constraints = [
            # The same reminder can never be scheduled twice.
            models.UniqueConstraint(
                fields=["step", "occurrence"],
                condition=Q(step__isnull=False),
                name="reminder_once_per_step_day",
            ),
            models.UniqueConstraint(
                fields=["booking", "appointment_start"],
                condition=Q(kind="appointment"),
                name="reminder_once_per_appointment_time",
            ),
            models.UniqueConstraint(
                fields=["booking", "appointment_start"],
                condition=Q(kind="same_day"),
                name="reminder_once_per_same_day_text",
            ),
            models.CheckConstraint(
                condition=Q(kind="care_step", step__isnull=False, course__isnull=False)
                | Q(
                    kind__in=["appointment", "same_day"],
                    booking__isnull=False,
                    appointment_start__isnull=False,
                ),
                name="reminder_kind_has_its_subject",
            ),
            # Handed to the outbox means there is a message to follow.
            models.CheckConstraint(
                condition=~Q(status="queued") | Q(message__isnull=False),
                name="reminder_queued_has_its_message",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.patient_id} due {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def is_of_a_booking(self) -> bool:
        return self.kind in APPOINTMENT_KINDS

    @property
    def delivery_label(self) -> str:
        """What staff need to know: the message's own status once it was handed over."""
        if self.status == self.Status.QUEUED and self.message is not None:
            return self.message.get_status_display()
        return self.get_status_display()

    @property
    def delivery_error(self) -> str:
        if self.status == self.Status.QUEUED and self.message is not None:
            return self.message.last_error or self.message.reason
        return self.last_error


def _concern_photo_path(concern: "Concern", filename: str) -> str:
    # A random name: nothing about the patient in a path that may end up in a log.
    return f"concerns/{uuid.uuid4().hex}.jpg"


def private_storage():
    """Files patients send (photos of their skin): never under a public URL; served only
    through an access-checked, audited staff view."""
    from django.core.files.storage import storages

    return storages["private"]


class Concern(models.Model):
    """ "Something doesn't look right": a patient's message from their aftercare timeline. It
    alerts the clinic at once (an outbox message to its notification address) and waits in
    the front desk's queue, urgent ones first, until someone replies or notes what they did."""

    class Urgency(models.TextChoices):
        QUESTION = "question", "I have a question"
        WORRIED = "worried", "I'm worried"
        URGENT = "urgent", "It's urgent"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="concerns")
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="concerns")
    day_offset = models.SmallIntegerField()
    text = models.TextField(max_length=2000)
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.WORRIED)
    photo = models.FileField(
        upload_to=_concern_photo_path, storage=private_storage, blank=True, max_length=200
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What the clinic said or did. A reply is also shown to the patient on their timeline; a
    # note ("called back, all normal") stays on the record.
    handled_note = models.TextField(blank=True, max_length=2000)
    note_is_reply = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(resolved_at__isnull=True), name="concern_open"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | ~Q(handled_note=""),
                name="concern_handled_says_how",
            )
        ]

    def __str__(self) -> str:
        return f"Concern from {self.patient} on day {self.day_offset}"
