"""Seeds a clinic that has run for five years (or for one month), for the fifth-year
benchmark: `python -m tests.perf.five_years five_years` on the database of DATABASE_URL, which
must already be migrated with the demo clinic loaded (harness.dataset_database_prepare does
both, then runs this).

Five years: about 117,000 bookings, 30,000 patients, 679,000 reminder rows and 2,000,000
audit rows, ending a month ahead of today. One month: the same clinic in its first month (the
same providers, density and mix; a month back and a month ahead). Everything is written by
`INSERT ... SELECT` over generate_series inside PostgreSQL (a few minutes for five years):
Python never holds the rows.

The grid keeps every database rule: each provider's day (08:00-20:00 clinic time, closed on
Sundays) is cut into 60-minute cells (a consultation or a laser toning session) and, for six
of the eight providers, one 2-hour HALO cell at a time of day no other provider uses, so
neither a provider nor the HALO device is ever double-booked; a patient's bookings are at
least a day apart. Five cells in six are booked.
"""

import json
import sys
import time
from dataclasses import dataclass
from datetime import timedelta

import django

if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medspa.settings")
    django.setup()

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

# Bump when the data changes shape: a database built by an older builder is rebuilt.
BUILDER_VERSION = 6
PERF_PROVIDERS = 5  # added to the demo clinic's three
PERF_DOMAIN = "perf.example"
PASSWORD = "perf-only-password"


@dataclass(frozen=True)
class Dataset:
    name: str
    days_back: int
    days_ahead: int
    patients: int
    audit_rows: int


DATASETS = {
    "five_years": Dataset(
        "five_years", days_back=5 * 365, days_ahead=30, patients=30_000, audit_rows=2_000_000
    ),
    "one_month": Dataset(
        "one_month", days_back=30, days_ahead=30, patients=1_000, audit_rows=33_000
    ),
}

FIRST_NAMES = [
    "Ana",
    "Ben",
    "Chloe",
    "Diego",
    "Emma",
    "Farah",
    "Grace",
    "Hiro",
    "Isla",
    "Jonah",
    "Kemi",
    "Liam",
    "Maya",
    "Noah",
    "Olivia",
    "Priyanka",
    "Quinn",
    "Rosa",
    "Sam",
    "Tariq",
    "Uma",
    "Victor",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoë",
]
# A real clinic's 30,000 patients have thousands of surnames and many exchanges, not 26 and
# one: with too few, every search matches a thousand rows and no index can help, which
# measures the dataset rather than the search. The first FIRST_NAMES x LAST_NAMES patients
# keep the plain names (the probe looks one up); the rest get made-up surnames (about 10,000)
# and numbers spread over the area's codes and exchanges.
SURNAME_SYLLABLES = [
    "bar",
    "cal",
    "dor",
    "el",
    "fen",
    "gar",
    "hal",
    "is",
    "jor",
    "kel",
    "lan",
    "mor",
    "nes",
    "or",
    "pel",
    "quin",
    "ros",
    "sel",
    "tor",
    "ul",
    "var",
    "wes",
    "yar",
    "zel",
    "ash",
    "bri",
    "cor",
    "del",
    "est",
    "fal",
]
SURNAME_ENDINGS = [
    "",
    "son",
    "ley",
    "ton",
    "ford",
    "wick",
    "man",
    "by",
    "er",
    "ell",
    "ick",
    "stead",
]
AREA_CODES = ["312", "773", "872", "708", "847", "630", "224", "331"]

LAST_NAMES = [
    "Anderson",
    "Brooks",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fitzgerald",
    "García",
    "Hughes",
    "Ibrahim",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Petrov",
    "Quintero",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Underwood",
    "Varga",
    "Whitaker",
    "Xu",
    "Yilmaz",
    "Ångström-Núñez",
]


def _marker() -> dict | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('perf_dataset') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return None
        cursor.execute("SELECT spec FROM perf_dataset LIMIT 1")
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def dataset_is_current(dataset: Dataset, *, max_age_days: int = 7) -> bool:
    """Built by this builder version, for this dataset, within the last week (the data is
    anchored on the day it was built: "today" must still be inside it)."""
    marker = _marker()
    if not marker:
        return False
    built = timezone.datetime.fromisoformat(marker["built_on"]).date()
    return (
        marker["name"] == dataset.name
        and marker["version"] == BUILDER_VERSION
        and (timezone.localdate() - built).days <= max_age_days
    )


def _execute(sql: str, params: dict | None = None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or {})
        return cursor.rowcount


