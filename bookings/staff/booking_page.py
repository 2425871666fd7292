"""The desk's one screen for booking a caller: what it shows, read from what was opened (a
grid cell's provider and time, a day, a patient) and what has been chosen since, in any order.

Everything chosen travels in the one form, so a search, a pick, a new day or provider never
drops the rest. Only the Book button (`step=book`) books; every other button, and Enter in
any field, only redraws the page with what was chosen. Nothing here writes: the view hands
`booking_arguments()` to services.booking_create, the one home of the booking rules."""

from dataclasses import dataclass, field
from datetime import datetime

from django.http import QueryDict
from django.utils import timezone

from .. import access, selectors, services
from ..models import Patient, Provider
from ..parsing import start_parse, uuid_parse
from ..selectors.patients import patient_search
from .forms import NewBookingQueryForm, NewPatientForm, PhoneBookingForm

BOOK = "book"
# The pick button that clears the chosen patient ("Change").
NO_PATIENT = "none"


@dataclass
class PhoneBookingPage:
    patient: Patient | None
    searched: str
    matches: list[Patient]
    form: PhoneBookingForm
    new_patient: NewPatientForm
    free: list[selectors.Slot]
    # The chosen time, as an ISO 8601 moment with its offset (hidden inputs never carry a
    # localised date or time), kept while no free times are listed to choose it from.
    chosen_start: str
    # A time chosen before (a clicked cell) that is not free for what is chosen now.
    chosen_not_free: datetime | None
    clicked_provider: Provider | None
    consultation_needed: str
    wants_to_book: bool
    just_searched: bool
    times_asked: bool = False
    refusal: str = ""
    alternatives: list[selectors.Slot] = field(default_factory=list)

    @property
    def chosen_at(self) -> datetime | None:
        return start_parse(self.chosen_start)

    @property
    def ready_to_book(self) -> bool:
        patient_ok = self.patient is not None or self.new_patient.is_valid()
        return self.wants_to_book and self.form.is_valid() and patient_ok

    def booking_arguments(self) -> dict:
        data = self.form.cleaned_data
        details = None
        if self.patient is None:
            details = services.PatientDetails(
                **{
                    k: v
                    for k, v in self.new_patient.cleaned_data.items()
                    if k != "same_person_checked"
                }
            )
        return {
            "appointment_type": data["appointment_type"],
            "treatment": data["treatment"],
            "start": data["start_at"],
            "provider": data.get("provider"),
            "patient": self.patient,
            "patient_details": details,
            "outside_hours": bool(data.get("outside_hours")),
        }

    def refuse(self, error: services.BookingError) -> None:
        """The booking service said no: say why, and offer the nearest free times if any."""
        self.form.add_error(None, str(error))
        if isinstance(error, services.SlotTaken) and error.alternatives:
            self.free = error.alternatives


def _patient_chosen(user, opened: dict, posted: QueryDict | None) -> Patient | None:
    """The pick button, else the patient carried in the form, else the one opened with."""
    if posted is not None:
        pick = posted.get("pick")
        if pick == NO_PATIENT:
            return None
        chosen = uuid_parse(pick) or uuid_parse(posted.get("patient"))
        if chosen is None and "pick" not in posted and "patient" not in posted:
            chosen = opened.get("patient")
    else:
        chosen = opened.get("patient")
    if chosen is None:
        return None
    return access.patient_for(user, chosen, what="patient, to book")


def _initial(opened: dict) -> tuple[dict, Provider | None]:
    initial = {"date": timezone.localdate()}
    if opened.get("start_at"):
        initial["date"] = opened["start_at"].astimezone(selectors.clinic_zone()).date()
        initial["start"] = opened["start_at"].isoformat()
    if opened.get("date"):
        initial["date"] = opened["date"]
    provider = Provider.objects.filter(public_id=opened.get("provider"), is_active=True).first()
    if provider:
        initial["provider"] = provider
    return initial, provider


