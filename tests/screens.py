"""`make screens`: full-page screenshots of the main patient and staff pages at a phone's, a
tablet's and a desktop's width, so a reviewer can look at every page in a minute.

    python -m tests.screens                      # writes var/screens/<width>/<page>.png
    python -m tests.screens --out var/screens-a  # somewhere else
    python -m tests.screens --keep-db --compare var/screens-a
                                                 # the same demo data, diffed with that run
    python -m tests.screens --compare-css static/vendor/bootstrap/bootstrap.min.css
                                                 # each page shot twice in a row, the second
                                                 # time with that file as its Bootstrap
                                                 # stylesheet, and every pair diffed
    python -m tests.screens --only staff-day     # some pages

It serves the demo clinic the way `make run` does (DEBUG on, SQLite, migrate, load_demo,
collectstatic), on a database and var folder of its own under var/screens-db/ (made afresh on
every run unless --keep-db) and a free port, drives Debian's Chromium through Playwright,
prints one line per page (HTTP status, how far it scrolls sideways) and stops the server at
the end. Nothing here is a test: it exits non-zero only when a page did not answer as
expected, scrolled sideways, or (with --compare or --compare-css) differs.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.browser.pages import CHROMIUM, CHROMIUM_FLAGS

ROOT = Path(__file__).resolve().parents[1]
WIDTHS = {390: 844, 820: 1180, 1280: 800}  # width: height of the first screen
DEMO_PASSWORD = "willowmere-demo"
# The Bootstrap stylesheet base.html links, whichever of the two files it is.
BOOTSTRAP_CSS_GLOB = "**/static/vendor/bootstrap/bootstrap*.css"

# What the pages need from the demo's database: signed links and ids. Printed as JSON.
FACTS_SNIPPET = """
import json
from django.contrib.auth import get_user_model
from django.utils import timezone
from aftercare.links import course_timeline_path
from aftercare.models import Concern, Course
from bookings.demo_day import demo_day_choose
from bookings.links import booking_manage_path
from bookings.models import Booking, Provider
from bookings.preferences import preferences_path
from treatments.models import Treatment

