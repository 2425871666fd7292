"""Every write of aftercare: courses, their reminders, check-in messages, unsubscribing.

Bookings announce what happened (aftercare/receivers.py calls these inside the booking's
transaction), so a booking and its reminders are committed, or rolled back, together.
"""

from datetime import date, datetime, timedelta

from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from bookings import access, preferences
from bookings.audit import audit_record
from bookings.models import AppointmentType, AuditEntry, Booking, Patient, TreatmentSession
from bookings.phones import phone_e164
from bookings.selectors import clinic_zone
from outbox import services as outbox_services
from outbox.models import Message
from practice.site import site_url
from treatments.selectors import clinic_get

from .models import APPOINTMENT_KINDS, CarePlan, Concern, Course, CourseStep, Reminder
from .schedule import appointment_reminder_due, due_at, same_day_text_due
from .selectors import reminder_still_wanted
from .states import course_move_to, courses_move, reminder_move, reminders_move

STEP_FIELDS = [
    "day_offset",
    "title",
    "what_to_expect",
    "what_to_do",
    "kind",
    "sends_email",
    "send_time",
    "repeat_every_days",
    "repeat_until_day",
    "position",
]


class AftercareError(Exception):
    """A request that cannot be carried out; `str()` is safe to show."""


def _local_date(moment: datetime) -> date:
    return moment.astimezone(clinic_zone()).date()


def _reminders_for(course: Course, steps: list[CourseStep], *, before: bool, now: datetime):
    """Reminder rows for the steps' occurrences on one side of the session, still ahead."""
    rows = []
    for step in steps:
        if not step.sends_email:
            continue
        for day in step.occurrences():
            if (day < 0) != before:
                continue
            due = due_at(session_date=course.session_date, day_offset=day, send_time=step.send_time)
            if day == 0 and not before and due <= now:
                # The session ran late (or was recorded late): the day's advice still matters.
                due = now
            if due > now or (day == 0 and not before):
                rows.append(
                    Reminder(
                        kind=Reminder.Kind.CARE_STEP,
                        patient_id=course.patient_id,
                        course=course,
                        step=step,
                        occurrence=day,
                        due_at=due,
                    )
                )
    return rows


def _course_open(*, booking: Booking, **fields) -> tuple[Course, list[CourseStep]] | None:
    """A course for `booking` with its plan's steps copied in (later edits to the plan never
    reach it). None when the treatment has no active care plan. Four queries."""
    plan = CarePlan.objects.filter(treatment_id=booking.treatment_id, is_active=True).first()
    if plan is None:
        return None
    course = Course.objects.create(
        patient_id=booking.patient_id,
        treatment_id=booking.treatment_id,
        booking=booking,
        plan=plan,
        plan_name=plan.name,
        healing_days=plan.healing_days,
        **fields,
    )
    steps = CourseStep.objects.bulk_create(
        CourseStep(course=course, **{f: getattr(step, f) for f in STEP_FIELDS})
        for step in plan.steps.all()
    )
    return course, steps


def course_create(*, booking: Booking, now: datetime | None = None) -> Course | None:
    """The course for a newly booked treatment session, with the reminders before the session
    scheduled in bulk."""
    opened = _course_open(booking=booking, session_date=_local_date(booking.start))
    if opened is None:
        return None
    course, steps = opened
    Reminder.objects.bulk_create(
        _reminders_for(course, steps, before=True, now=now or timezone.now())
    )
    return course


def course_start(*, session: TreatmentSession, now: datetime | None = None) -> Course | None:
    """The session happened: day 0 is its date, and the reminders after it are scheduled.
    At most six queries, also for a booking that had no course yet."""
    now = now or timezone.now()
    started = {
        "session": session,
        "session_date": session.performed_on,
        "status": Course.Status.ACTIVE,
    }
    course = Course.objects.filter(booking_id=session.booking_id).first()
    if course is None:
        opened = _course_open(booking=session.booking, **started)
        if opened is None:
            return None
        course, steps = opened
    else:
        course_move_to(
            course, to=Course.Status.ACTIVE, session=session, session_date=session.performed_on
        )
        # Anything still waiting to go out "before" the session is moot now.
        reminders_move(course.reminders.filter(occurrence__lt=0), to=Reminder.Status.CANCELLED)
        steps = list(course.steps.all())
    Reminder.objects.bulk_create(_reminders_for(course, steps, before=False, now=now))
    return course


