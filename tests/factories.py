"""Every factory the tests use, and the fixed days they stand on.

A factory writes rows straight to the tables, without the services' rules: for laying out a
day, a chart or a photo that a test then reads or changes through the real services and pages.
A test of a rule itself goes through the service (`bookings.services.booking_create`, ...).
Fixtures (the clinic, the logins, a browser) are in tests/conftest.py.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import factory
from django.contrib.auth import get_user_model

from treatments.models import FAQ, Clinic, Treatment

# -- the days the tests stand on ------------------------------------------------------------

CHICAGO = ZoneInfo("America/Chicago")  # the test clinic's time zone
# A Monday in an ordinary week (no DST change near it).
MONDAY = datetime(2027, 4, 12, 14, 0, tzinfo=UTC)  # 9:00 local
# A week on: well outside the 24-hour window for changes online.
NEXT_MONDAY = MONDAY + timedelta(days=7)
SUNDAY_EVENING = datetime(2027, 4, 11, 23, 0, tzinfo=UTC)  # where `frozen_monday` starts
# Tuesday 13 April 2027, 10:00 in Chicago, for the browser journeys on the demo clinic: Dana
# (9-1, 2-6) and Priya (9-6) work, Marcus does not, and most of the day is still to come.
TUESDAY = date(2027, 4, 13)
TUESDAY_10AM = datetime(2027, 4, 13, 15, 0, tzinfo=UTC)
THREE_WEEKS = timedelta(weeks=3)
SIX_WEEKS = timedelta(weeks=6)
FIRST_SESSION = datetime(2027, 3, 2, 15, 0, tzinfo=UTC)  # the charting tests' first HALO session


def local(moment: datetime) -> str:
    return moment.astimezone(CHICAGO).strftime("%Y-%m-%d %H:%M")


# -- the clinic ------------------------------------------------------------------------------


class ClinicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinic
        django_get_or_create = ("id",)

    id = Clinic.SINGLETON_ID
    name = "Test Skin Clinic"
    street_address = "1 Test Street"
    locality = "Testville"
    region = "IL"
    postal_code = "60000"
    phone = "(312) 555-0100"
    email = "clinic@example.com"


class TreatmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Treatment

    name = factory.Sequence(lambda n: f"Treatment {n}")
    slug = factory.Sequence(lambda n: f"treatment-{n}")
    summary = "A short summary."
    how_it_works = "It works."
    after_your_session = "Wear sunscreen."
    is_published = True


class FAQFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FAQ

    treatment = factory.SubFactory(TreatmentFactory)
    question = factory.Sequence(lambda n: f"Question {n}?")
    answer = "An answer."


STAFF_PASSWORD = "a-long-test-password"  # every test login's, for the login form


class StaffUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"staff{n}")
    is_staff = True
    password = factory.django.Password(STAFF_PASSWORD)


@dataclass
class ClinicSetup:
    """What the `clinic` fixture lays out: HALO with its device, a free consultation and a
    HALO session, and two providers (Dana and Priya, Mondays 9-17)."""

    halo: object
    consultation: object
    halo_session: object
    device: object
    dana: object
    priya: object


def provider_make(name: str, treatments, hours=((0, "09:00", "17:00"),), **extra):
    """A provider offering `treatments`, working `hours` ((weekday, "HH:MM", "HH:MM"), ...)."""
    from bookings.models import Provider, WorkingHours

    provider = Provider.objects.create(display_name=name, **extra)
    provider.treatments.set(treatments)
    for weekday, start, end in hours:
        WorkingHours.objects.create(
            provider=provider,
            weekday=weekday,
            start=time.fromisoformat(start),
            end=time.fromisoformat(end),
        )
    return provider


# -- people ----------------------------------------------------------------------------------


def staff_user(username: str, role: str | None, *, provider=None, **extra):
    """A login in one of the role groups (None: a login with no role); with `provider` (a
    Provider, or a provider's display name), linked to that provider as the demo links its
    provider logins (Provider.user)."""
    from django.contrib.auth.models import Group

    from bookings.models import Provider

    user = StaffUserFactory(username=username, is_staff=False, **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    if isinstance(provider, str):
        Provider.objects.filter(display_name=provider).update(user=user)
    elif provider is not None:
        provider.user = user
        provider.save(update_fields=["user"])
    return user


TEST_DEVICE = "Test authenticator"


def second_factor_device(user):
    """`user`'s authenticator app, set up (made once per user)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name=TEST_DEVICE, defaults={"confirmed": True}
    )
    return device


