"""The staff grid's placement classes, written out once as static/css/grid.css.

A Content-Security-Policy without 'unsafe-inline' for styles forbids style="" attributes, so
a block cannot say `style="grid-row: 5 / 9"`. It says `class="rs-5 re-9"` instead, and this
stylesheet has a rule for every row a day can have (a day of 5-minute rows has 289 lines).
The few rules that say how the grid's pieces share a lane (LANES, below) are written out with
them, so that the grid has one stylesheet of its own and staff.css keeps the look.
tests/rules/test_no_inline_code.py checks the file matches; to rewrite it (--no-imports: the
shell's note about its automatic imports would land in the file):

    python manage.py shell --no-imports -c \
      "from bookings.staff.grid_css import grid_css; print(grid_css(), end='')" \
      > static/css/grid.css
"""

from bookings.selectors.schedule import DAY_MINUTES, ROW_MINUTES

ROWS = DAY_MINUTES // ROW_MINUTES + 1  # 289: every 5-minute line of a day, both ends
BAR_HEIGHTS = 80  # the dashboard's chart bars, in px


# Out of sight but still read out: what Bootstrap's .visually-hidden does, for words that hide
# only in a narrow block (a container query decides, so a class in the template cannot).
OUT_OF_SIGHT = (
    "position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;\n"
    "    clip: rect(0 0 0 0); white-space: nowrap; border: 0;"
)

# Loaded after site.css and before staff.css (templates/staff/base.html): selectors here are
# one class more specific where staff.css sets the same property.
LANES = f"""\
/* A block's parts are lines in order: who, the marks with icons, the marks in words, the
   service. A line that does not fit whole wraps into a second column, outside the block and
   clipped with it, so a half-hour block shows its time and patient and never half a line. */
.sched-body .sched-booking {{
  flex-direction: column; flex-wrap: wrap; align-items: stretch; align-content: flex-start;
  row-gap: .1rem; column-gap: 2rem; container-type: inline-size;
}}
.sched-body .sched-booking > * {{ width: 100%; }}
.sched-booking .sched-tags {{
  display: flex; flex-wrap: wrap; align-items: center; gap: .1rem .2rem;
}}
.sched-booking .sched-notes {{ order: 1; }}
.sched-booking .sched-notes:empty {{ display: none; }}
.sched-booking .sched-type {{ white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }}
/* A cancelled or no-show block leads with its status. */
.sched-booking.sched-released .sched-tags:not(.sched-notes) {{ order: -1; }}
/* In a narrow block (a week's day on a tablet) the chips keep their icons and drop their
   words, so time, name and status fit a half hour. The words stay in the link for screen
   readers, in its title on hover, and come back on focus. */
@container (max-width: 8rem) {{
  .sched-booking:not(:focus-visible) .sched-word {{
    {OUT_OF_SIGHT}
  }}
  .sched-booking .sched-tag {{ padding: 0 .15rem; }}
}}
/* Narrower still (a cancelled strip in a week's day): the status and the time. */
@container (max-width: 3rem) {{
  .sched-booking:not(:focus-visible) .sched-patient {{
    {OUT_OF_SIGHT}
  }}
}}
/* Reached by keyboard, a block grows to show every line over the ones below it. */
.sched-body .sched-booking:focus-visible {{
  align-self: start; min-height: calc(100% - 2px); flex-wrap: nowrap; z-index: 7;
  box-shadow: 0 .25rem .75rem rgba(31, 42, 48, .3);
}}
/* A cancelled or no-show booking no longer holds its time: it is a strip at the lane's side,
   and the free cells under the rest of its width stay in reach of a click or a tap. */
.sched-body .sched-booking.sched-released {{
  margin-left: 60%; margin-right: 3px; padding: .05rem .2rem; font-size: .7rem;
}}
/* The device lane: the buffer after a booking, drawn apart from it and saying what it is. */
.sched-body .sched-device-buffer {{
  grid-column: 1; z-index: 1; margin: 0 3px 1px; container-type: size; overflow: hidden;
  font-size: .68rem; line-height: 1.15;
}}
.sched-device-buffer {{
  border-left: 4px dotted #8a4b08; color: #1f2a30;
  background: repeating-linear-gradient(135deg, #fbe9d0, #fbe9d0 3px, #fff 3px, #fff 6px);
}}
.sched-device-buffer-label {{ display: inline-block; padding: 0 .3rem; background: #fff; }}
/* A buffer too short for its words keeps them for screen readers and its title. */
@container (max-height: .9rem) {{
  .sched-device-buffer-label {{
    {OUT_OF_SIGHT}
  }}
}}
"""


def grid_css() -> str:
    lines = [
        "/* Written by bookings/staff/grid_css.py: do not edit by hand. */",
        *(f".rows-{n}{{--rows:{n}}}" for n in range(1, ROWS + 1)),
        *(f".rs-{n}{{grid-row-start:{n}}}" for n in range(1, ROWS + 1)),
        *(f".re-{n}{{grid-row-end:{n}}}" for n in range(2, ROWS + 2)),
        *(f".bar-h-{n}{{height:{n}px}}" for n in range(BAR_HEIGHTS + 1)),
    ]
    return "\n".join(lines) + "\n" + LANES