def _staff_create() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from bookings.models import Provider, WorkingHours
    from treatments.models import Treatment

    User = get_user_model()
    staff = [
        ("perf-manager", "Manager"),
        ("perf-desk-1", "Front desk"),
        ("perf-desk-2", "Front desk"),
        ("perf-desk-3", "Front desk"),
    ]
    for username, role in staff:
        user, made = User.objects.get_or_create(username=username)
        if made:
            user.set_password(PASSWORD)
            user.save()
        user.groups.add(Group.objects.get(name=role))
    treatments = list(Treatment.objects.all())
    for index in range(PERF_PROVIDERS):
        provider, made = Provider.objects.get_or_create(
            display_name=f"Perf Provider {index + 1}", defaults={"position": 10 + index}
        )
        if made:
            provider.treatments.set(treatments)
            WorkingHours.objects.bulk_create(
                WorkingHours(provider=provider, weekday=day, start="08:00", end="20:00")
                for day in range(6)
            )


def _patients(dataset: Dataset) -> None:
    _execute(
        """
        INSERT INTO bookings_patient (public_id, first_name, last_name, email, phone,
            phone_digits, date_of_birth, preferred_contact, wants_appointment_reminders,
            wants_care_tips, wants_next_session_nudge, message_channel, created_at,
            updated_at)
        SELECT gen_random_uuid(), f.names[1 + k %% f.n],
            CASE WHEN k < f.n * l.n THEN l.names[1 + (k / f.n) %% l.n]
                 ELSE initcap(s.parts[1 + k %% s.n] || s.parts[1 + (k / s.n) %% s.n]
                              || e.parts[1 + (k / (s.n * s.n)) %% e.n]) END,
            'patient' || k || '@' || %(domain)s,
            '+1' || a.codes[1 + k %% a.n] || p.exchange || p.line,
            '1' || a.codes[1 + k %% a.n] || p.exchange || p.line,
            DATE '1960-01-01' + (k * 37 %% 15000), 'email', k %% 5 <> 0, k %% 7 <> 0, k %% 5 <> 0,
            CASE WHEN k %% 3 = 0 THEN 'both' ELSE 'email' END,
            now() - interval '1 day' * (%(days_back)s * k / %(n)s), now()
        FROM generate_series(0, %(n)s - 1) AS k,
            (SELECT %(first)s::text[] AS names, cardinality(%(first)s::text[]) AS n) AS f,
            (SELECT %(last)s::text[] AS names, cardinality(%(last)s::text[]) AS n) AS l,
            (SELECT %(syllables)s::text[] AS parts, cardinality(%(syllables)s::text[]) AS n) AS s,
            (SELECT %(endings)s::text[] AS parts, cardinality(%(endings)s::text[]) AS n) AS e,
            (SELECT %(areas)s::text[] AS codes, cardinality(%(areas)s::text[]) AS n) AS a,
            LATERAL (SELECT (200 + (k * 7919) %% 800)::text AS exchange,
                            lpad(((k::bigint * 104729 + 1234) %% 10000)::text, 4, '0') AS line) AS p
        """,
        {
            "domain": PERF_DOMAIN,
            "n": dataset.patients,
            "days_back": dataset.days_back,
            "first": FIRST_NAMES,
            "last": LAST_NAMES,
            "syllables": SURNAME_SYLLABLES,
            "endings": SURNAME_ENDINGS,
            "areas": AREA_CODES,
        },
    )
    _execute(
        """
        CREATE TEMP TABLE perf_patient ON COMMIT DROP AS
        SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM bookings_patient
        WHERE email LIKE '%%@' || %(domain)s;
        CREATE UNIQUE INDEX ON perf_patient (k);
        """,
        {"domain": PERF_DOMAIN},
    )


