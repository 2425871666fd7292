"""Placement on the staff grid as classes (see bookings/staff/grid_css.py for why), and the
tint of a booking's appointment type."""

from django import template

from bookings.selectors.schedule import service_tint

register = template.Library()


@register.filter
def rows(block) -> str:
    """ "rs-5 re-9" for a block from row 5 up to row 9."""
    return f"rs-{block.row_start} re-{block.row_end}"


@register.filter
def service(booking) -> str:
    """ "service-3": the palette class of the booking's appointment type (static/css/staff.css)."""
    return f"service-{service_tint(booking.appointment_type_id)}"
