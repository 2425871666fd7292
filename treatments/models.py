"""What the clinic offers and who the clinic is: the content of the public pages."""

from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from . import images
from .artwork import MOTIF_CHOICES


class Clinic(models.Model):
    """The clinic's own details. There is exactly one row (enforced by a constraint)."""

    SINGLETON_ID = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_ID, editable=False)
    name = models.CharField(max_length=120)
    tagline = models.CharField(max_length=200, blank=True)
    street_address = models.CharField(max_length=200)
    locality = models.CharField("city", max_length=100)
    region = models.CharField("state", max_length=100)
    postal_code = models.CharField(max_length=20)
    country = models.CharField(max_length=2, default="US", help_text="Two-letter country code.")
    phone = models.CharField(max_length=30, help_text="As patients should dial it.")
    email = models.EmailField()
    notification_email = models.EmailField(
        blank=True,
        help_text="Where alerts go when a patient says something doesn't look right (empty: "
        "the clinic's email). Read it often: patients are told someone will get back to them.",
    )
    notification_phone = models.CharField(
        max_length=40,
        blank=True,
        help_text="A mobile that also gets a text for each such alert (optional; needs texts "
        "set up: SMS_BACKEND).",
    )
    cancellation_window_hours = models.PositiveSmallIntegerField(
        default=24,
        help_text="Patients may move or cancel a booking online until this many hours before "
        "it; after that the manage page asks them to call.",
    )
    reminder_lead_hours = models.PositiveSmallIntegerField(
        "appointment reminder lead time (hours)",
        default=48,
        validators=[MinValueValidator(2), MaxValueValidator(14 * 24)],
        help_text="How long before an appointment its reminder goes out. Longer than the "
        "cancellation window lets the patient still move or cancel online from the reminder.",
    )
    same_day_text = models.BooleanField(
        "same-day text",
        default=False,
        help_text="Also text patients who take texts on the morning of their appointment "
        "(three hours before, never in quiet hours).",
    )
    intake_valid_months = models.PositiveSmallIntegerField(
        "medical history valid for (months)",
        default=12,
        help_text="A booked treatment asks for the medical history form again when the last "
        "signed one is older than this.",
    )
    patients_see_photos = models.BooleanField(
        "patients see their photos",
        default=False,
        help_text="Show patients their own before and after photos on their aftercare page, "
        "if they also agreed to it in their photo consent.",
    )
    desk_second_factor = models.BooleanField(
        "front desk needs a second factor",
        default=False,
        help_text="Also ask the front desk for a code from an authenticator app at login. "
        "Managers and providers, who read clinical records, are always asked.",
    )
    logo = images.PublicImageField(
        upload_to=images.clinic_logo_path,
        validators=[images.public_image_validate],
        width_field="logo_width",
        height_field="logo_height",
        blank=True,
        max_length=200,
        help_text="Shown in the header and in emails. A PNG with a transparent background, "
        "at least 400 px wide, looks best. Until one is uploaded the site shows its own mark.",
    )
    logo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    latitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True, help_text="For search engines."
    )
    longitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True, help_text="For search engines."
    )
    price_level = models.CharField(
        "price level",
        max_length=10,
        blank=True,
        help_text="How search engines show the clinic's prices, e.g. $$$.",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="clinic_is_a_single_row"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def logo_picture(self) -> images.Picture | None:
        return images.picture_of(self.logo, width=self.logo_width, height=self.logo_height)

    @property
    def alerts_to(self) -> str:
        return self.notification_email or self.email

    @property
    def time_zone(self) -> str:
        # One source of truth: the deployment's CLINIC_TIME_ZONE, because every stored UTC
        # time is shown and every reminder hour is computed in it.
        return settings.TIME_ZONE

    @property
    def phone_uri(self) -> str:
        digits = "".join(c for c in self.phone if c.isdigit() or c == "+")
        if not digits.startswith("+") and len(digits) == 10 and self.country == "US":
            digits = "+1" + digits
        return f"tel:{digits}"

    @property
    def address_lines(self) -> list[str]:
        return [self.street_address, f"{self.locality}, {self.region} {self.postal_code}"]

    @property
    def map_url(self) -> str:
        """A plain link that opens the address in a maps site: no map is embedded, so no
        third party sees a visitor who does not click it."""
        query = urlencode({"api": 1, "query": ", ".join(self.address_lines)}, quote_via=quote)
        return f"https://www.google.com/maps/search/?{query}"


class Weekday(models.IntegerChoices):
    """Monday is 0, as in Python's date.weekday()."""

    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class OpeningHours(models.Model):
    Weekday = Weekday

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name_plural = "opening hours"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")),
                name="opening_hours_close_after_they_open",
            ),
            models.UniqueConstraint(
                fields=["clinic", "weekday", "opens"], name="opening_hours_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"


class ProcedureType(models.TextChoices):
    # schema.org's MedicalProcedureType values that a laser clinic can honestly claim.
    NONINVASIVE = "noninvasive", "Non-invasive"
    PERCUTANEOUS = "percutaneous", "Percutaneous"


class TreatmentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Treatment(models.Model):
    """A treatment the clinic offers, with the sections of its information page.

    Section texts are Markdown; they are rendered through a sanitizer, so no raw HTML typed
    into the admin ever reaches a patient's browser.
    """

    # (field name, heading on the page, anchor). The order is the page's order.
    SECTIONS = [
        ("how_it_works", "How it works", "how-it-works"),
        ("what_it_treats", "What it treats", "what-it-treats"),
        ("benefits", "Benefits", "benefits"),
        ("good_candidates", "Who it suits", "who-it-suits"),
        ("the_session", "Your session", "the-session"),
        ("before_your_session", "Before your session", "before-your-session"),
        ("after_your_session", "Aftercare: after your session", "aftercare"),
        ("downtime", "Downtime", "downtime"),
        ("how_many_sessions", "How many sessions", "how-many-sessions"),
        ("price_range", "Price", "price"),
    ]

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.CharField(
        max_length=300,
        help_text="One or two plain sentences: the page's introduction and its "
        "description in search results.",
    )
    how_it_works = models.TextField(blank=True, help_text="Markdown.")
    what_it_treats = models.TextField(blank=True, help_text="Markdown.")
    benefits = models.TextField(blank=True, help_text="Markdown.")
    good_candidates = models.TextField("who it suits", blank=True, help_text="Markdown.")
    the_session = models.TextField(blank=True, help_text="Markdown.")
    before_your_session = models.TextField(blank=True, help_text="Markdown.")
    after_your_session = models.TextField(blank=True, help_text="Markdown.")
    downtime = models.TextField(blank=True, help_text="Markdown.")
    how_many_sessions = models.TextField(blank=True, help_text="Markdown.")
    price_range = models.TextField(blank=True, help_text="Markdown.")
    # What a card on the home page shows, in a few words each.
    suits_in_brief = models.CharField(
        "who it suits, in brief",
        max_length=140,
        blank=True,
        help_text="One line for the treatment's card, e.g. 'Sun damage, fine lines, large pores'.",
    )
    downtime_in_brief = models.CharField(
        "downtime, in brief", max_length=60, blank=True, help_text="e.g. '3 to 7 days'."
    )
    price_from = models.DecimalField(
        "price from ($)",
        max_digits=8,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Shown as 'from $…' on the card. Leave empty to show no price.",
    )
    procedure_type = models.CharField(
        max_length=20,
        choices=ProcedureType.choices,
        blank=True,
        help_text="How search engines describe the procedure. Leave empty when none fits: "
        "ablative resurfacing is neither non-invasive nor surgery.",
    )
    hero_image = images.PublicImageField(
        upload_to=images.treatment_hero_path,
        validators=[images.public_image_validate],
        width_field="hero_width",
        height_field="hero_height",
        blank=True,
        max_length=200,
        help_text="A wide picture for the page and its card (at least 1600 px wide). Until "
        "one is uploaded, the page shows the clinic's own artwork.",
    )
    hero_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    artwork = models.CharField(
        "built-in artwork",
        max_length=10,
        choices=MOTIF_CHOICES,
        default="dots",
        help_text="The drawing shown until a picture is uploaded.",
    )
    hero_alt = models.CharField(
        "hero image description",
        max_length=200,
        blank=True,
        help_text="What the picture shows, for people who cannot see it.",
    )
    recommended_sessions = models.PositiveSmallIntegerField(
        default=1, help_text="How many sessions make up the usual series."
    )
    session_interval_days = models.PositiveSmallIntegerField(
        default=28, help_text="The clinic's usual interval between two sessions of a series."
    )
    requires_consultation = models.BooleanField(
        default=True,
        help_text="Sessions can only be booked for a patient who has had a consultation.",
    )
    is_published = models.BooleanField(
        "published", default=False, help_text="Only published treatments have a public page."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower comes first.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TreatmentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recommended_sessions__gte=1),
                name="treatment_series_has_a_session",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("treatments:detail", kwargs={"slug": self.slug})

    @property
    def hero_picture(self) -> images.Picture | None:
        return images.picture_of(self.hero_image, width=self.hero_width, height=self.hero_height)

    def sections(self) -> list[tuple[str, str, str]]:
        """(heading, anchor, markdown) of the sections that have text, in page order."""
        return [
            (heading, anchor, getattr(self, field))
            for field, heading, anchor in self.SECTIONS
            if getattr(self, field).strip()
        ]


class FAQ(models.Model):
    treatment = models.ForeignKey(Treatment, on_delete=models.CASCADE, related_name="faqs")
    question = models.CharField(max_length=250)
    answer = models.TextField(help_text="Markdown.")
    position = models.PositiveSmallIntegerField(default=0)
    is_published = models.BooleanField("published", default=True)

    class Meta:
        ordering = ["treatment__position", "position", "id"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"

    def __str__(self) -> str:
        return self.question