now = timezone.now()
day = demo_day_choose(today=timezone.localdate())
upcoming = Booking.objects.filter(status=Booking.Status.CONFIRMED, start__gt=now)
upcoming = upcoming.order_by("start", "id").first()
on_day = Booking.objects.filter(start__date=day).exclude(status=Booking.Status.CANCELLED)
on_day = on_day.order_by("start", "id").first() or upcoming
course = Course.objects.filter(status=Course.Status.ACTIVE).order_by("session_date", "id").first()
dana = get_user_model().objects.filter(username="dana").first()
provider = Provider.objects.filter(user=dana).first() or Provider.objects.order_by("id").first()
concern = Concern.objects.order_by("id").first()
print(json.dumps({
    "day": day.isoformat(),
    "treatments": list(Treatment.objects.order_by("id").values_list("slug", flat=True)),
    "manage": booking_manage_path(upcoming) if upcoming else None,
    "timeline": course_timeline_path(course) if course else None,
    "booking": str(on_day.public_id) if on_day else None,
    "patient": str(on_day.patient.public_id) if on_day else None,
    "provider": str(provider.public_id) if provider else None,
    "preferences": preferences_path(upcoming.patient) if upcoming else None,
    "concern": str(concern.public_id) if concern else None,
}))
"""


@dataclass
class Screen:
    name: str
    path: str | None  # None: found on the way (the first free time of step 2)
    login: str | None = None  # the demo login to see it as
    optional: bool = False  # a 404 means the page does not exist (yet): skipped, not a failure
    action: str | None = None  # "menu": open the menu first; "submit": send the form empty
    expect: int = 200  # the HTTP status it answers with (a form with errors: 400)


def screens_list(facts: dict) -> list[Screen]:
    patient = [
        Screen("patient-home", "/"),
        Screen("patient-treatments", "/treatments/"),
        *(
            Screen(f"patient-treatment-{slug}", f"/treatments/{slug}/")
            for slug in facts["treatments"]
        ),
        Screen("patient-faq", "/treatments/faq/"),
        Screen("patient-privacy", "/privacy/"),
        Screen("patient-book-1-topic", "/book/"),
        Screen("patient-book-2-time", "/book/halo/"),
        Screen("patient-book-3-details", None),
        Screen("patient-book-3-errors", None, action="submit", expect=400),
        Screen("patient-menu-open", "/treatments/", action="menu"),
    ]
    if facts["manage"]:
        patient.append(Screen("patient-manage", facts["manage"]))
    if facts["timeline"]:
        patient.append(Screen("patient-aftercare", facts["timeline"]))
    if facts["preferences"]:
        patient.append(Screen("patient-message-preferences", facts["preferences"]))
    patient.append(Screen("patient-not-found", "/treatments/no-such-page/", expect=404))
    staff = [
        Screen("staff-login", "/staff/login/"),
        Screen("staff-day", f"/staff/schedule/?date={facts['day']}", "manager"),
        Screen("staff-day-provider", f"/staff/schedule/?date={facts['day']}", "dana"),
        Screen("staff-day-frontdesk", f"/staff/schedule/?date={facts['day']}", "frontdesk"),
        Screen("staff-month", "/staff/schedule/month/", "manager", optional=True),
        Screen("staff-booking-new", "/staff/bookings/new/", "frontdesk"),
        Screen("staff-patients", "/staff/patients/", "manager"),
        Screen("staff-dashboard", "/staff/dashboard/", "manager"),
        Screen("staff-concerns", "/staff/aftercare/concerns/", "manager"),
        Screen("staff-messages", "/staff/messages/", "manager"),
        Screen("staff-texts", "/staff/messages/texts/", "manager"),
        Screen("staff-audit", "/staff/audit/", "manager"),
        Screen("staff-time-off-new", "/staff/schedule/time-off/new/", "manager"),
        Screen("staff-style", "/staff/style/", "manager"),
        Screen("staff-menu-open", "/staff/patients/", "manager", action="menu"),
    ]
    if facts["provider"]:
        week = f"/staff/schedule/provider/{facts['provider']}/?date={facts['day']}"
        staff.append(Screen("staff-week", week, "manager"))
        hours = f"/staff/schedule/provider/{facts['provider']}/hours/"
        staff.append(Screen("staff-working-hours", hours, "manager"))
    if facts["booking"]:
        booking = f"/staff/bookings/{facts['booking']}/"
        staff.append(Screen("staff-booking", booking, "manager"))
        staff.append(Screen("staff-booking-move", f"{booking}move/", "frontdesk"))
    if facts["patient"]:
        patient_page = f"/staff/patients/{facts['patient']}/"
        staff.append(Screen("staff-patient", patient_page, "manager"))
        staff.append(Screen("staff-patient-edit", f"{patient_page}edit/", "manager"))
    if facts["concern"]:
        concern = f"/staff/aftercare/concerns/{facts['concern']}/"
        staff.append(Screen("staff-concern", concern, "manager"))
    return patient + staff


def server_env(db_dir: Path, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "medspa.settings",
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{db_dir / 'db.sqlite3'}",
        "MEDSPA_VAR_DIR": str(db_dir / "var"),
        "CACHE_URL": "locmemcache://screens",
        # The form-error shots post the booking form: not a client to slow down.
        "BOOKING_RATE_LIMIT": "1000/h",
        "PORT": str(port),
        "SITE_URL": f"http://127.0.0.1:{port}",
    }


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        sys.exit(f"manage.py {args[0]} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(env: dict[str, str], port: int, log_path: Path) -> Iterator[str]:
    """runserver on loopback until the block ends; yields its base URL."""
    cmd = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    with open(log_path, "w") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                sys.exit(f"the server exited early:\n{log_path.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                sys.exit(f"no answer from {base}/healthz in 60 s")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def login(browser, base: str, username: str) -> dict:
    """The storage state (session cookie) of a demo login, to open contexts with."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/staff/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    if "/staff/login/" in page.url:
        sys.exit(f"could not log in as {username}")
    state = context.storage_state()
    context.close()
    return state


