"""Books a consultation over HTTP on a running `make run` stack and waits for the worker to
write the confirmation email; checks its manage link points back at the web server."""

import re
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

base, mail_dir = sys.argv[1].rstrip("/"), Path(sys.argv[2])
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

html = opener.open(f"{base}/book/halo/", timeout=30).read().decode()
start = urllib.parse.unquote(re.search(r'details/\?start=([^"&]+)', html).group(1))
details_url = f"{base}/book/halo/details/?start={urllib.parse.quote(start)}"
page = opener.open(details_url, timeout=30).read().decode()
csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
form = {
    "csrfmiddlewaretoken": csrf,
    "start": start,
    "first_name": "Smoke",
    "last_name": "Test",
    "email": "smoke@example.com",
    "phone": "(312) 555-0111",
    "preferred_contact": "email",
    "medicated_products": "no",
    "cold_sores": "no",
    "active_acne": "no",
    "skin_response": "sometimes_burns",
    "pregnant": "no",
    "recent_sun": "no",
}
request = urllib.request.Request(
    f"{base}/book/halo/details/",
    data=urllib.parse.urlencode(form).encode(),
    headers={"Referer": details_url},
)
response = opener.open(request, timeout=30)
assert "/manage/" in response.geturl(), (
    f"booking did not land on its manage page: {response.geturl()}"
)

deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    mails = [p.read_text() for p in mail_dir.glob("*.log")] if mail_dir.exists() else []
    if mails:
        break
    time.sleep(1)
else:
    sys.exit("smoke: the worker wrote no confirmation email within 60 s")
assert f"{base}/manage/" in mails[0], "smoke: the emailed manage link does not point at the site"
assert "appointment.ics" in mails[0], "smoke: the email has no calendar file"
print("smoke: booked online; the worker emailed the confirmation with its calendar file")
