"""The clinic's own pictures: uploaded in the admin, resized into WebP and JPEG/PNG copies,
served with srcset and sizes, and replaced by built-in artwork until there is one."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from bookings.models import Provider
from tests.factories import ClinicFactory, StaffUserFactory, TreatmentFactory, as_user, image_bytes
from tests.treatments.admin_forms import treatment_admin_form
from treatments.models import Clinic, Treatment

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client):
    as_user(client, StaffUserFactory(is_superuser=True))
    return client


def _photo(width: int, height: int, *, fmt: str = "JPEG", gps: bool = False) -> bytes:
    image = Image.new("RGBA" if fmt == "PNG" else "RGB", (width, height), (11, 85, 96))
    buffer = io.BytesIO()
    options = {}
    if gps:
        exif = Image.Exif()
        exif[0x8825] = {2: (41.0, 52.0, 55.0), 1: "N"}  # GPSInfo: where the photo was taken
        exif[0x010F] = "PhoneMaker"
        options["exif"] = exif
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def _upload_hero(manager_client, treatment: Treatment, content: bytes, name="hero.jpg"):
    url = reverse("admin:treatments_treatment_change", args=[treatment.pk])
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    return manager_client.post(url, treatment_admin_form(treatment, hero_image=upload))


def test_a_hero_uploaded_in_the_admin_is_kept_in_three_widths_as_webp_and_jpeg(
    manager_client, settings
):
    ClinicFactory()
    treatment = TreatmentFactory(slug="halo", hero_alt="A provider treating a cheek")

    response = _upload_hero(manager_client, treatment, _photo(2400, 1500, gps=True))

    assert response.status_code == 302
    treatment.refresh_from_db()
    assert (treatment.hero_width, treatment.hero_height) == (2400, 1500)
    stem = Path(treatment.hero_image.name).stem
    folder = Path(settings.MEDIA_ROOT) / "public" / "treatments"
    for width in (480, 960, 1600):
        for extension in ("webp", "jpg"):
            copy = folder / f"{stem}-{width}w.{extension}"
            assert copy.exists(), copy
            with Image.open(copy) as image:
                assert image.width == width
                # Nothing from the camera travels to the public copy: no GPS, no maker.
                assert not image.getexif(), copy

    html = manager_client.get("/treatments/halo/").content.decode()
    assert '<source type="image/webp" srcset="/media/public/treatments/' in html
    assert f"/media/public/treatments/{stem}-480w.webp 480w" in html
    assert f"/media/public/treatments/{stem}-1600w.jpg 1600w" in html
    assert 'width="1600" height="1000" alt="A provider treating a cheek"' in html
    # The page's first picture loads at once; a card's waits until it is near.
    assert 'fetchpriority="high"' in html
    home = manager_client.get("/").content.decode()
    assert 'loading="lazy"' in home


def test_a_small_picture_is_never_enlarged(manager_client):
    ClinicFactory()
    treatment = TreatmentFactory(slug="halo")
    _upload_hero(manager_client, treatment, _photo(700, 400))
    treatment.refresh_from_db()
    picture = treatment.hero_picture
    assert picture.width == 700
    assert "480w" in picture.srcset
    assert "960w" not in picture.srcset


def test_a_file_that_is_not_a_picture_is_refused_and_nothing_changes(manager_client):
    ClinicFactory()
    treatment = TreatmentFactory(slug="halo")

    response = _upload_hero(manager_client, treatment, b"%PDF-1.7 not a picture", "hero.jpg")

    assert response.status_code == 200
    assert "Upload a valid image" in response.content.decode()
    treatment.refresh_from_db()
    assert not treatment.hero_image


def test_a_picture_over_the_size_limit_is_refused_with_the_limit_named(manager_client, settings):
    settings.PUBLIC_IMAGE_MAX_MB = 0
    ClinicFactory()
    treatment = TreatmentFactory(slug="halo")

    response = _upload_hero(manager_client, treatment, _photo(600, 400))

    assert "please upload one under 0 MB" in response.content.decode()
    treatment.refresh_from_db()
    assert not treatment.hero_image


def test_without_a_picture_every_card_and_page_shows_built_in_artwork(client):
    ClinicFactory()
    TreatmentFactory(slug="halo", artwork="dots")
    TreatmentFactory(slug="resurfacing", artwork="layers")

    for path in ("/", "/treatments/", "/treatments/halo/"):
        html = client.get(path).content.decode()
        assert "<img" not in html, path
        assert 'preserveAspectRatio="xMidYMid slice" aria-hidden="true"' in html, path


def test_the_logo_replaces_the_built_in_mark_in_the_header(manager_client):
    clinic = ClinicFactory()
    assert 'class="brand-mark"' in manager_client.get("/").content.decode()
    url = reverse("admin:treatments_clinic_change", args=[clinic.pk])
    page = manager_client.get(url)
    form = page.context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields and name != "logo"
    }
    data.update(
        {
            "logo": SimpleUploadedFile("logo.png", _photo(800, 200, fmt="PNG")),
            "opening_hours-TOTAL_FORMS": 0,
            "opening_hours-INITIAL_FORMS": 0,
            "opening_hours-MIN_NUM_FORMS": 0,
            "opening_hours-MAX_NUM_FORMS": 7,
        }
    )

    response = manager_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].errors
    clinic = Clinic.objects.get()
    html = manager_client.get("/").content.decode()
    assert 'class="brand-mark"' not in html
    # Transparency survives: the fallback is PNG, not JPEG.
    assert re.search(r'<img src="/media/public/clinic/\w+-800w\.png"', html)
    assert f'alt="{clinic.name}" class="brand-logo"' in html


def test_providers_are_introduced_with_photo_or_initials_and_only_those_chosen(
    client, django_capture_on_commit_callbacks
):
    ClinicFactory()
    halo = TreatmentFactory(name="HALO", slug="halo")
    dana = Provider.objects.create(display_name="Dana Whitfield", title="Laser technician")
    dana.treatments.set([halo])
    Provider.objects.create(display_name="Off Page", on_home_page=False)
    Provider.objects.create(display_name="Left Clinic", is_active=False)

    html = client.get("/").content.decode()

    assert "Dana Whitfield" in html
    assert "Laser technician" in html
    assert '<span class="avatar" aria-hidden="true">DW</span>' in html
    assert "Off Page" not in html
    assert "Left Clinic" not in html

    # The home page is cached; a new title shows as soon as it is saved.
    dana.title = "Senior laser technician"
    with django_capture_on_commit_callbacks(execute=True):
        dana.save()
    assert "Senior laser technician" in client.get("/").content.decode()


def test_public_pictures_are_served_for_a_year_and_nothing_else_under_media(client, settings):
    folder = Path(settings.MEDIA_ROOT) / "public" / "treatments"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "abc-480w.webp").write_bytes(b"RIFF....WEBP")
    (Path(settings.MEDIA_ROOT) / "secret.txt").write_text("not public")

    response = client.get("/media/public/treatments/abc-480w.webp")
    assert response.status_code == 200
    assert "max-age=31536000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
    assert client.get("/media/secret.txt").status_code == 404
    assert client.get("/media/public/../secret.txt").status_code == 404


def test_a_treatment_page_shares_its_own_picture_and_other_pages_the_sites_card(
    manager_client, settings
):
    settings.SITE_URL = "https://book.clinic.example"
    ClinicFactory()
    treatment = TreatmentFactory(slug="halo", hero_alt="Skin after HALO")
    html = manager_client.get("/").content.decode()
    assert (
        '<meta property="og:image" content="https://book.clinic.example/static/img/og-card.png">'
        in html
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in html

    _upload_hero(manager_client, treatment, _photo(1800, 1000))
    html = manager_client.get("/treatments/halo/").content.decode()
    assert re.search(
        r'<meta property="og:image" content="https://book.clinic.example/media/public/'
        r'treatments/\w+-1600w\.jpg">',
        html,
    )
    assert '<meta property="og:image:alt" content="Skin after HALO">' in html
    assert '<meta property="og:url" content="https://book.clinic.example/treatments/halo/">' in html


def test_a_treatment_page_shows_its_care_plan_as_a_strip_of_days(
    client, django_capture_on_commit_callbacks
):
    from aftercare.models import CarePlan, CareStep

    ClinicFactory()
    treatment = TreatmentFactory(slug="halo", after_your_session="Look after your skin.")
    assert "healing-days" not in client.get("/treatments/halo/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        plan = CarePlan.objects.create(treatment=treatment, name="HALO aftercare")
        for offset, title, kind in (
            (-14, "Pause retinoids", "skin_care"),
            (0, "Warmth and redness", "expectation"),
            (2, "Sandpaper feel", "expectation"),
            (1, "Sunscreen", "sunscreen"),
        ):
            CareStep.objects.create(plan=plan, day_offset=offset, title=title, kind=kind)

    html = client.get("/treatments/halo/").content.decode()
    strip = html[html.index('<ol class="timeline-strip"') :]
    strip = strip[: strip.index("</ol>")]
    assert re.findall(r'<span class="when">([^<]+)</span>([^<]+)</li>', strip) == [
        ("14 days before", "Pause retinoids"),
        ("The day of your session", "Warmth and redness"),
        ("Day 2", "Sandpaper feel"),
    ]
    # The strip sits right after the aftercare section.
    assert html.index('id="aftercare"') < html.index('id="healing-days"')


def test_a_replaced_picture_and_its_copies_are_removed(manager_client, settings):
    ClinicFactory()
    treatment = TreatmentFactory(slug="halo")
    _upload_hero(manager_client, treatment, _photo(1000, 600))
    treatment.refresh_from_db()
    folder = Path(settings.MEDIA_ROOT) / "public" / "treatments"
    first = Path(treatment.hero_image.name).stem
    # The original, and 480, 960 and 1000 (its own width) in two formats.
    assert len(list(folder.glob(f"{first}*"))) == 7

    _upload_hero(manager_client, treatment, _photo(1200, 700))
    treatment.refresh_from_db()

    second = Path(treatment.hero_image.name).stem
    assert second != first
    assert list(folder.glob(f"{first}*")) == []
    assert len(list(folder.glob(f"{second}*"))) == 7


def test_the_stored_original_is_the_cleaned_upright_copy_without_its_gps(manager_client, settings):
    ClinicFactory()
    treatment = TreatmentFactory(slug="halo")
    sent = image_bytes("JPEG", size=(1200, 800), gps=True, rotated=True)
    assert Image.open(io.BytesIO(sent)).getexif().get(0x8825)

    assert _upload_hero(manager_client, treatment, sent).status_code == 302

    treatment.refresh_from_db()
    # The page's og:image without its "-1600w": the original's own public address.
    response = manager_client.get(f"/media/{treatment.hero_image.name}")
    assert response.status_code == 200
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as original:
        assert not original.getexif()  # no GPS, no maker, no orientation
        assert original.size == (800, 1200)  # stood upright as the phone meant it
    assert (treatment.hero_width, treatment.hero_height) == (800, 1200)


@pytest.mark.parametrize("model", ["clinic", "treatment", "provider"])
def test_a_record_with_a_picture_can_be_saved_again_unchanged(manager_client, model):
    # It answered 500 (seek of closed file): a clinic with a logo could not edit its address.
    clinic = ClinicFactory()
    picture = SimpleUploadedFile("p.jpg", _photo(900, 600))
    if model == "clinic":
        clinic.logo = picture
        clinic.save()
        record, app = clinic, "treatments"
    elif model == "treatment":
        record, app = TreatmentFactory(slug="halo", hero_image=picture), "treatments"
    else:
        record, app = Provider.objects.create(display_name="Dana W", photo=picture), "bookings"
    stored = getattr(record, {"clinic": "logo", "treatment": "hero_image"}.get(model, "photo")).name
    url = reverse(f"admin:{app}_{model}_change", args=[record.pk])
    page = manager_client.get(url)
    form = page.context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields and not hasattr(value, "url")
    }
    for inline in page.context["inline_admin_formsets"]:  # opening hours, FAQs, working hours
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    for name, field in form.fields.items():
        if name in data and type(field).__name__ == "ModelMultipleChoiceField":
            data[name] = [getattr(v, "pk", v) for v in data[name]]
        if type(field).__name__ == "BooleanField":
            data[name] = "on" if data.get(name) else ""

    response = manager_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].errors
    record.refresh_from_db()
    field = {"clinic": "logo", "treatment": "hero_image"}.get(model, "photo")
    assert getattr(record, field).name == stored


def test_pictures_stored_before_uploads_were_cleaned_are_cleaned_by_the_migration(settings):
    from django.apps import apps
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from treatments.images import renditions_store, stored_picture_clean

    ClinicFactory()
    # As an upload was kept before: the camera's file itself, its GPS and its orientation.
    old = default_storage.save(
        "public/treatments/0ld.jpg",
        ContentFile(image_bytes("JPEG", size=(1200, 800), gps=True, rotated=True)),
    )
    treatment = TreatmentFactory(slug="halo")
    Treatment.objects.filter(pk=treatment.pk).update(
        hero_image=old, hero_width=1200, hero_height=800
    )
    treatment.refresh_from_db()
    renditions_store(treatment.hero_image)

    assert stored_picture_clean(apps.get_model("treatments", "Treatment"), "hero_image") == 1

    treatment.refresh_from_db()
    new = treatment.hero_image.name
    assert new != old and not default_storage.exists(old)  # the camera's file is gone
    with default_storage.open(new, "rb") as kept, Image.open(kept) as image:
        assert not image.getexif() and image.size == (800, 1200)
    assert (treatment.hero_width, treatment.hero_height) == (800, 1200)
    picture = treatment.hero_picture
    assert default_storage.exists(picture.src.removeprefix("/media/"))
    # The old copies went with the old original; only the clean one's remain.
    folder = Path(settings.MEDIA_ROOT) / "public" / "treatments"
    assert sorted(p.name for p in folder.glob("0ld-*")) == []


def test_a_truncated_picture_is_a_message_on_the_form_not_a_500(manager_client):
    ClinicFactory()
    treatment = TreatmentFactory(slug="halo")
    whole = _photo(1200, 800)

    response = _upload_hero(manager_client, treatment, whole[: len(whole) // 3])

    assert response.status_code == 200
    assert "not a picture we can read" in response.content.decode()
    treatment.refresh_from_db()
    assert not treatment.hero_image