MOVED_PAST = "Moved into the past"


def course_move(*, booking: Booking, now: datetime | None = None) -> None:
    """The treatment booking moved: its course's day 0 moves, and its reminders with it.

    Only rows still waiting are touched (a row the sweep has claimed is left to the sweep);
    a step the move pushed into the past is cancelled with a note, and comes back if a later
    move puts it ahead again.
    """
    now = now or timezone.now()
    course = Course.objects.filter(booking=booking, status=Course.Status.UPCOMING).first()
    if course is None:
        return
    course.session_date = _local_date(booking.start)
    course.save(update_fields=["session_date"])
    movable = Q(status=Reminder.Status.PENDING) | Q(
        status=Reminder.Status.CANCELLED, last_error=MOVED_PAST
    )
    for reminder in course.reminders.filter(movable).select_related("step"):
        new_due = due_at(
            session_date=course.session_date,
            day_offset=reminder.occurrence,
            send_time=reminder.step.send_time,
        )
        ahead = new_due > now
        reminders_move(
            Reminder.objects.filter(pk=reminder.pk).filter(movable),
            to=Reminder.Status.PENDING if ahead else Reminder.Status.CANCELLED,
            from_states=[reminder.status],
            due_at=new_due,
            last_error="" if ahead else MOVED_PAST,
        )
    # Steps before the session that were already in the past, but fall ahead of the new date.
    existing = set(course.reminders.values_list("step_id", "occurrence"))
    fresh = [
        r
        for r in _reminders_for(course, list(course.steps.all()), before=True, now=now)
        if (r.step.pk, r.occurrence) not in existing
    ]
    Reminder.objects.bulk_create(fresh)


def reminders_cancel_for(*, booking: Booking) -> int:
    """The booking is off (cancelled, or a no-show): nothing pending for it goes out."""
    courses_move(Course.objects.filter(booking=booking), to=Course.Status.CANCELLED)
    return reminders_move(
        Reminder.objects.filter(
            Q(booking=booking) | Q(course__booking=booking, course__status=Course.Status.CANCELLED)
        ),
        to=Reminder.Status.CANCELLED,
        from_states=[Reminder.Status.PENDING],
    )


def appointment_reminder_schedule(*, booking: Booking, now: datetime | None = None) -> None:
    """The appointment reminder for any booking, the clinic's lead time ahead (48 hours unless
    it set another), through the same rows and sweep. A booking made later than that gets
    none: its confirmation has just gone out."""
    now = now or timezone.now()
    clinic = clinic_get()
    reminders_move(
        Reminder.objects.filter(booking=booking, kind__in=APPOINTMENT_KINDS).exclude(
            appointment_start=booking.start
        ),
        to=Reminder.Status.CANCELLED,
        from_states=[Reminder.Status.PENDING],
    )
    due = appointment_reminder_due(
        booking.start, lead_hours=clinic.reminder_lead_hours if clinic else 48
    )
    _appointment_reminder_keep(booking, Reminder.Kind.APPOINTMENT, due=due, now=now)
    if clinic is not None and clinic.same_day_text:
        _appointment_reminder_keep(
            booking, Reminder.Kind.SAME_DAY, due=same_day_text_due(booking.start), now=now
        )


def _appointment_reminder_keep(booking: Booking, kind: str, *, due, now: datetime) -> None:
    if due is None or due <= now:
        return
    reminder, made = Reminder.objects.get_or_create(
        kind=kind,
        booking=booking,
        appointment_start=booking.start,
        defaults={"patient_id": booking.patient_id, "due_at": due},
    )
    if not made and reminder.status == Reminder.Status.CANCELLED:
        # Moved away and back again: this time's reminder is wanted after all.
        reminder_move(
            reminder,
            to=Reminder.Status.PENDING,
            from_states=[Reminder.Status.CANCELLED],
            due_at=due,
            last_error="",
        )