def act(page, action: str, status: int) -> int | None:
    """Puts the page in the state the screenshot is of and returns the HTTP status it is in;
    None when the page has no such state at this width."""
    if action == "submit":
        # Every field empty: the page comes back with its errors (and writes nothing).
        with page.expect_navigation() as navigation:
            page.click("form[method=post] button[type=submit]")
        return navigation.value.status if navigation.value else 0
    for toggle, opened in [
        (".navbar-toggler", ".navbar-collapse.show"),
        ("details.site-menu > summary", "details.site-menu[open]"),
    ]:
        button = page.locator(toggle)
        if button.count() and button.first.is_visible():
            button.first.click()
            page.wait_for_selector(opened)
            page.wait_for_timeout(500)  # Bootstrap's collapse finishes its transition
            return status
    return None


def _context(browser, width: int, state: dict | None, css: bytes | None):
    context = browser.new_context(
        viewport={"width": width, "height": WIDTHS[width]},
        is_mobile=width < 600,
        has_touch=width < 1000,
        storage_state=state,
        reduced_motion="reduce",
    )
    if css is not None:
        context.route(
            BOOTSTRAP_CSS_GLOB,
            lambda route: route.fulfill(status=200, content_type="text/css", body=css),
        )
    return context


def _shoot_one(context, base: str, path: str, screen: Screen, target: Path) -> dict | None:
    """One screenshot; what the page answered, or None when it has no such page or state."""
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        response = page.goto(base + path, wait_until="load")
        status = response.status if response else 0
        if screen.optional and status == 404:
            return None
        if screen.action and status == 200:
            status = act(page, screen.action, status)
            if status is None:
                return None
        page.evaluate("document.fonts.ready")
        first_slot = page.locator("a.slot").first
        sideways = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        page.screenshot(path=target, full_page=True, animations="disabled", caret="hide")
        return {
            "status": status,
            "sideways": sideways,
            "height": page.evaluate("document.documentElement.scrollHeight"),
            "slot": first_slot.get_attribute("href") if first_slot.count() else None,
        }
    finally:
        page.close()


def shoot(args: argparse.Namespace, base: str, screens: list[Screen]) -> list[str]:
    """Takes every screenshot (and with --compare-css its twin right after it); returns what
    went wrong (empty when nothing did)."""
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    variants = {args.out: args.bootstrap_css.read_bytes() if args.bootstrap_css else None}
    if args.compare_css:
        variants[args.twin_out] = args.compare_css.read_bytes()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        logins = sorted({s.login for s in screens if s.login})
        states = {username: login(browser, base, username) for username in logins}
        step3: str | None = None
        for width in WIDTHS:
            contexts = {}
            for out, css in variants.items():
                (out / str(width)).mkdir(parents=True, exist_ok=True)
                for who in [None, *logins]:
                    contexts[out, who] = _context(browser, width, states.get(who), css)
            for screen in screens:
                path = screen.path or step3
                if path is None:
                    problems.append(f"{screen.name}: no free time on step 2 to follow")
                    print(f"{width:>5}  {screen.name:<34} skipped: no free time on step 2")
                    continue
                for out in variants:
                    target = out / str(width) / f"{screen.name}.png"
                    shot = _shoot_one(contexts[out, screen.login], base, path, screen, target)
                    if shot is None:
                        print(f"{width:>5}  {screen.name:<34} not at this width or not here")
                        break
                    if out != args.out:
                        continue  # the twin: only the pixels count
                    if screen.name == "patient-book-2-time" and step3 is None:
                        step3 = shot["slot"]
                    shown = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
                    print(
                        f"{width:>5}  {screen.name:<34} {shot['status']}  sideways "
                        f"{shot['sideways']}px  height {shot['height']}px  {shown}",
                        flush=True,
                    )
                    if shot["status"] != screen.expect:
                        problems.append(f"{width} {screen.name}: HTTP {shot['status']}")
                    if shot["sideways"] > 0:
                        problems.append(f"{width} {screen.name}: scrolls {shot['sideways']}px")
            for context in contexts.values():
                context.close()
        browser.close()
    return problems