def _bookings(dataset: Dataset) -> None:
    zone = settings.TIME_ZONE
    _execute(
        """
        CREATE TEMP TABLE perf_provider ON COMMIT DROP AS
        SELECT row_number() OVER (ORDER BY position, id) - 1 AS p, id FROM bookings_provider
        ORDER BY position, id LIMIT 8;

        CREATE TEMP TABLE perf_cell ON COMMIT DROP AS
        WITH days AS (
            SELECT d::date AS day, (d::date - %(first)s::date) AS dn
            FROM generate_series(%(first)s::date, %(last)s::date, interval '1 day') AS d
            WHERE extract(isodow FROM d) <> 7
        ), grid AS (
            SELECT days.day, days.dn, pp.p, pp.id AS provider_id, c
            FROM days, perf_provider AS pp, generate_series(0, 11) AS c
            -- a HALO cell (2 h) replaces the provider's two hourly cells at 2p and 2p+1
            WHERE NOT (pp.p < 6 AND c = 2 * pp.p + 1)
        )
        SELECT day, dn, p, provider_id, c,
            CASE WHEN p < 6 AND c = 2 * p THEN 'halo'
                 WHEN (c + dn + p) %% 4 = 0 THEN 'toning' ELSE 'consultation' END AS kind
        FROM grid
        WHERE (dn * 31 + p * 7 + c * 13) %% 6 <> 0;
        """,
        {
            "first": timezone.localdate() - timedelta(days=dataset.days_back),
            "last": timezone.localdate() + timedelta(days=dataset.days_ahead),
        },
    )
    _execute(
        """
        CREATE TEMP TABLE perf_booking ON COMMIT DROP AS
        SELECT row_number() OVER (ORDER BY day, c, p) AS n, cell.*,
            ((cell.day + time '08:00' + interval '1 hour' * c) AT TIME ZONE %(zone)s) AS start
        FROM perf_cell AS cell;

        INSERT INTO bookings_booking (public_id, patient_id, provider_id, appointment_type_id,
            treatment_id, resource_id, start, "end", blocked_until, status, source,
            intake_answers, intake_flags, cancellation_reason, manage_token, sequence,
            calendar_uid, created_at, updated_at)
        SELECT gen_random_uuid(), pt.id, b.provider_id, at.id,
            CASE WHEN b.kind = 'consultation'
                 THEN (SELECT id FROM treatments_treatment ORDER BY position, id
                       OFFSET (b.n %% 3) LIMIT 1)
                 ELSE at.treatment_id END,
            at.resource_id, b.start,
            b.start + interval '1 minute' * at.duration_minutes,
            b.start + interval '1 minute' * (at.duration_minutes + at.buffer_after_minutes),
            CASE WHEN b.n %% 20 IN (0, 1) THEN 'cancelled'
                 WHEN b.start > now() THEN 'confirmed'
                 WHEN b.n %% 20 = 2 THEN 'no_show' ELSE 'completed' END,
            CASE WHEN b.n %% 3 = 0 THEN 'online' ELSE 'phone' END,
            '{}'::jsonb, '[]'::jsonb,
            CASE WHEN b.n %% 20 IN (0, 1) THEN 'Patient called to cancel' ELSE '' END,
            md5(b.n::text || random()::text), 0,
            'booking-' || gen_random_uuid() || '@perf.example',
            b.start - interval '9 days', b.start - interval '9 days'
        FROM perf_booking AS b
        JOIN bookings_appointmenttype AS at ON at.slug = CASE b.kind
            WHEN 'halo' THEN 'halo-session' WHEN 'toning' THEN 'laser-toning-session'
            ELSE 'free-consultation' END
        JOIN perf_patient AS pt ON pt.k = (b.n * 7919) %% %(patients)s
        ORDER BY b.n;
        """,
        {"zone": zone, "patients": dataset.patients},
    )


def _sessions_and_courses() -> None:
    _execute(
        """
        INSERT INTO bookings_treatmentsession (public_id, booking_id, patient_id, treatment_id,
            provider_id, performed_on, session_number, treated_areas, settings_notes,
            recorded_by_id, created_at)
        SELECT gen_random_uuid(), b.id, b.patient_id, b.treatment_id, b.provider_id,
            (b.start AT TIME ZONE %(zone)s)::date,
            least(row_number() OVER (PARTITION BY b.patient_id, b.treatment_id ORDER BY b.start),
                  32000),
            'Full face', 'Settings as last time', NULL, b."end"
        FROM bookings_booking AS b JOIN bookings_appointmenttype AS at
            ON at.id = b.appointment_type_id
        WHERE at.kind = 'treatment' AND b.status = 'completed';

        INSERT INTO aftercare_course (public_id, patient_id, treatment_id, booking_id,
            session_id, plan_id, plan_name, healing_days, session_date, status, link_token,
            created_at)
        SELECT gen_random_uuid(), b.patient_id, b.treatment_id, b.id, s.id, plan.id,
            plan.name, plan.healing_days, (b.start AT TIME ZONE %(zone)s)::date,
            CASE b.status WHEN 'completed' THEN 'active' WHEN 'confirmed' THEN 'upcoming'
                 ELSE 'cancelled' END,
            md5(b.id::text || random()::text), b.created_at
        FROM bookings_booking AS b
        JOIN bookings_appointmenttype AS at ON at.id = b.appointment_type_id
        JOIN aftercare_careplan AS plan ON plan.treatment_id = b.treatment_id
        LEFT JOIN bookings_treatmentsession AS s ON s.booking_id = b.id
        WHERE at.kind = 'treatment';

        INSERT INTO aftercare_coursestep (course_id, day_offset, title, what_to_expect,
            what_to_do, kind, sends_email, send_time, repeat_every_days, repeat_until_day,
            position)
        SELECT course.id, step.day_offset, step.title, step.what_to_expect, step.what_to_do,
            step.kind, step.sends_email, step.send_time, step.repeat_every_days,
            step.repeat_until_day, step.position
        FROM aftercare_course AS course
        JOIN aftercare_carestep AS step ON step.plan_id = course.plan_id;
        """,
        {"zone": settings.TIME_ZONE},
    )


