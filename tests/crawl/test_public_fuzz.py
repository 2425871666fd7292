"""Bad input on every public page, form and parameter a patient (or a provider's webhook)
reaches: NUL bytes, bytes that are not UTF-8, another charset, 400-character values, huge and
negative numbers, wrong methods. No answer is a 5xx, and input that is invalid changes no row
(patients, bookings, concerns, messages, texts, pending updates)."""

import time
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.urls import reverse

from aftercare.links import course_timeline_path
from aftercare.models import Concern, Course
from bookings.links import booking_manage_path
from bookings.models import Booking, ContactChange, Patient, PatientUpdate
from bookings.preferences import CARE_TIPS, preferences_path, stop_kind_path
from consent.links import forms_path
from consent.models import FormRequest, FormSubmission
from consent.selectors import booking_form_states
from outbox.models import InboundText, Message, ShortLink

from .fuzz import (
    PAYLOADS,
    REFUSED_BEFORE_ANY_VIEW,
    body_encode,
    forms_harvest,
    query_values,
)

FORM = "application/x-www-form-urlencoded"
QUERY = ["date", "start", "provider", "from", "day", "treatment", "sent", "booked"]
WATCHED = [
    Patient,
    Booking,
    Concern,
    Message,
    InboundText,
    PatientUpdate,
    FormRequest,
    FormSubmission,
    ContactChange,
]
# Public writes share one budget per client; the fuzz is not a flood test.
MAX_REQUESTS = 2500


def _snapshot() -> list:
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(f"SELECT count(*), max(id) FROM {m._meta.db_table}" for m in WATCHED)
        )
        return cursor.fetchall()


def _public_urls() -> list[str]:
    booking = (
        Booking.objects.filter(
            status=Booking.Status.CONFIRMED, appointment_type__is_bookable_online=True
        )
        .order_by("-start")
        .first()
    )
    course = Course.objects.filter(status=Course.Status.ACTIVE).first()
    start = booking.start + timedelta(days=1)
    manage = booking_manage_path(booking)
    timeline = course_timeline_path(course)
    patient = booking.patient
    ShortLink.objects.create(code="fuzzcode123", target=manage)
    # A treatment session with its consent still to sign: the forms page and the form.
    session = next(
        b
        for b in Booking.objects.filter(
            status=Booking.Status.CONFIRMED, appointment_type__kind="treatment"
        ).order_by("start")
        if any(not s.is_signed for s in booking_form_states(b))
    )
    unsigned = next(s for s in booking_form_states(session) if not s.is_signed)
    forms_page = forms_path(session)
    return [
        forms_page,
        f"{forms_page}{unsigned.template.pk}/",
        "/forms/tablet/",
        "/",
        "/privacy/",
        "/book/",
        "/book/halo/",
        f"/book/halo/details/?start={start.isoformat()}",
        manage,
        manage + "move/",
        manage + f"move/confirm/?start={start.isoformat()}",
        manage + "contact/",
        preferences_path(patient),
        stop_kind_path(patient, CARE_TIPS),
        timeline,
        timeline + "next/",
        "/m/fuzzcode123",
        reverse("outbox:sms_inbound"),
        reverse("outbox:sms_status"),
    ]


def test_bad_input_on_public_pages_never_makes_a_5xx_or_changes_a_row(demo, settings):
    settings.BOOKING_RATE_LIMIT = "100000/h"
    began = time.monotonic()
    client = Client()
    urls = _public_urls()
    forms, _ = forms_harvest(client, urls)
    failures, requests, unread = [], 0, 0

    def send(method, url, body="", *, invalid, what, content_type=FORM):
        nonlocal requests
        before = _snapshot() if invalid else None
        response = client.generic(method, url, body, content_type=content_type)
        requests += 1
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {method} {url} [{what}]")
        if invalid and _snapshot() != before:
            failures.append(f"rows changed by {method} {url} [{what}]")

    for url in urls:
        for method in ("PUT", "DELETE"):
            send(method, url, invalid=True, what="wrong method")
        joiner = "&" if "?" in url else "?"
        pairs, skipped = query_values(client, url, QUERY, PAYLOADS)
        unread += skipped
        for name, payload in pairs:
            invalid = payload in REFUSED_BEFORE_ANY_VIEW
            send("GET", f"{url}{joiner}{name}={PAYLOADS[payload]}", invalid=invalid, what=payload)
    for form in forms:
        defaults = body_encode(form.fields, name="", wire_value="")
        send(
            "POST",
            form.action,
            defaults,
            invalid=True,
            what="utf-7",
            content_type=f"{FORM}; charset=utf-7",
        )
        for name, _ in form.fields:
            for payload in ("nul", "not utf-8", "long", "huge", "negative"):
                body = body_encode(form.fields, name=name, wire_value=PAYLOADS[payload])
                invalid = payload in ("nul", "not utf-8")
                send("POST", form.action, body, invalid=invalid, what=f"{name}={payload}")
    assert requests < MAX_REQUESTS, "the fuzz grew past its bound"
    print(
        f"public fuzz: {requests} requests ({unread} query values not sent to pages that never "
        f"read them), {len(urls)} URLs, {len(forms)} forms, "
        f"{time.monotonic() - began:.0f} s"
    )
    assert len(forms) >= 5  # the booking details, cancel, preferences, stop, concern forms
    assert failures == [], "\n".join(failures)
