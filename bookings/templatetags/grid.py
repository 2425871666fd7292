"""Placement on the staff grid as classes (see bookings/staff/grid_css.py for why)."""

from django import template

register = template.Library()


@register.filter
def rows(block) -> str:
    """ "rs-5 re-9" for a block from row 5 up to row 9."""
    return f"rs-{block.row_start} re-{block.row_end}"