def _reminders() -> None:
    # Past: sent (one in 500 failed for good); the cancelled bookings' and courses' cancelled;
    # ahead: pending (one in 200 being retried).
    _execute(
        """
        INSERT INTO aftercare_reminder (kind, patient_id, course_id, step_id, occurrence,
            booking_id, appointment_start, due_at, status, attempts, last_error, claimed_at,
            sent_at, created_at)
        SELECT 'care_step', course.patient_id, course.id, step.id, occurrence, NULL, NULL, due,
            CASE WHEN course.status = 'cancelled' THEN 'cancelled'
                 WHEN due > now() THEN 'pending'
                 WHEN step.id %% 500 = 0 THEN 'failed' ELSE 'sent' END,
            CASE WHEN due > now() AND step.id %% 200 = 0 THEN 1
                 WHEN due <= now() AND step.id %% 500 = 0 THEN 5 ELSE 0 END,
            CASE WHEN step.id %% 500 = 0 AND due <= now() THEN 'SMTP 451: try again later'
                 ELSE '' END,
            NULL,
            CASE WHEN due <= now() AND course.status <> 'cancelled' AND step.id %% 500 <> 0
                 THEN due + interval '40 seconds' END,
            course.created_at
        FROM aftercare_coursestep AS step
        JOIN aftercare_course AS course ON course.id = step.course_id,
        LATERAL generate_series(step.day_offset,
            coalesce(step.repeat_until_day, step.day_offset),
            coalesce(step.repeat_every_days, 1)) AS occurrence,
        LATERAL (SELECT ((course.session_date + occurrence) + step.send_time)
                 AT TIME ZONE %(zone)s AS due) AS d
        WHERE step.sends_email;

        INSERT INTO aftercare_reminder (kind, patient_id, course_id, step_id, occurrence,
            booking_id, appointment_start, due_at, status, attempts, last_error, claimed_at,
            sent_at, created_at)
        SELECT 'appointment', b.patient_id, NULL, NULL, 0, b.id, b.start,
            b.start - interval '24 hours',
            CASE WHEN b.status = 'cancelled' THEN 'cancelled'
                 WHEN b.start - interval '24 hours' > now() THEN 'pending' ELSE 'sent' END,
            0, '', NULL,
            CASE WHEN b.status <> 'cancelled' AND b.start - interval '24 hours' <= now()
                 THEN b.start - interval '24 hours' + interval '30 seconds' END,
            b.created_at
        FROM bookings_booking AS b;

        -- Every booking's confirmation went through the outbox when it was booked.
        INSERT INTO outbox_message (public_id, kind, channel, patient_id, booking_id, "to",
            subject, text, html, calendar, headers, reply_to, message_id, due_at, expires_at,
            needs_live_booking, status, attempts, last_error, reason, claimed_at, sent_at,
            created_at, provider_ref)
        SELECT gen_random_uuid(), 'booking_confirmed', 'email', b.patient_id, b.id, p.email,
            'Your appointment is booked', 'Your appointment is booked.', '', '', '{}', '',
            '<perf-' || b.id || '@perf.example>', b.created_at, NULL, true, 'sent', 1, '', '',
            NULL, b.created_at + interval '20 seconds', b.created_at, ''
        FROM bookings_booking AS b JOIN bookings_patient AS p ON p.id = b.patient_id;
        """,
        {"zone": settings.TIME_ZONE},
    )


