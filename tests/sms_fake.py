"""A local stand-in for Twilio's Messages API (the one paid API the tests cannot reach): it
speaks the same HTTP (POST /2010-04-01/Accounts/<sid>/Messages.json, Basic auth, a form body,
a JSON answer), records what it was sent, and can be told to fail. Used by the SMS tests and
`make bench`. Also signs webhooks the way Twilio does."""

import base64
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from twilio.request_validator import RequestValidator

ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "fake-auth-token-for-tests"
FROM_NUMBER = "+13125550100"


class FakeTwilio:
    def __init__(self, port: int = 0):
        self.sent: list[dict] = []
        self.failures_left = 0  # answer this many sends with a 500
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body leave in separate writes: without TCP_NODELAY the client's
            # delayed ACK would add 40 ms to every answer, a fake slower than Twilio.
            disable_nagle_algorithm = True

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                # For a benchmark running the fake in a process of its own: who got what.
                if self.path != "/__sent":
                    return self._answer(404, {"code": 20404, "message": "Not found"})
                with fake.lock:
                    numbers = [m.get("To") for m in fake.sent]
                self._answer(200, {"to": numbers})

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                expected = base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
                if self.headers.get("Authorization") != f"Basic {expected}":
                    return self._answer(401, {"code": 20003, "message": "Authenticate"})
                if not self.path.endswith(f"/Accounts/{ACCOUNT_SID}/Messages.json"):
                    return self._answer(404, {"code": 20404, "message": "Not found"})
                with fake.lock:
                    if fake.failures_left:
                        fake.failures_left -= 1
                        return self._answer(500, {"code": 20500, "message": "Internal error"})
                    sid = "SM" + uuid.uuid4().hex
                    fake.sent.append({**form, "sid": sid})
                self._answer(
                    201,
                    {
                        "sid": sid,
                        "account_sid": ACCOUNT_SID,
                        "to": form.get("To"),
                        "from": form.get("From"),
                        "body": form.get("Body"),
                        "status": "queued",
                        "num_segments": "1",
                    },
                )

            def _answer(self, status: int, payload: dict):
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "FakeTwilio":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def bodies_to(self, number: str) -> list[str]:
        with self.lock:
            return [m["Body"] for m in self.sent if m.get("To") == number]


def webhook_signature(url: str, params: dict, token: str = AUTH_TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, params)


def twilio_settings(settings, fake: FakeTwilio) -> None:
    settings.SMS_BACKEND = "twilio"
    settings.TWILIO_ACCOUNT_SID = ACCOUNT_SID
    settings.TWILIO_AUTH_TOKEN = AUTH_TOKEN
    settings.TWILIO_FROM = FROM_NUMBER
    settings.TWILIO_API_BASE_URL = fake.base_url


if __name__ == "__main__":
    # `python -m tests.sms_fake PORT`: serve until killed (the benchmark's separate process).
    import sys

    fake = FakeTwilio(int(sys.argv[1]))
    print(fake.base_url, flush=True)
    fake.server.serve_forever()
