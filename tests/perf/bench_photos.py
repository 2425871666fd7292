"""Clinical photos: the staff patient page of a patient with 40 sessions, 200 photos and 40
signed-off charts (queries, and render time beside the same page with 1 session), and the
worker's thumbnail and screen copy of a 12-megapixel photo (ms per photo, in the task's code
path).

`bench()` runs this module as a probe in a process of its own on the bench database; the
probe half (`main()`) prints one JSON line. The one-query panel is asserted in the test suite
(tests/photos/test_photo_panels.py); this prints the figures beside the times."""

import json
import statistics
import time

from .harness import Section, probe_run

RENDERS = 20
PHOTOS_TIMED = 8
PHOTO_SIZE = (3000, 4000)  # a tablet's 12 MP camera, upright


def bench() -> Section:
    data = probe_run(
        "tests.perf.bench_photos", env={"DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver"}
    )
    page = data["page"]
    rows = [
        [
            f"{size} session{'s' if size != '1' else ''}",
            str(run["photos"]),
            str(run["queries"]),
            f"{run['median_ms']:.1f}",
            f"{run['p95_ms']:.1f}",
        ]
        for size, run in page.items()
    ]
    same = page["1"]["queries"] == page["40"]["queries"]
    work = data["renditions"]
    return Section(
        title="Clinical photos: patient page and thumbnails",
        columns=["patient page with", "photos", "queries", "median ms", "p95 ms"],
        rows=rows,
        notes=[
            f"queries the same for 1 and 40 sessions: {'yes' if same else 'NO'}.",
            "",
            f"Thumbnail + screen copy of a {PHOTO_SIZE[0]}x{PHOTO_SIZE[1]} JPEG in the worker's "
            f"code path (photo_renditions_make, storage included): median "
            f"{work['median_ms']:.0f} ms per photo, max {work['max_ms']:.0f} ms "
            f"({work['photos']} photos).",
            "",
            "The page through Django's test client in one process (no network), as a manager, "
            f"{RENDERS} renders after one warm-up, on the bench PostgreSQL database.",
        ],
    )


# -- the probe ------------------------------------------------------------------------------


def _setup(sessions: int, tag: str):
    from datetime import datetime, timedelta

    from django.core.files.base import ContentFile

    from bookings.models import AppointmentType, Booking, Patient, Provider
    from bookings.selectors import clinic_zone
    from photos.models import Photo

    halo = AppointmentType.objects.get(slug="halo-session")
    provider, _ = Provider.objects.get_or_create(display_name="Bench photos")
    patient = Patient.objects.create(
        first_name="Bench", last_name=tag, email=f"{tag}@bench-photos.example", phone="1"
    )
    first = datetime(2029, 1, 2, 9, tzinfo=clinic_zone()) + timedelta(hours=3 * (sessions > 1))
    bookings = Booking.objects.bulk_create(
        Booking(
            patient=patient,
            provider=provider,
            appointment_type=halo,
            treatment=halo.treatment,
            start=first + timedelta(weeks=6 * i),
            end=first + timedelta(weeks=6 * i) + halo.duration,
            blocked_until=first + timedelta(weeks=6 * i) + halo.blocked,
            status="completed",
            source="phone",
        )
        for i in range(sessions)
    )
    # One small file stands in for every photo's bytes: the page never opens them.
    stand_in = Photo(patient=patient, booking=bookings[0], width=1, height=1)
    stand_in.original.save("o.jpg", ContentFile(b"\xff\xd8bench"), save=False)
    name = stand_in.original.name
    Photo.objects.bulk_create(
        Photo(
            patient=patient,
            booking=booking,
            view=view,
            phase="before",
            original=name,
            thumbnail=name,
            screen=name,
            width=PHOTO_SIZE[0],
            height=PHOTO_SIZE[1],
            renditions_ready_at=booking.end,
        )
        for booking in bookings
        for view in Photo.View.values
    )
    _charts(bookings)
    return patient