def second_factor_code(user) -> str:
    """The code `user`'s app shows now (the clock may be a test's frozen one)."""
    from django_otp.oath import totp

    device = second_factor_device(user)
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def as_user(client, user):
    """The test client, logged in as `user` with the second factor given, as after the
    login page and the code. `client.force_login` alone is a password-only session, which
    every staff page sends to the second step."""
    from django_otp import DEVICE_ID_SESSION_KEY

    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = second_factor_device(user).persistent_id
    session.save()
    return client


def _phone_digits(phone: str) -> str:
    from bookings.models import phone_digits

    return phone_digits(phone)


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "bookings.Patient"

    first_name = "Ana"
    last_name = factory.Sequence(lambda n: f"Patient{n}")
    email = factory.Sequence(lambda n: f"patient{n}@example.com")
    phone = factory.Sequence(lambda n: f"(312) 555-{1000 + n:04d}")
    # The column the desk's phone search reads, as the services fill it.
    phone_digits = factory.LazyAttribute(lambda o: _phone_digits(o.phone))


def patient_make(first: str, last: str):
    """A patient called `first last`, at first.last@example.com, for the journeys that search
    for patients by name."""
    from bookings.models import Patient

    return PatientFactory(
        first_name=first,
        last_name=last,
        email=f"{first}.{last}@example.com".lower(),
        phone=f"(312) 555-{200 + Patient.objects.count():04d}",
    )


def patient_details(email: str = "ana@example.com", **extra):
    """What a patient types into the booking form, for `bookings.services.booking_create`."""
    from bookings.services import PatientDetails

    return PatientDetails(
        first_name=extra.pop("first_name", "Ana"),
        last_name="Patient",
        email=email,
        phone=extra.pop("phone", "(312) 555-0111"),
        **extra,
    )


# -- bookings --------------------------------------------------------------------------------


def _patient_by_email(email: str | None):
    """The patient with that email (made if there is none); a new patient without one."""
    from bookings.models import Patient

    if email is None:
        return PatientFactory()
    patient, _ = Patient.objects.get_or_create(
        email=email,
        defaults={"first_name": "Pat", "last_name": email.split("@")[0], "phone": "1"},
    )
    return patient


def _history_write(booking, *, at: datetime) -> None:
    """Status changes for a booking laid out as `status`: confirmed a week before it starts,
    then through check-in (and completion) up to now, as the services would have recorded."""
    from django.utils import timezone

    from bookings.models import BookingStatusChange

    BookingStatusChange.objects.create(
        booking=booking, to_status="confirmed", changed_at=at - timedelta(days=7)
    )
    path = {"checked_in": ["checked_in"], "completed": ["checked_in", "completed"]}
    previous = "confirmed"
    for to_status in path.get(booking.status, []):
        BookingStatusChange.objects.create(
            booking=booking,
            from_status=previous,
            to_status=to_status,
            changed_at=min(at, timezone.now()),
        )
        previous = to_status


class BookingFactory(factory.django.DjangoModelFactory):
    """A booking of `appointment_type` with `provider` at `start`, written straight to the
    table (no rules, no messages). Its end, held time and device follow from the appointment
    type; its treatment is the appointment type's (a consultation names one: pass
    `treatment=`). `email=` books for the patient with that address (made if new);
    `history=True` also writes its status changes, as the services would have."""

    class Meta:
        model = "bookings.Booking"
        skip_postgeneration_save = True

    class Params:
        email = None

    patient = factory.LazyAttribute(lambda o: _patient_by_email(o.email))
    treatment = factory.LazyAttribute(lambda o: o.appointment_type.treatment)
    resource = factory.LazyAttribute(lambda o: o.appointment_type.resource)
    end = factory.LazyAttribute(lambda o: o.start + o.appointment_type.duration)
    blocked_until = factory.LazyAttribute(lambda o: o.start + o.appointment_type.blocked)
    status = "confirmed"
    source = "phone"

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):
        if create and extracted:
            _history_write(obj, at=obj.start)