def appointment_reminders_cancel(*, booking: Booking) -> int:
    """The patient is here: their appointment reminder, if still waiting, is moot."""
    return reminders_move(
        Reminder.objects.filter(booking=booking, kind__in=APPOINTMENT_KINDS),
        to=Reminder.Status.CANCELLED,
        from_states=[Reminder.Status.PENDING],
    )


def booking_is_treatment(booking: Booking) -> bool:
    return booking.appointment_type.kind == AppointmentType.Kind.TREATMENT


def _staff_check(actor, *, allowed: bool, what: str, patient: Patient) -> None:
    if actor is not None:
        access.require(allowed, actor=actor, what=what, patient=patient)


def _change_record(actor, *, what: str, patient: Patient) -> None:
    # Staff's, or the system's when no one is named: either way the change is in the log.
    audit_record(actor=actor, action=AuditEntry.Action.CHANGE, what=what, patient=patient)


@transaction.atomic
def reminder_resend(*, reminder: Reminder, actor=None, now: datetime | None = None) -> Reminder:
    """Staff: send this reminder again (or at last, if it failed). One already handed to the
    outbox is sent again by the outbox; one never written is written with the next sweep."""
    now = now or timezone.now()
    _staff_check(
        actor,
        allowed=access.may_handle_reminders(actor)
        and access.may_see_patient(actor, reminder.patient),
        what="resend reminder",
        patient=reminder.patient,
    )
    if reminder.status == Reminder.Status.PENDING:
        raise AftercareError("This reminder is already waiting to go out.")
    if not reminder_still_wanted(reminder, now=now):
        raise AftercareError("Its booking is cancelled or over, so it would only confuse.")
    if reminder.status == Reminder.Status.QUEUED and reminder.message is not None:
        try:
            again = outbox_services.message_resend(message=reminder.message, actor=actor, now=now)
        except outbox_services.OutboxError as error:
            raise AftercareError(str(error)) from error
        Reminder.objects.filter(pk=reminder.pk).update(message=again)
    else:
        moved = reminder_move(
            reminder,
            to=Reminder.Status.PENDING,
            from_states=[reminder.status],
            due_at=now,
            attempts=0,
            last_error="",
        )
        if not moved:  # a second click, or a colleague, was first: nothing to record
            raise AftercareError("This reminder is already waiting to go out.")
        _change_record(actor, what="reminder resent", patient=reminder.patient)
    reminder.refresh_from_db()
    return reminder


@transaction.atomic
def reminder_cancel(*, reminder: Reminder, actor=None) -> Reminder:
    _staff_check(
        actor,
        allowed=access.may_handle_reminders(actor)
        and access.may_see_patient(actor, reminder.patient),
        what="cancel reminder",
        patient=reminder.patient,
    )
    changed = reminder_move(
        reminder, to=Reminder.Status.CANCELLED, from_states=[Reminder.Status.PENDING]
    )
    if not changed:
        raise AftercareError("Only a reminder still waiting to go out can be cancelled.")
    _change_record(actor, what="reminder cancelled", patient=reminder.patient)
    reminder.refresh_from_db()
    return reminder


def concern_send(
    *,
    course: Course,
    day_offset: int,
    text: str,
    urgency: str = Concern.Urgency.WORRIED,
    photo: bytes | None = None,
) -> Concern:
    """A patient says something doesn't look right: the concern is kept, and the clinic is
    alerted at once through the outbox, in one transaction (no concern without its alert)."""
    with transaction.atomic():
        concern = Concern.objects.create(
            course=course,
            patient_id=course.patient_id,
            day_offset=day_offset,
            text=text.strip()[:2000],
            urgency=urgency,
        )
        if photo:
            concern.photo.save("photo.jpg", ContentFile(photo), save=True)
        _concern_alert_queue(concern)
    return concern