def _charts(bookings) -> None:
    """A signed-off HALO chart for every session (two areas, each with the device's
    settings), so the page's side by side of the series is as full as the photos."""
    from django.contrib.auth import get_user_model

    from charting.models import Area, Chart, ChartArea, ChartSetting, Device

    device = Device.objects.filter(settings__isnull=False).distinct().order_by("name").first()
    areas = list(Area.objects.order_by("position")[:2])
    if device is None or not areas:
        return
    author = get_user_model().objects.filter(groups__name="Manager").first()
    charts = Chart.objects.bulk_create(
        Chart(booking=booking, device=device, device_name=device.name, created_by=author)
        for booking in bookings
    )
    chart_areas = ChartArea.objects.bulk_create(
        ChartArea(chart=chart, area=area, area_name=area.name) for chart in charts for area in areas
    )
    settings = list(device.settings.all())
    ChartSetting.objects.bulk_create(
        ChartSetting(chart_area=ca, setting=st, label=st.label, unit=st.unit, value="20")
        for ca in chart_areas
        for st in settings
    )
    # Signed off last: a signed-off chart's areas could no longer be added.
    Chart.objects.filter(pk__in=[c.pk for c in charts]).update(
        signed_off_at=bookings[-1].end, signed_off_by=author
    )


def _page(client, patient) -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    url = f"/staff/patients/{patient.public_id}/"
    client.get(url)
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    count = len(queries)
    assert response.status_code == 200, response.status_code
    timings = []
    for _ in range(RENDERS):
        began = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - began) * 1000)
    return {
        "photos": patient.clinical_photos.count(),
        "queries": count,
        "median_ms": statistics.median(timings),
        "p95_ms": sorted(timings)[int(RENDERS * 0.95) - 1],
    }


def _renditions(patient) -> dict:
    import io

    from django.core.files.base import ContentFile
    from PIL import Image, ImageDraw

    from photos.models import Photo
    from photos.services import photo_renditions_make

    image = Image.new("RGB", PHOTO_SIZE, (200, 160, 140))
    ImageDraw.Draw(image).ellipse([600, 800, 2400, 3200], fill=(220, 180, 160))
    data = io.BytesIO()
    image.save(data, "JPEG", quality=90)
    booking = patient.bookings.first()
    timings = []
    for _ in range(PHOTOS_TIMED):
        photo = Photo(
            patient=patient,
            booking=booking,
            view="front",
            phase="after",
            width=PHOTO_SIZE[0],
            height=PHOTO_SIZE[1],
        )
        photo.original.save("o.jpg", ContentFile(data.getvalue()))
        began = time.perf_counter()
        photo_renditions_make(photo=photo)
        timings.append((time.perf_counter() - began) * 1000)
    return {"photos": PHOTOS_TIMED, "median_ms": statistics.median(timings), "max_ms": max(timings)}


def _files_delete() -> None:
    from photos.models import Photo

    for photo in Photo.objects.filter(patient__email__endswith="@bench-photos.example"):
        for file in (photo.original, photo.thumbnail, photo.screen):
            if file.name and file.storage.exists(file.name):
                file.storage.delete(file.name)


def main() -> None:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medspa.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.test import Client

    from tests.factories import as_user

    user, _ = get_user_model().objects.get_or_create(username="bench-photos-manager")
    user.groups.add(Group.objects.get(name="Manager"))
    client = Client(SERVER_NAME="127.0.0.1")
    as_user(client, user)
    # Everything the probe writes (rows and audit rows, which are append-only) is rolled
    # back at the end; only the files need removing by hand.
    with transaction.atomic():
        try:
            one, forty = _setup(1, "one"), _setup(40, "forty")
            results = {"page": {"1": _page(client, one), "40": _page(client, forty)}}
            results["renditions"] = _renditions(forty)
        finally:
            _files_delete()
            transaction.set_rollback(True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