def _new_patient_data(posted: QueryDict, searched: str, matches: list) -> QueryDict:
    """A name searched for and not found is the new patient's name, unless one was typed."""
    words = searched.split() if searched and not matches and "@" not in searched else []
    if not words or posted.get("new-first_name") or posted.get("new-last_name"):
        return posted
    data = posted.copy()
    data["new-first_name"] = words[0]
    data["new-last_name"] = " ".join(words[1:])
    return data


def _free_times(data: dict) -> list[selectors.Slot]:
    kind, treatment, day = data.get("appointment_type"), data.get("treatment"), data.get("date")
    if not (kind and treatment and day):
        return []
    slots = selectors.slots_available(
        appointment_type=kind,
        treatment=treatment,
        start_date=day,
        end_date=day,
        provider=data.get("provider"),
        online=False,
    )
    return slots.get(day, [])


def _consultation_needed(patient: Patient | None, data: dict) -> str:
    """Said as soon as the patient and the treatment are known, not after choosing a time."""
    if patient is None or not data.get("appointment_type") or not data.get("treatment"):
        return ""
    try:
        services.consultation_required_check(
            patient=patient, appointment_type=data["appointment_type"], treatment=data["treatment"]
        )
    except services.BookingError as error:
        return str(error)
    return ""


def phone_booking_page(*, user, opened: QueryDict, posted: QueryDict | None) -> PhoneBookingPage:
    """The page for `user`, opened with the query string `opened`, after the form `posted`
    (None on the first visit)."""
    opening = NewBookingQueryForm(opened)
    opening.is_valid()
    first = opening.cleaned_data
    patient = _patient_chosen(user, first, posted)
    source = posted if posted is not None else opened
    searched = (source.get("q") or "").strip()[:100]
    matches = patient_search(user, searched) if searched and patient is None else []
    initial, clicked_provider = _initial(first)
    step = posted.get("step", BOOK) if posted is not None else ""
    wants_to_book = posted is not None and step == BOOK and "pick" not in posted
    # A link may carry a whole choice (appointment, day): its free times show at once.
    chosen = posted if posted is not None or "appointment_type" not in opened else opened
    form = PhoneBookingForm(
        chosen, initial=initial, may_book_outside_hours=access.may_book_outside_hours(user)
    )
    if posted is None:
        named = _new_patient_data(QueryDict(mutable=True), searched, matches)
        new_patient = NewPatientForm(
            prefix="new",
            initial={
                "first_name": named.get("new-first_name", ""),
                "last_name": named.get("new-last_name", ""),
            },
        )
    else:
        new_patient = NewPatientForm(_new_patient_data(posted, searched, matches), prefix="new")
    data = {}
    if form.is_bound:
        form.is_valid()  # the free times need only the type, treatment and day, not a time
        data = form.cleaned_data
    if not wants_to_book:
        # Redrawing is not asking to book: nothing chosen yet is called wrong.
        form.errors.clear()
        if new_patient.is_bound:
            new_patient.is_valid()
            new_patient.errors.clear()
    free = _free_times(data)
    chosen_at = start_parse(form["start"].value() if form.is_bound else initial.get("start"))
    chosen_not_free = None
    if chosen_at is not None and data.get("date"):
        # A time on another day than the one chosen now belongs to an earlier choice.
        on_the_day = chosen_at.astimezone(selectors.clinic_zone()).date() == data["date"]
        times_known = bool(data.get("appointment_type") and data.get("treatment"))
        if not on_the_day:
            chosen_at = None
        elif times_known and not any(slot.start == chosen_at for slot in free):
            chosen_not_free, chosen_at = chosen_at, None
    return PhoneBookingPage(
        patient=patient,
        searched=searched,
        matches=matches,
        form=form,
        new_patient=new_patient,
        free=free,
        chosen_start=chosen_at.isoformat() if chosen_at else "",
        chosen_not_free=chosen_not_free,
        clicked_provider=clicked_provider,
        consultation_needed=_consultation_needed(patient, data),
        wants_to_book=wants_to_book,
        just_searched=step == "search",
        times_asked=step == "times",
    )
