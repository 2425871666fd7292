"""What the browser journeys share besides their fixtures (tests/conftest.py): Debian's
Chromium and its flags, the three widths, the Content-Security-Policy watch, axe-core, and the
login form."""

import functools
import os
import re
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 820, "height": 1180}
DESKTOP = {"width": 1280, "height": 800}


def csp_watch(context) -> list[str]:
    """What the browser refused under the Content-Security-Policy in this context: Chromium
    reports each refusal (an inline style, a script) as a console error."""
    refused: list[str] = []
    context.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return refused


def axe_violations(page, *, impacts=("serious", "critical")) -> list[dict]:
    """Runs axe-core on the page and returns the violations of the given impacts."""
    # A control just clicked may still be fading to its new colours (Bootstrap's buttons ease
    # over .15 s): axe would measure the contrast halfway. Wait for every running transition.
    # (Only those that end: a looping one, a spinner, never finishes.)
    page.evaluate(
        "() => Promise.all(document.getAnimations()"
        ".filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity)"
        ".map((a) => a.finished))"
    )
    # Evaluated through the browser's debugging protocol, not added as a <script>: the page's
    # Content-Security-Policy (rightly) refuses inline scripts. Sent once per page (axe's 650 KB
    # is the bulk of what crosses the protocol), and only the violations come back: the passes
    # and the rules that do not apply are most of axe's result, and crossing the protocol they
    # cost more than the check itself.
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(_axe_source())
    return page.evaluate(
        """async (impacts) => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations
                .filter((violation) => impacts.includes(violation.impact))
                .map((violation) => ({
                    id: violation.id,
                    impact: violation.impact,
                    help: violation.help,
                    targets: violation.nodes.slice(0, 5).map((node) => node.target),
                }));
        }""",
        list(impacts),
    )


@functools.cache
def _axe_source() -> str:
    return f"() => {{ {AXE.read_text()}\n}}"


def staff_log_in(page, live_server, username: str, *, then: str = "/staff/") -> None:
    """Opens `then` as `username`, logged in with the second factor given, as after the login
    form and the code: her session is made on the server and its cookie handed to the page.
    The login itself is walked in a browser by `staff_log_in_by_form` (the desk's, the
    provider's and the manager's journeys); the other journeys start where it ends, which
    spares each one the login page, the code page and the two posts."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from tests.factories import as_user

    client = as_user(Client(), get_user_model().objects.get(username=username))
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
                "httpOnly": True,
            }
        ]
    )
    page.goto(live_server.url + then)


def staff_log_in_by_form(page, live_server, username: str) -> None:
    """Logs in through the login form and the second step, as a person does, from the staff
    home address: the password, then the code her authenticator app shows."""
    # Imported here: `make screens` and `make bench` read this module before Django is set up.
    from django.contrib.auth import get_user_model

    from tests.factories import STAFF_PASSWORD, second_factor_code, second_factor_device

    user = get_user_model().objects.get(username=username)
    second_factor_device(user)  # her app, set up before this login
    page.goto(live_server.url + "/staff/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # The front desk is asked for a code only when the clinic says so.
    page.wait_for_url(re.compile(r".*/staff/(second-step|schedule)/.*"))
    if "/second-step/" in page.url:
        page.get_by_label("Code").fill(second_factor_code(user))
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url("**/staff/schedule/")
