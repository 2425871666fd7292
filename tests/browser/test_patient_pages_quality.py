"""Every page a patient sees, at a phone's, a tablet's and a desktop's width: no sideways
scroll, no accessibility violation of any impact, tap targets a finger can hit, and a visible
focus ring on everything a keyboard can reach."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from aftercare.links import course_timeline_path
from aftercare.services import course_create, course_start
from bookings.links import booking_manage_path
from bookings.models import AppointmentType, Booking, Patient, Provider, TreatmentSession
from tests.browser.pages import DESKTOP, PHONE, TABLET, axe_violations
from treatments.models import Treatment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ALL_IMPACTS = ("minor", "moderate", "serious", "critical")

# Controls a finger taps: each must be 44x44 px at least (a radio or checkbox by its label).
# Links inside running text are exempt, as WCAG exempts them.
TAP_TARGETS_JS = """() => {
  const selector = 'button, input:not([type=hidden]), select, textarea, summary, a.btn, '
    + 'a.day, .site-links a, .breadcrumb a, .toc a, a.brand';
  const small = [];
  for (const element of document.querySelectorAll(selector)) {
    if (element.matches('.visually-hidden-focusable:not(:focus)')) continue;
    if (element.closest('.visually-hidden, [aria-hidden="true"]')) continue;  // a bot trap
    let box = element.getBoundingClientRect();
    if (!element.checkVisibility({visibilityProperty: true})) continue;  // a closed menu
    if (element.matches('input[type=radio], input[type=checkbox]') && element.labels.length) {
      const label = element.labels[0].getBoundingClientRect();
      box = {width: Math.max(box.width, label.width), height: Math.max(box.height, label.height)};
    }
    if (box.width < 44 || box.height < 44) {
      small.push(`${element.tagName.toLowerCase()}.${element.className} "${
        (element.textContent || element.name || '').trim().slice(0, 30)}" ${
        Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  // Nothing lies over a control on screen (a card's stretched link once covered the header).
  for (const element of document.querySelectorAll('a[href], button, summary, input, select')) {
    const box = element.getBoundingClientRect();
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    if (!box.width || y < 0 || y > innerHeight || x < 0 || x > innerWidth) continue;
    if (!element.checkVisibility({visibilityProperty: true})) continue;  // in a closed menu
    if (element.closest('.visually-hidden, .visually-hidden-focusable, [aria-hidden="true"]')) {
      continue;
    }
    const top = document.elementFromPoint(x, y);
    const label = element.labels && element.labels[0];
    if (top && !element.contains(top) && !(label && label.contains(top))) {
      small.push(`covered: ${element.tagName.toLowerCase()} "${
        (element.textContent || '').trim().slice(0, 30)}" by ${
        top.tagName.toLowerCase()}.${top.className}`);
    }
  }
  return small;
}"""


@pytest.fixture
def patient_paths(demo_clinic):
    """The public pages, the booking steps' first two, a booking's own page and a HALO
    timeline (the last two through their signed links)."""
    now = timezone.now()
    patient = Patient.objects.create(
        first_name="Ana", last_name="Tester", phone="3125550111", email="ana@example.com"
    )
    dana = Provider.objects.get(display_name="Dana Whitfield")
    consultation = AppointmentType.objects.filter(kind="consultation").first()
    start = (now + timedelta(days=9)).replace(hour=15, minute=0, second=0, microsecond=0)
    upcoming = Booking.objects.create(
        patient=patient,
        provider=dana,
        appointment_type=consultation,
        treatment=Treatment.objects.get(slug="halo"),
        start=start,
        end=start + consultation.duration,
        blocked_until=start + consultation.blocked,
        source="online",
        status="confirmed",
    )
    session_kind = AppointmentType.objects.get(slug="halo-session")
    done_at = now - timedelta(days=3)
    done = Booking.objects.create(
        patient=patient,
        provider=dana,
        appointment_type=session_kind,
        treatment=Treatment.objects.get(slug="halo"),
        start=done_at,
        end=done_at + session_kind.duration,
        blocked_until=done_at + session_kind.blocked,
        source="phone",
        status="completed",
    )
    course_create(booking=done, now=done_at - timedelta(days=20))
    session = TreatmentSession.objects.create(
        booking=done,
        patient=patient,
        treatment=done.treatment,
        provider=dana,
        performed_on=timezone.localdate(done_at),
        session_number=1,
        treated_areas="Full face",
    )
    course = course_start(session=session, now=done_at)
    return [
        "/",
        "/treatments/",
        "/treatments/halo/",
        "/treatments/laser-resurfacing/",
        "/treatments/faq/",
        "/privacy/",
        "/book/",
        "/book/halo/",
        booking_manage_path(upcoming),
        course_timeline_path(course),
    ]


@pytest.mark.parametrize("viewport", [PHONE, TABLET, DESKTOP], ids=["phone", "tablet", "desktop"])
def test_every_patient_page_fits_passes_axe_and_has_fingertip_targets(
    live_server, page_sized, patient_paths, viewport
):
    page = page_sized(viewport, is_mobile=viewport is PHONE, has_touch=viewport is not DESKTOP)
    problems = {}
    paths = list(patient_paths)
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        found = {}
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            found["sideways scroll (px)"] = overflow
        if violations := axe_violations(page, impacts=ALL_IMPACTS):
            found["axe"] = violations
        if small := page.evaluate(TAP_TARGETS_JS):
            found["small targets"] = small
        if found:
            problems[path] = found
        if path == "/book/halo/":
            # The third step, as a patient reaches it: the first free time.
            page.locator("a.slot, .slot-list a").first.click()
            page.wait_for_url("**/details/**")
            paths.append(page.url.removeprefix(live_server.url))
    assert problems == {}, json.dumps(problems, indent=1)


def test_nothing_scrolls_sideways_on_the_smallest_phones(live_server, page_sized, patient_paths):
    page = page_sized({"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    overflowing = {}
    for path in patient_paths:
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            overflowing[path] = overflow
    assert overflowing == {}


FOCUS_PROBE_JS = """(index) => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  if (element.hasAttribute('data-focus-probe')) return null;  // round once: every stop seen
  element.setAttribute('data-focus-probe', index);
  const style = getComputedStyle(element);
  return {
    style: [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow]
      .join(' | '),
    name: `${element.tagName.toLowerCase()} "${(element.textContent || element.name || '')
      .trim().slice(0, 30)}"`,
  };
}"""

UNFOCUSED_JS = """(index) => {
  const element = document.querySelector(`[data-focus-probe="${index}"]`);
  const style = getComputedStyle(element);
  return [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow].join(' | ');
}"""


def test_every_stop_of_the_keyboard_shows_where_focus_is(live_server, page_sized, patient_paths):
    page = page_sized(DESKTOP)
    invisible = []
    for path in ["/", "/treatments/halo/", "/book/", "/book/halo/", patient_paths[-2]]:
        page.goto(live_server.url + path)
        stops = []
        for index in range(120):
            page.keyboard.press("Tab")
            probe = page.evaluate(FOCUS_PROBE_JS, index)
            if probe is None:
                break
            stops.append((index, probe))
        page.evaluate("document.activeElement && document.activeElement.blur()")
        for index, probe in stops:
            if page.evaluate(UNFOCUSED_JS, index) == probe["style"]:
                invisible.append(f"{path}: {probe['name']}")
        assert len(stops) > 5, path
    assert invisible == []


def test_the_phone_menu_opens_without_javascript(browser, live_server, demo_clinic):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/treatments/halo/")
        faq = page.locator(".site-menu").get_by_role("link", name="FAQ", exact=True)
        expect(faq).to_be_hidden()
        # The Book button is in the phone's header, outside the menu.
        expect(page.locator(".site-nav .btn-cta")).to_be_visible()
        page.locator(".site-menu > summary").click()
        faq.click()
        page.wait_for_url("**/treatments/faq/")
    finally:
        context.close()


def test_the_home_link_keeps_its_name_on_the_smallest_phones(live_server, page_sized, demo_clinic):
    page = page_sized({"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    page.goto(live_server.url + "/")
    home = page.locator("a.brand")
    # The name leaves the eye at 320 px, never the link: axe's "link-name" rule.
    expect(home).to_have_accessible_name(demo_clinic.name)
    assert home.locator(".brand-name").bounding_box()["width"] <= 1