def booking_lay(
    *,
    patient,
    provider: str,
    at: str,
    kind: str = "free-consultation",
    treatment: str = "halo",
    day: date = TUESDAY,
    status: str = "confirmed",
):
    """A booking on the demo clinic named as the journeys name it (a provider's name, an
    appointment type's slug, a local time on `day`), laid out with its status history, for a
    day that has partly happened already; the journeys then change it through the pages."""
    from bookings.models import AppointmentType, Provider
    from bookings.selectors import clinic_zone

    appointment_type = AppointmentType.objects.get(slug=kind)
    return BookingFactory(
        patient=patient,
        provider=Provider.objects.get(display_name=provider),
        appointment_type=appointment_type,
        treatment=appointment_type.treatment or Treatment.objects.get(slug=treatment),
        start=datetime.combine(day, time.fromisoformat(at), tzinfo=clinic_zone()),
        status=status,
        history=True,
    )


def halo_session(clinic, patient, start):
    """A HALO session with Dana for `patient`, booked by phone through the booking service."""
    from bookings import services

    return services.booking_create(
        appointment_type=clinic.halo_session,
        treatment=clinic.halo,
        start=start,
        provider=clinic.dana,
        patient=patient,
        patient_details=None,
        source="phone",
        online=False,
    )


def booking_book(
    clinic,
    *,
    start=MONDAY,
    provider=None,
    appointment_type=None,
    email="ana@example.com",
    source="online",
    intake_answers=None,
    **details,
):
    """A booking (a free consultation unless `appointment_type`) for HALO with Dana (or
    `provider`), through the booking service with all its rules and messages, as the patient
    makes it online (source="online") or the desk on the phone ("phone"). The patient is
    `patient_details(email, **details)`; `intake_answers` are the form's screening answers."""
    from bookings import services

    return services.booking_create(
        appointment_type=appointment_type or clinic.consultation,
        treatment=clinic.halo,
        start=start,
        provider=provider or clinic.dana,
        patient_details=patient_details(email, **details),
        source=source,
        online=source != "phone",
        intake_answers=intake_answers,
    )


def complete(booking, user=None):
    """Checked in and completed through the services as on the appointment's own day (the
    clock stays where the test put it)."""
    from bookings import services

    on_the_day = booking.start
    services.booking_transition(booking=booking, to_status="checked_in", now=on_the_day)
    return services.booking_complete(
        booking=booking, actor=user, treated_areas="Face", now=on_the_day
    )


# -- the clinical record: charts and consent forms ------------------------------------------


def chart_details(device, areas, *, coverage="20", passes="4", **extra):
    """What a provider enters on the chart form, for `charting.services.chart_save`."""
    from charting import services

    return services.ChartDetails(
        device=device,
        areas=list(areas),
        settings={a.pk: {"coverage": coverage, "passes": passes} for a in areas},
        skin_type=extra.pop("skin_type", "III"),
        **extra,
    )


# The medical history's questions in the consent tests.
QUESTIONS = [
    {
        "key": "pregnant",
        "label": "Are you pregnant?",
        "kind": "yes_no_prefer_not",
        "flag": ["yes", "prefer_not"],
        "note": "Pregnant, or did not say.",
    },
    {"key": "skin_type", "label": "Skin type?", "kind": "skin_type", "flag": ["V", "VI"]},
    {"key": "medicines", "label": "Medicines?", "kind": "text"},
]
PHOTO_QUESTION = (
    "I agree that the clinic may take before-and-after photos of the treated areas, keep them "
    "in my record, and show them to me."
)


def shown(template) -> int:
    """The version a page shows of `template` (its latest), as the sign form posts it."""
    from consent import services

    return services.form_version_latest(template).pk


def _png_data_url(draw: bool) -> str:
    import base64
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    if draw:
        ImageDraw.Draw(image).line([(10, 50), (150, 20), (290, 80)], fill=(0, 0, 0, 255), width=3)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def drawn_signature() -> str:
    return _png_data_url(draw=True)


def blank_signature() -> str:
    return _png_data_url(draw=False)


