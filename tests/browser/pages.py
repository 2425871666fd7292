"""What the browser journeys share besides their fixtures (tests/conftest.py): Debian's
Chromium and its flags, the three widths, the Content-Security-Policy watch, axe-core, and the
login form."""

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
    # Content-Security-Policy (rightly) refuses inline scripts.
    page.evaluate(f"() => {{ {AXE.read_text()}\n}}")
    result = page.evaluate("async () => await axe.run(document)")
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
        if violation["impact"] in impacts
    ]


def staff_log_in(page, live_server, username: str) -> None:
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
