import factory
from django.contrib.auth import get_user_model

from treatments.models import FAQ, Clinic, Treatment


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


class StaffUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"staff{n}")
    is_staff = True
    password = factory.django.Password("a-long-test-password")


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


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "bookings.Patient"

    first_name = "Ana"
    last_name = factory.Sequence(lambda n: f"Patient{n}")
    email = factory.Sequence(lambda n: f"patient{n}@example.com")
    phone = factory.Sequence(lambda n: f"(312) 555-{1000 + n:04d}")


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "charting.Area"
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Area {n}")
    position = factory.Sequence(lambda n: n)