def _audit(dataset: Dataset) -> None:
    """Every few minutes of every open hour, for the whole span: pages viewed, searches,
    status changes, exports, a refusal now and then; rows spread evenly through time."""
    _execute(
        """
        CREATE TEMP TABLE perf_actor ON COMMIT DROP AS
        SELECT row_number() OVER (ORDER BY id) - 1 AS a, id FROM auth_user
        WHERE username LIKE 'perf-%%';
        CREATE TEMP TABLE perf_booking_id ON COMMIT DROP AS
        SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, patient_id FROM bookings_booking;
        CREATE UNIQUE INDEX ON perf_booking_id (k);
        """
    )
    _execute(
        """
        INSERT INTO bookings_auditentry (at, actor_id, action, what, patient_id, booking_id,
            ip_address, path, detail)
        SELECT first_at + span * (i::float8 / %(rows)s), actor.id,
            CASE WHEN i %% 500 = 0 THEN 'export' WHEN i %% 97 = 0 THEN 'denied'
                 WHEN i %% 10 = 0 THEN 'change' ELSE 'view' END,
            CASE WHEN i %% 500 = 0 THEN 'bookings CSV' WHEN i %% 97 = 0 THEN 'refused'
                 WHEN i %% 10 = 0 THEN 'booking status'
                 WHEN i %% 3 = 0 THEN 'patient page' WHEN i %% 3 = 1 THEN 'booking page'
                 ELSE 'patient search' END,
            CASE WHEN i %% 500 = 0 OR (i %% 3 = 2 AND i %% 10 <> 0) THEN NULL
                 ELSE bk.patient_id END,
            CASE WHEN i %% 3 = 1 OR i %% 10 = 0 THEN bk.id END,
            ('10.0.' || (i %% 4) || '.' || (10 + i %% 20))::inet,
            '/staff/',
            CASE WHEN i %% 500 = 0 THEN jsonb_build_object('from', '2026-01-01', 'to', '2026-01-31')
                 WHEN i %% 10 = 0 THEN jsonb_build_object('from', 'confirmed', 'to', 'completed')
                 WHEN i %% 3 = 2 THEN jsonb_build_object('q', 'okafor', 'results', i %% 7)
                 ELSE '{}'::jsonb END
        FROM generate_series(0, %(rows)s - 1) AS i,
            (SELECT now() - interval '1 day' * %(days_back)s AS first_at,
                    interval '1 day' * %(days_back)s AS span) AS s,
            LATERAL (SELECT id FROM perf_actor WHERE a = i %% 4) AS actor,
            LATERAL (SELECT id, patient_id FROM perf_booking_id
                     WHERE k = (i * 7) %% (SELECT count(*) FROM perf_booking_id)) AS bk
        """,
        {"rows": dataset.audit_rows, "days_back": dataset.days_back},
    )


def dataset_build(dataset: Dataset) -> dict:
    """Seeds `dataset` into the current database (empty of perf rows), then ANALYZEs."""
    began = time.monotonic()
    with transaction.atomic():
        _staff_create()
        _patients(dataset)
        _bookings(dataset)
        _sessions_and_courses()
        _reminders()
        _audit(dataset)
        _execute("CREATE TABLE perf_dataset (spec text NOT NULL)")
        _execute(
            "INSERT INTO perf_dataset VALUES (%(spec)s)",
            {
                "spec": json.dumps(
                    {
                        "name": dataset.name,
                        "version": BUILDER_VERSION,
                        "built_on": timezone.localdate().isoformat(),
                    }
                )
            },
        )
    # As autovacuum would have long since done in a clinic's fifth year: statistics, and the
    # trigram indexes' pending lists merged (a GIN index fresh from a bulk insert scans its
    # whole pending list on every search).
    _execute("VACUUM ANALYZE")
    return {**dataset_counts(), "seconds": round(time.monotonic() - began, 1)}


def dataset_counts() -> dict:
    tables = {
        "patients": "bookings_patient",
        "bookings": "bookings_booking",
        "reminders": "aftercare_reminder",
        "audit_rows": "bookings_auditentry",
    }
    counts = {}
    with connection.cursor() as cursor:
        for label, table in tables.items():
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[label] = cursor.fetchone()[0]
    return counts


def main(name: str) -> None:
    dataset = DATASETS[name]
    if dataset_is_current(dataset):
        result = {**dataset_counts(), "seconds": 0, "reused": True}
    else:
        if _marker() is not None:
            raise SystemExit(f"{connection.settings_dict['NAME']} holds an old dataset: drop it")
        result = {**dataset_build(dataset), "reused": False}
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1])
