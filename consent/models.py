"""Forms patients sign: the medical history (once, renewed when it grows old) and each
treatment's consent.

A form is a template the clinic edits (FormTemplate); every edit that changes its words is a
new FormVersion, never a rewrite of one a patient may have signed. What a patient signed is a
FormSubmission holding the text exactly as shown (rendered), its hash, their answers, their
typed name and drawn signature, and where and when: it is never changed (the app refuses and,
on PostgreSQL, a trigger refuses UPDATE; migration 0002). A correction is a new submission
that names the one it corrects.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from bookings.models import Booking, Patient
from treatments.models import Treatment


class FormKind(models.TextChoices):
    INTAKE = "intake", "Medical history"
    CONSENT = "consent", "Treatment consent"


class FormTemplate(models.Model):
    """A form as the clinic edits it now. Saving new words publishes a new version
    (consent.services.form_version_publish); patients always sign a version."""

    kind = models.CharField(max_length=10, choices=FormKind.choices)
    treatment = models.OneToOneField(
        Treatment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consent_form",
        help_text="The treatment a consent form is for; empty for the medical history.",
    )
    title = models.CharField(max_length=200)
    body = models.TextField(
        help_text="What the patient reads. A line starting with '## ' is a heading; a blank "
        "line starts a new paragraph; a line starting with '- ' is a point in a list."
    )
    # The medical history's questions: a list of {"key", "label", "kind": "yes_no" |
    # "yes_no_unsure" | "text" | "skin_type", "flag": [answers that flag it], "note": what the
    # provider is told}. A consent form asks none (the agreement is its signature).
    questions = models.JSONField(default=list, blank=True)
    asks_photo_release = models.BooleanField(
        "asks for photo consent",
        default=False,
        help_text="Ask, separately and optionally, whether the clinic may take and keep "
        "before-and-after photos.",
    )
    photo_release_text = models.TextField(blank=True)
    valid_months = models.PositiveSmallIntegerField(
        default=12,
        help_text="A signature counts for this long; then the form is sent again. The medical "
        "history uses the clinic's own setting.",
    )
    is_active = models.BooleanField("active", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="intake", treatment__isnull=True)
                | Q(kind="consent", treatment__isnull=False),
                name="form_consent_names_its_treatment",
            ),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(kind="intake"), name="form_one_medical_history"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class FormVersion(models.Model):
    """The words of a form at one moment, as patients saw them. Never edited."""

    template = models.ForeignKey(FormTemplate, on_delete=models.PROTECT, related_name="versions")
    # What kind of form these words were: who may read what was signed on them depends on it,
    # so it is kept here, where it can never change, not read from the editable template.
    kind = models.CharField(max_length=10, choices=FormKind.choices)
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField()
    questions = models.JSONField(default=list, blank=True)
    asks_photo_release = models.BooleanField(default=False)
    photo_release_text = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="form_version_number_once"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"


class FormRequest(models.Model):
    """A form the patient was asked to sign: sent with a treatment booking, or started on the
    clinic's tablet. Open until signed or withdrawn; at most one open per patient and form."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="form_requests")
    template = models.ForeignKey(FormTemplate, on_delete=models.PROTECT, related_name="requests")
    booking = models.ForeignKey(
        Booking,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="form_requests",
        help_text="The booking it was sent for.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # A second booking while the first request is open reuses it: one form, one link.
            models.UniqueConstraint(
                fields=["patient", "template"],
                condition=Q(signed_at__isnull=True, withdrawn_at__isnull=True),
                name="form_request_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} for {self.patient}"

    @property
    def is_open(self) -> bool:
        return self.signed_at is None and self.withdrawn_at is None


class FormSubmission(models.Model):
    """A signed form, exactly as the patient saw and signed it. Never edited."""

    class SignedWith(models.TextChoices):
        DRAWN = "drawn", "Drawn signature"
        TYPED = "typed", "Typed name"

    class SignedOn(models.TextChoices):
        PATIENT_LINK = "link", "The patient's own device"
        CLINIC_TABLET = "tablet", "The clinic's tablet"

    class Relationship(models.TextChoices):
        """Who signed, when not the patient: the typed name is then the signer's own."""

        PATIENT = "", "The patient"
        PARENT = "parent", "Parent"
        GUARDIAN = "guardian", "Legal guardian"
        REPRESENTATIVE = "representative", "Other legal representative"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.OneToOneField(FormRequest, on_delete=models.PROTECT, related_name="submission")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="form_submissions")
    version = models.ForeignKey(FormVersion, on_delete=models.PROTECT, related_name="submissions")
    # The form and the booking it was signed for, beside the version and the request, so the
    # database itself can hold "one signature per patient, form and booking" (a constraint).
    template = models.ForeignKey(FormTemplate, on_delete=models.PROTECT, related_name="+")
    booking = models.ForeignKey(
        Booking, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Signed again on the clinic's tablet over a form already signed for this booking: a
    # deliberate correction, the only second signature the constraint lets through.
    is_correction = models.BooleanField(default=False)
    signer_relationship = models.CharField(
        "signed by", max_length=16, choices=Relationship.choices, blank=True, default=""
    )
    # The whole form as shown, answers included, and its SHA-256: what was signed, readable
    # and checkable years later whatever becomes of the template.
    rendered_text = models.TextField()
    content_hash = models.CharField(max_length=64)
    answers = models.JSONField(default=dict, blank=True)
    flags = models.JSONField(
        default=list, blank=True, help_text="Answers the provider should look at before treating."
    )
    photo_release = models.BooleanField(null=True, blank=True)
    typed_name = models.CharField(max_length=160)
    signed_with = models.CharField(max_length=5, choices=SignedWith.choices)
    signature_png = models.BinaryField(null=True, blank=True)
    signed_at = models.DateTimeField(default=timezone.now)
    signed_on = models.CharField(max_length=6, choices=SignedOn.choices)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=400, blank=True)
    kiosk_started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        help_text="The earlier submission this one corrects.",
    )

    class Meta:
        ordering = ["-signed_at", "-id"]
        indexes = [models.Index(fields=["patient", "-signed_at"], name="form_submission_patient")]
        constraints = [
            models.CheckConstraint(
                condition=Q(signed_with="typed") | Q(signature_png__isnull=False),
                name="form_drawn_signature_kept",
            ),
            models.CheckConstraint(condition=~Q(typed_name=""), name="form_signed_by_name"),
            # Ten simultaneous posts of one form once gave two signatures: whatever the code
            # decides first, the database keeps one per patient, form and booking.
            models.UniqueConstraint(
                fields=["patient", "template", "booking"],
                condition=Q(is_correction=False),
                name="form_signed_once_per_booking",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} signed by {self.typed_name} on {self.signed_at:%Y-%m-%d}"


def _kiosk_token() -> str:
    return secrets.token_urlsafe(32)


class KioskSession(models.Model):
    """A form handed to the patient on the clinic's tablet: the tablet shows that one form
    and nothing else, and the session ends when it is signed (or after KIOSK_MINUTES)."""

    token = models.CharField(max_length=64, unique=True, default=_kiosk_token)
    request = models.ForeignKey(
        FormRequest, on_delete=models.PROTECT, related_name="kiosk_sessions"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Tablet session for {self.request}"
