"""Moving a booking by dragging it on the day grid (static/js/grid-drag.js).

The drop is one more door into services.booking_reschedule, the service the move page calls:
the same rules (free time, working hours, the device, closures, the provider performing the
treatment), the same row lock and constraints for races, the same audit row and "moved"
message to the patient. This view only reads the drop and says the outcome in JSON, for the
grid's status line; keyboard users keep the move page.

A drop is asked about before anything moves (issue 20: a mistaken drop must cost nothing):
the grid first posts it with `ask=1`, and this view reads it as it would a move but only
answers the question to put to the desk, in words: who moves, from when to when, with whom,
and how the patient will hear of it. Only the desk's "Move" posts the drop again without
`ask`, and then the service decides.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from .. import access, preferences, selectors, services
from ..models import Booking, Provider
from .access import staff_view
from .forms import GridMoveForm


def _refused(message: str, *, status: int, changed: bool = False) -> JsonResponse:
    """Nothing moved, and why. `changed`: the grid the user dragged on is out of date (the
    page draws it again)."""
    return JsonResponse(
        {"moved": False, "changed": changed, "message": f"Not moved. {message}"}, status=status
    )


def _time_label(booking: Booking) -> str:
    return f"{booking.start.astimezone(selectors.clinic_zone()):%-I:%M %p}"


def _taken_message(taken: services.SlotTaken, *, start, said: str = "") -> str:
    """The service's words (or `said`), with the nearest free times it found (the page of the
    move form shows them as buttons; here they are read out): the day only when another day."""
    zone = selectors.clinic_zone()
    labels = []
    for slot in taken.alternatives:
        local = slot.start.astimezone(zone)
        same_day = local.date() == start.astimezone(zone).date()
        labels.append(f"{local:%-I:%M %p}" if same_day else f"{local:%a %-d %b, %-I:%M %p}")
    words = said or str(taken)
    if not labels:
        return words
    return f"{words.rstrip('.')}: {', '.join(labels)}."


# The verbs of the channels preferences.channels_for names (never none): the outbox writes the
# "moved" message on each of them (outbox/services.booking_message_queue) for every move,
# whoever made it.
_TOLD_BY = {preferences.EMAIL: "email", preferences.SMS: "text"}


def move_told(booking: Booking) -> str:
    """The question's second line: how the patient will be told the new time."""
    channels = preferences.channels_for(booking.patient)
    verbs = " and ".join(_TOLD_BY.get(c, c) for c in sorted(channels))
    return f"We'll {verbs} the patient the new time."


def move_question(*, booking: Booking, start, provider: Provider) -> str:
    """What a drop would do, asked before it does it: the provider named on both sides when
    the drop changes them, and the day too when it changes (the week's grid may one day be
    draggable)."""
    zone = selectors.clinic_zone()
    before, after = booking.start.astimezone(zone), start.astimezone(zone)
    shape = "%-I:%M %p" if before.date() == after.date() else "%a %-d %b, %-I:%M %p"
    was, to = f"{before:{shape}}", f"{after:{shape}}"
    name = booking.patient.full_name
    if provider == booking.provider:
        return f"Move {name} from {was} to {to} with {provider.display_name}?"
    return (
        f"Move {name} from {was} with {booking.provider.display_name} "
        f"to {to} with {provider.display_name}?"
    )


def _question(booking: Booking, *, start, provider: Provider) -> JsonResponse:
    """The answer to `ask`: nothing is written, nothing is sent."""
    return JsonResponse(
        {
            "moved": False,
            "asked": True,
            "question": move_question(booking=booking, start=start, provider=provider),
            "told": move_told(booking),
            "kept": (
                f"Not moved: {booking.patient.full_name} stays at {_time_label(booking)} with "
                f"{booking.provider.display_name}, and nothing was sent."
            ),
        }
    )


# The move page's permission: staff_view refuses (403, audited) anyone who may not book by
# phone, and the service asks access.may_move again whoever calls it.
@staff_view("book_by_phone")
@require_POST
def booking_grid_move(request: HttpRequest, booking_id) -> JsonResponse:
    booking = access.booking_for(request.user, booking_id, what="booking, to reschedule")
    form = GridMoveForm(
        request.POST,
        booking=booking,
        providers=selectors.providers_for(treatment=booking.treatment),
    )
    if not form.is_valid():
        if form.has_error(NON_FIELD_ERRORS, GridMoveForm.CHANGED):
            return _refused(" ".join(form.errors[NON_FIELD_ERRORS]), status=409, changed=True)
        said = dict.fromkeys(e for errors in form.errors.values() for e in errors)
        return _refused(" ".join(said), status=400)
    start, provider = form.cleaned_data["start"], form.cleaned_data["provider"]
    if request.POST.get("ask"):
        if start == booking.start and provider == booking.provider:
            # The service would do nothing and send nothing: no question that says otherwise.
            return _refused("It is already there.", status=400)
        # A drop the move would refuse is refused now, with the nearest free times, rather
        # than asked about and refused after "Move".
        try:
            services.booking_move_check(
                booking=booking, start=start, provider=provider, online=False
            )
        except services.SlotTaken as taken:
            # Not a race lost ("just taken", the service's words to a patient): the desk
            # dropped on a time that was not free, and sees why on the grid.
            said = (
                "That time is not free (a booking, its buffer, time off, the laser or outside "
                "working hours). The nearest free times."
            )
            return _refused(_taken_message(taken, start=start, said=said), status=409)
        except services.BookingError as error:
            return _refused(str(error), status=409)
        return _question(booking, start=start, provider=provider)
    try:
        moved = services.booking_reschedule(
            booking=booking, start=start, provider=provider, actor=request.user, online=False
        )
    except services.SlotTaken as taken:
        return _refused(_taken_message(taken, start=start), status=409)
    except services.BookingError as error:
        return _refused(str(error), status=409)
    return JsonResponse(
        {
            "moved": True,
            "message": (
                f"Moved {moved.patient.full_name} to {_time_label(moved)} with "
                f"{moved.provider.display_name}. The patient has been sent the new time."
            ),
        }
    )