def compare(out: Path, other: Path) -> list[str]:
    """Every PNG of this run against the one of the same name in `other`, pixel by pixel."""
    from PIL import Image, ImageChops

    problems = []
    mine = sorted(p.relative_to(out) for p in out.rglob("*.png"))
    theirs = {p.relative_to(other) for p in other.rglob("*.png")}
    for name in mine:
        if name not in theirs:
            problems.append(f"{name}: only in {out}")
            continue
        with Image.open(out / name) as a, Image.open(other / name) as b:
            if a.size != b.size:
                problems.append(f"{name}: size {a.size} here, {b.size} in {other}")
                continue
            box = ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox()
            if box:
                problems.append(f"{name}: differs in {box} (left, top, right, bottom)")
    problems += [f"{name}: only in {other}" for name in sorted(theirs - set(mine))]
    verdict = "identical" if not problems else f"{len(problems)} differ"
    print(f"compared {len(mine)} screenshots with {other}: {verdict}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "screens")
    parser.add_argument("--db-dir", type=Path, default=ROOT / "var" / "screens-db")
    parser.add_argument(
        "--bootstrap-css",
        type=Path,
        help="serve this file instead of the Bootstrap stylesheet the pages link",
    )
    parser.add_argument("--compare", type=Path, help="a folder of an earlier run to diff with")
    parser.add_argument(
        "--compare-css",
        type=Path,
        help="also shoot every page with this file as its Bootstrap stylesheet, right after "
        "the first shot (same data, same code), into <out>-compare-css/, and diff each pair",
    )
    parser.add_argument(
        "--keep-db",
        action="store_true",
        help="reuse the demo database of the last run (same data, so --compare sees only "
        "what the code or the CSS changed)",
    )
    parser.add_argument("--only", help="only the pages whose name contains this")
    args = parser.parse_args(argv)
    args.out = args.out.resolve()
    args.twin_out = args.out.with_name(f"{args.out.name}-compare-css")
    if not Path(CHROMIUM).exists():
        sys.exit(f"No Chromium at {CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)")

    # A fresh demo every run (the same pages on the same day, but for the times the demo
    # stamps its messages and notes with); --keep-db reuses the last run's, for a diff.
    db_dir = args.db_dir.resolve()
    if not args.keep_db:
        shutil.rmtree(db_dir, ignore_errors=True)
    db_dir.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(args.out, ignore_errors=True)
    shutil.rmtree(args.twin_out, ignore_errors=True)
    port = free_port()
    env = server_env(db_dir, port)
    print(f"preparing the demo in {db_dir} ...", flush=True)
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    facts = json.loads(manage(env, "shell", "-c", FACTS_SNIPPET).strip().splitlines()[-1])
    screens = screens_list(facts)
    if args.only:
        screens = [s for s in screens if args.only in s.name or s.name == "patient-book-2-time"]
    with serving(env, port, db_dir / "server.log") as base:
        print(f"serving {base}; {len(screens)} pages x {len(WIDTHS)} widths", flush=True)
        problems = shoot(args, base, screens)
    if args.compare:
        problems += compare(args.out, args.compare.resolve())
    if args.compare_css:
        problems += compare(args.out, args.twin_out)
    for problem in problems:
        print(f"  ! {problem}")
    print(f"screenshots in {args.out}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