def _concern_alert_queue(concern: Concern) -> None:
    """The alert says only that a patient is waiting, how urgently, and where to read it:
    no name, no words of theirs, nothing about their skin (an inbox is read more widely than
    the record)."""
    clinic = clinic_get()
    if clinic is None:
        return
    urgency = Concern.Urgency(concern.urgency)
    link = site_url(reverse("staff_aftercare:concern", kwargs={"concern_id": concern.public_id}))
    when = timezone.localtime(concern.created_at)
    outbox_services.message_queue(
        kind=Message.Kind.CONCERN_ALERT,
        to=clinic.alerts_to,
        subject=f"A patient is waiting for a reply ({ALERT_WORDS[urgency]})",
        text=(
            f"A patient sent a message from their aftercare page at {when:%-I:%M %p} and marked "
            f"it: {urgency.label}.\n\nRead it and answer them (staff sign-in needed):\n{link}\n"
        ),
        patient=concern.patient,
        booking=concern.course.booking,
    )
    phone = phone_e164(clinic.notification_phone) if clinic.notification_phone else None
    if phone:
        outbox_services.message_queue(
            kind=Message.Kind.CONCERN_ALERT,
            channel=Message.Channel.SMS,
            to=phone,
            text=f"{clinic.name}: a patient is waiting ({ALERT_WORDS[urgency]}). {link}",
            patient=concern.patient,
            booking=concern.course.booking,
        )


ALERT_WORDS = {
    Concern.Urgency.QUESTION: "a question",
    Concern.Urgency.WORRIED: "worried",
    Concern.Urgency.URGENT: "urgent",
}


@transaction.atomic
def concern_handle(*, concern: Concern, actor, note: str, is_reply: bool = False) -> bool:
    """Staff answered the concern (a reply the patient sees on their timeline) or noted what
    they did ("called back, all normal"). False if someone else handled it first."""
    access.require(
        access.may_see_patient(actor, concern.patient),
        actor=actor,
        what="handle concern",
        patient=concern.patient,
    )
    note = note.strip()
    if not note:
        raise AftercareError("Say what you told the patient or did.")
    changed = Concern.objects.filter(pk=concern.pk, resolved_at__isnull=True).update(
        resolved_at=timezone.now(),
        resolved_by=actor,
        handled_note=note[:2000],
        note_is_reply=is_reply,
    )
    if changed:
        _change_record(
            actor,
            what="concern answered" if is_reply else "concern handled",
            patient=concern.patient,
        )
        if is_reply:
            _concern_reply_announce(concern)
    return bool(changed)


def _concern_reply_announce(concern: Concern) -> None:
    """Tell the patient a reply is waiting on their timeline: the link, never the reply
    itself (a message is read more widely than the page behind the patient's link)."""
    from outbox.texts import STOP_LINE, gsm_plain, short_link

    from .links import course_timeline_path

    clinic = clinic_get()
    name = clinic.name if clinic else "Your clinic"
    patient = concern.patient
    path = course_timeline_path(concern.course) + "#told-us"

    def email() -> EmailMultiAlternatives:
        # In the shared layout, with the preferences and privacy links, like every other
        # email a patient gets.
        context = {
            "patient": patient,
            "clinic": clinic,
            "clinic_name": name,
            "link": site_url(path),
            "preferences_url": site_url(preferences.preferences_path(patient)),
            "privacy_url": site_url(reverse("treatments:privacy")),
        }
        built = EmailMultiAlternatives(
            subject=f"{name} has replied to your message",
            body=render_to_string("aftercare/email/concern_reply.txt", context),
            to=[patient.email],
            reply_to=[clinic.email] if clinic else None,
            headers={"Auto-Submitted": "auto-generated"},
        )
        built.attach_alternative(
            render_to_string("aftercare/email/concern_reply.html", context), "text/html"
        )
        return built

    outbox_services.message_queue_for(
        patient=patient,
        kind=Message.Kind.CONCERN_REPLY,
        text=lambda: gsm_plain(
            f"{name}: we've replied to your message. Read it: {short_link(path)} {STOP_LINE}"
        ),
        email=email,
        booking=concern.course.booking,
    )


