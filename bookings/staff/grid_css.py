"""The staff grid's placement classes, written out once as static/css/grid.css.

A Content-Security-Policy without 'unsafe-inline' for styles forbids style="" attributes, so
a block cannot say `style="grid-row: 5 / 9"`. It says `class="rs-5 re-9"` instead, and this
stylesheet has a rule for every row a day can have (a day of 5-minute rows has 289 lines).
tests/rules/test_no_inline_code.py checks the file matches; to rewrite it:

    python manage.py shell -c \
      "from bookings.staff.grid_css import grid_css; print(grid_css(), end='')" \
      > static/css/grid.css
"""

from bookings.selectors.schedule import DAY_MINUTES, ROW_MINUTES

ROWS = DAY_MINUTES // ROW_MINUTES + 1  # 289: every 5-minute line of a day, both ends
BAR_HEIGHTS = 80  # the dashboard's chart bars, in px


def grid_css() -> str:
    lines = [
        "/* Written by bookings/staff/grid_css.py: do not edit by hand. */",
        *(f".rows-{n}{{--rows:{n}}}" for n in range(1, ROWS + 1)),
        *(f".rs-{n}{{grid-row-start:{n}}}" for n in range(1, ROWS + 1)),
        *(f".re-{n}{{grid-row-end:{n}}}" for n in range(2, ROWS + 2)),
        *(f".bar-h-{n}{{height:{n}px}}" for n in range(BAR_HEIGHTS + 1)),
    ]
    return "\n".join(lines) + "\n"
