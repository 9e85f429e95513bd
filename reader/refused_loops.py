"""Refused write loops answered in front of Flask: a 429 again costs a dict lookup.

A client over its write limit (reader/abuse.py) is usually a loop sending the same request
again and again. Flask refuses it before any database work, but its request handling alone
still costs several times a page from memory (reader/fast_pages.py), and under a loop of
refusals the normal readers queued behind them wait that long. So when a view refuses a write
with `429` it says for how many seconds (`REFUSED_FOR`), and `RefusedLoops`, a WSGI middleware
of our own app, remembers the answer for that very request: the same client address, method,
path, query, headers and body. Until those seconds are up, the same request gets the same
bytes again, with `Retry-After` counting down, without reaching Flask. Any other request from
that address (another cookie, another action, another page) goes to Flask as usual, so this
never refuses what Flask would let through: a request answered here is byte for byte one Flask
refused moments ago, within the wait it announced, and like Flask's own refusals it is not
counted again.
"""

import io
import math
import threading
import time

from reader.fast_pages import drain

REFUSED_FOR = "reader.refused_for"  # set by a view: the seconds its 429 announced

MAX_ADDRESSES = 10_000  # addresses remembered as refused; past it the list starts again
MAX_ANSWERS = 1_000  # refused requests remembered; past it they start again
MAX_BODY = 16 * 1024  # a bigger body is never read here (our forms send about 200 bytes)


class RefusedLoops:
    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.refused: dict[str, float] = {}  # client address -> refused until (monotonic)
        self.answers: dict[tuple, tuple[float, str, list, bytes]] = {}
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") != "POST":
            return self.wsgi_app(environ, start_response)
        address = environ.get("REMOTE_ADDR", "")
        until = self.refused.get(address)
        now = time.monotonic()
        if until is None or now >= until:
            return self.ask_flask(environ, start_response, address, None)
        key = self.key(environ)
        if key is None:
            return self.ask_flask(environ, start_response, address, None)
        answer = self.answers.get(key)
        if answer is None or now >= answer[0]:
            return self.ask_flask(environ, start_response, address, key)
        answer_until, status, headers, body = answer
        wait = str(max(1, math.ceil(answer_until - now)))
        start_response(status, [(n, wait if n.lower() == "retry-after" else v) for n, v in headers])
        return [body]

    @staticmethod
    def key(environ) -> tuple | None:
        """The whole request as sent (its body read and put back), or None for a body too big
        or of unknown length."""
        length = environ.get("CONTENT_LENGTH") or "0"
        if not length.isdigit() or int(length) > MAX_BODY:
            return None
        stream = environ["wsgi.input"]
        body = stream.read(int(length)) if int(length) else b""
        environ["wsgi.input"] = io.BytesIO(body)  # for Flask to read again
        headers = tuple(sorted((k, v) for k, v in environ.items() if k.startswith("HTTP_")))
        return (
            environ.get("REMOTE_ADDR"),
            environ.get("wsgi.url_scheme"),
            environ.get("SCRIPT_NAME", ""),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
            environ.get("CONTENT_TYPE", ""),
            headers,
            body,
        )

    def ask_flask(self, environ, start_response, address: str, key: tuple | None):
        """Flask answers; a refusal names its address, and with a `key` its answer is kept."""
        if key is None:  # most requests: Flask's answer passes through untouched
            app_iter = self.wsgi_app(environ, start_response)
            if environ.get(REFUSED_FOR):  # the next identical request is read and kept
                self.refuse(address, environ[REFUSED_FOR])
            return app_iter
        seen = {}

        def remember(status, headers, exc_info=None):
            seen["status"], seen["headers"] = status, headers
            return start_response(status, headers, exc_info)

        app_iter = self.wsgi_app(environ, remember)
        seconds = environ.get(REFUSED_FOR)
        if not seconds or not seen.get("status", "").startswith("429 "):
            return app_iter
        until = self.refuse(address, seconds)
        if any(name.lower() == "set-cookie" for name, _ in seen["headers"]):
            return app_iter
        body = drain(app_iter)
        with self.lock:
            if len(self.answers) >= MAX_ANSWERS:
                self.answers.clear()
            self.answers[key] = (until, seen["status"], list(seen["headers"]), body)
        return [body]

    def refuse(self, address: str, seconds: float) -> float:
        """Remember that Flask refused this address for `seconds`; returns until when."""
        until = time.monotonic() + seconds
        with self.lock:
            if len(self.refused) >= MAX_ADDRESSES:
                self.refused.clear()
            self.refused[address] = max(until, self.refused.get(address, 0.0))
        return until