def patient_records_move(*, keep: Patient, merged: Patient) -> None:
    """Two records of one patient were merged: their courses, reminders and messages follow."""
    Course.objects.filter(patient=merged).update(patient=keep)
    Reminder.objects.filter(patient=merged).update(patient=keep)
    Concern.objects.filter(patient=merged).update(patient=keep)


def course_day(course: Course, today: date | None = None) -> int:
    today = today or timezone.localdate()
    return (today - course.session_date).days


def next_session_booked(course: Course) -> Booking | None:
    """The patient's next session of this treatment, if one is already booked."""
    return (
        Booking.objects.filter(
            patient_id=course.patient_id,
            treatment_id=course.treatment_id,
            appointment_type__kind=AppointmentType.Kind.TREATMENT,
            status__in=[Booking.Status.REQUESTED, Booking.Status.CONFIRMED],
            start__gt=timezone.now(),
        )
        .order_by("start")
        .first()
    )


def next_session_window(course: Course) -> tuple[date, date] | None:
    """From when the next session of the series may be booked, and the last day offered."""
    treatment = course.treatment
    done = TreatmentSession.objects.filter(
        patient_id=course.patient_id, treatment=treatment
    ).count()
    if course.status != Course.Status.ACTIVE or done >= treatment.recommended_sessions:
        return None
    earliest = course.session_date + timedelta(days=treatment.session_interval_days)
    return earliest, earliest + timedelta(days=treatment.session_interval_days)


def next_session_type(course: Course) -> AppointmentType | None:
    """The appointment a series' next session is booked as."""
    return AppointmentType.objects.filter(
        kind=AppointmentType.Kind.TREATMENT, treatment=course.treatment, is_active=True
    ).first()


def next_session_offer(course: Course) -> dict | None:
    """What the timeline says of the next session: the one already booked ({"booked": ...}),
    else the first day in the series' window with a time free online ({"window", "first_free"};
    first_free is None when the window has none left), else None (the series is complete).
    The first free day, not the window's first date: that may be a day the clinic is closed
    (25 December) or already full."""
    from bookings import selectors as booking_selectors

    booked = next_session_booked(course)
    if booked is not None:
        return {"booked": booked}
    window = next_session_window(course)
    kind = next_session_type(course)
    if window is None or kind is None:
        return None
    first = max(window[0], timezone.localdate())
    slots = (
        booking_selectors.slots_available(
            appointment_type=kind,
            treatment=course.treatment,
            start_date=first,
            end_date=window[1],
            online=True,
        )
        if first <= window[1]
        else {}
    )
    first_free = min((day for day, times in slots.items() if times), default=None)
    return {"window": window, "first_free": first_free}


class NextSessionAlreadyBooked(AftercareError):
    def __init__(self, booking: Booking):
        super().__init__("Your next session is already booked.")
        self.booking = booking


def next_session_book(
    *, course: Course, appointment_type: AppointmentType, start: datetime, provider=None
) -> Booking:
    """Book the next session of the series from the timeline: one at a time, decided inside
    the transaction that books. The patient's row is locked first, so of ten simultaneous
    requests (a double tap, two tabs) one books and the others find it booked."""
    from bookings import services as booking_services

    with transaction.atomic():
        Patient.objects.select_for_update().filter(pk=course.patient_id).first()
        booked = next_session_booked(course)
        if booked is not None:
            raise NextSessionAlreadyBooked(booked)
        window = next_session_window(course)
        if window is None or not window[0] <= _local_date(start) <= window[1]:
            raise AftercareError("Please choose one of the times offered.")
        return booking_services.booking_create(
            appointment_type=appointment_type,
            treatment=course.treatment,
            start=start,
            provider=provider,
            patient=course.patient,
            patient_details=None,
            source=Booking.Source.ONLINE,
        )