def sign(request, *, typed_name=None, answers=None, now=None, kiosk=None):
    """The patient signs `request`'s latest version by typing her name, through the consent
    service."""
    from consent import services
    from consent.models import FormSubmission

    return services.form_sign(
        request=request,
        version=services.form_version_latest(request.template),
        answers=answers or {"pregnant": "no", "skin_type": "II"},
        photo_release=True,
        signature=services.Signature(
            typed_name or request.patient.full_name, FormSubmission.SignedWith.TYPED, None
        ),
        signed_on=FormSubmission.SignedOn.PATIENT_LINK,
        ip_address="198.51.100.7",
        user_agent="test",
        kiosk=kiosk,
        now=now,
    )


def photo_consent_sign(booking, *, agreed: bool, at=None):
    """The patient signs the treatment's consent form through the real consent service,
    answering its photo question yes or no (the latest answer is the one that counts)."""
    from django.utils import timezone

    from consent import services
    from consent.models import FormKind, FormSubmission, FormTemplate, KioskSession

    template, _ = FormTemplate.objects.get_or_create(
        kind=FormKind.CONSENT,
        treatment=booking.treatment,
        defaults={
            "title": "HALO consent",
            "body": "## Risks\n- Redness\n\nI agree.",
            "asks_photo_release": True,
            "photo_release_text": PHOTO_QUESTION,
        },
    )
    version = services.form_version_latest(template)
    if version is None:
        version = services.form_version_publish(template=template)
    request = services.form_request_open(
        patient=booking.patient, template=template, booking=booking
    )
    # Signed already for this booking: a changed answer is signed again on the clinic's
    # tablet, as a correction (the patient's link shows the form as signed).
    kiosk = None
    if FormSubmission.objects.filter(patient=booking.patient, booking=booking).exists():
        kiosk = KioskSession.objects.create(request=request, started_by=StaffUserFactory())
    return services.form_sign(
        request=request,
        version=version,
        answers={},
        photo_release=agreed,
        signature=services.Signature(
            booking.patient.full_name, FormSubmission.SignedWith.TYPED, None
        ),
        signed_on=FormSubmission.SignedOn.CLINIC_TABLET
        if kiosk
        else FormSubmission.SignedOn.PATIENT_LINK,
        ip_address="198.51.100.7",
        user_agent="test",
        kiosk=kiosk,
        now=at or timezone.now(),
    )


# -- clinical photos ----------------------------------------------------------------------


def image_bytes(fmt: str = "JPEG", size=(64, 48), *, gps: bool = False, rotated: bool = False):
    """A small picture in `fmt`; a JPEG may carry a GPS position and an "on its side"
    orientation in its EXIF, as a phone's photo does."""
    import io

    from PIL import Image
    from pillow_heif import register_heif_opener

    register_heif_opener()
    image = Image.new("RGB", size, (200, 150, 130))
    exif = Image.Exif()
    if gps:
        # GPSInfo (0x8825): 41°52'N 87°37'W, Chicago.
        exif[0x8825] = {1: "N", 2: (41.0, 52.0, 0.0), 3: "W", 4: (87.0, 37.0, 0.0)}
    if rotated:
        exif[0x0112] = 6  # Orientation: rotate 90° clockwise to show
    out = io.BytesIO()
    options = {"exif": exif.tobytes()} if (gps or rotated) else {}
    image.save(out, fmt, **options)
    return out.getvalue()


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


def _now():
    from django.utils import timezone

    return timezone.now()


class PhotoFactory(factory.django.DjangoModelFactory):
    """A clinical photo of `booking` (required), written straight to the table and the
    private storage; ready=True also gives it its smaller copies."""

    class Meta:
        model = "photos.Photo"

    class Params:
        ready = False

    patient = factory.SelfAttribute("booking.patient")
    view = "front"
    phase = "before"
    width = 64
    height = 48
    original = factory.django.FileField(data=factory.LazyFunction(image_bytes), filename="o.jpg")
    thumbnail = factory.Maybe(
        "ready", factory.django.FileField(data=b"thumb", filename="t.jpg"), ""
    )
    screen = factory.Maybe("ready", factory.django.FileField(data=b"screen", filename="s.jpg"), "")
    renditions_ready_at = factory.Maybe("ready", factory.LazyFunction(_now), None)


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "charting.Area"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Area {n}")
    position = factory.Sequence(lambda n: n)
