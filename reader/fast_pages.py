"""Whole responses of our public pages, kept in front of Flask: a hit is a dict lookup.

A reading page depends only on its address, the data's version and what its `Vary` and
`Cookie-Indices` name (reader/caching.py). So `FastPages`, a WSGI middleware of our own app,
keeps every answer Flask gives that any shared cache could keep (a `200` GET, `public`, no
`Set-Cookie`, varying on nothing but `Accept-Language`, `Cookie` and `Accept-Encoding`), keyed
on the address (scheme, host, script root, path, query) and the parts of the request those
headers name: the raw `Accept-Language`, the `reader_variant` and `reader_lang` cookies, and
the hour of the new-reader token the pages carry. A reader with a `reader_id` cookie and no
variant cookie gets their page from their own row in the database: those requests always go
to Flask, and their answers are never kept here. Its bytes and headers are
sent again, with `304` for a matching `If-None-Match`, for `READER_PAGE_VERSION_SECONDS` (1 s):
the time a process already trusts what it read of an article's version, so an import shows as
quickly as before. Then the request goes to Flask again (whose page cache answers without
rendering) and the entry is replaced.

The bytes are those Flask sent, headers included: the Content-Security-Policy and every other
header stay exactly as our views and hooks make them. Only our own app (`create_app`) has it.
"""

import threading
import time

from werkzeug.http import parse_cookie

from reader.caching import VARIANT_COOKIE
from reader.i18n import LANGUAGE_COOKIE
from reader.tokens import new_reader_window

# A view that would not keep its answer (its Host is not one we cache pages for: see
# `edge.host_is_known`) says so here, and this layer does not keep it either.
NOT_KEPT = "reader.not_kept"
# A view whose `private` answer holds nothing of one reader's, and depends on nothing but what
# the key holds, says so here (the script embed's state for a reader with no id: the same for
# every new reader of a portal page), and this layer keeps it as it keeps a public page. No
# shared cache may keep it: the token inside is timed.
SAME_FOR_EVERYONE = "reader.same_for_everyone"

MAX_ENTRIES = 2000  # answers kept (and at most `max_bytes` of them); past it the oldest half goes
MAX_BODY = 512 * 1024  # a bigger answer is never kept
ALLOWED_VARY = frozenset({"accept-language", "cookie", "accept-encoding"})


def cookie_values(header: str, names: tuple[str, ...]) -> tuple:
    """The values of the named cookies (None when absent), read as Flask's `request.cookies`
    reads them (Werkzeug's parser, the first of repeated names)."""
    if not header or not any(name in header for name in names):
        return (None,) * len(names)
    cookies = parse_cookie(header)
    return tuple(cookies.get(name) for name in names)


def drain(app_iter) -> bytes:
    """A WSGI answer's whole body, its iterable closed as the WSGI spec asks."""
    try:
        return b"".join(app_iter)
    finally:
        if hasattr(app_iter, "close"):
            app_iter.close()


class FastPages:
    def __init__(
        self,
        wsgi_app,
        seconds: float,
        id_cookie: str,
        max_bytes: int = 32 << 20,
        on_hit=None,
        embed_cookie: str = "reader_embed_id",
    ):
        self.wsgi_app = wsgi_app
        self.on_hit = on_hit  # told of each answer from memory (Flask never sees those)
        self.seconds = seconds
        self.max_bytes = max_bytes
        self.size = 0
        self.cookies = (VARIANT_COOKIE, LANGUAGE_COOKIE, id_cookie, embed_cookie)
        self.entries: dict[tuple, tuple[float, str, list, bytes, str]] = {}
        self.lock = threading.Lock()

    def key(self, environ) -> tuple | None:
        """The entry's key; None for a reader with an id and no variant cookie, whose page
        comes from their own row in the database: never kept, never answered from here."""
        variant, language, reader_id, embed_id = cookie_values(
            environ.get("HTTP_COOKIE", ""), self.cookies
        )
        if reader_id is not None and variant is None:
            return None
        return (
            environ.get("wsgi.url_scheme"),
            environ.get("HTTP_HOST"),
            environ.get("SERVER_NAME"),
            environ.get("SERVER_PORT"),
            environ.get("SCRIPT_NAME", ""),
            environ.get("PATH_INFO", ""),
            environ.get("QUERY_STRING", ""),
            environ.get("HTTP_ACCEPT_LANGUAGE"),
            variant,
            language,
            new_reader_window(),  # the hour of the pages' new-reader token (reader/tokens.py)
            # What the script embed's answer depends on besides the address (reader/embed.py):
            environ.get("HTTP_ORIGIN"),
            embed_id is not None or "HTTP_X_READER_ID" in environ,
        )

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") != "GET" or "HTTP_IF_MODIFIED_SINCE" in environ:
            return self.wsgi_app(environ, start_response)
        key = self.key(environ)
        if key is None:
            return self.wsgi_app(environ, start_response)
        entry = self.entries.get(key)
        if entry is not None and time.monotonic() - entry[0] < self.seconds:
            _, status, headers, body, etag = entry
            if self.on_hit is not None:
                self.on_hit(environ)
            if etag and etag in environ.get("HTTP_IF_NONE_MATCH", ""):
                start_response("304 NOT MODIFIED", [h for h in headers if h[0] != "Content-Length"])
                return []
            start_response(status, headers)
            return [body]
        return self.fill(key, environ, start_response)

    def fill(self, key, environ, start_response):
        """Flask answers; a public page's answer is kept on the way out."""
        seen = {}

        def remember(status, headers, exc_info=None):
            seen["status"], seen["headers"] = status, headers
            return start_response(status, headers, exc_info)

        app_iter = self.wsgi_app(environ, remember)
        status, headers = seen.get("status", ""), seen.get("headers", [])
        if environ.get(NOT_KEPT) or not self.keepable(
            status, headers, environ.get(SAME_FOR_EVERYONE, False)
        ):
            return app_iter
        body = drain(app_iter)
        if len(body) > min(MAX_BODY, self.max_bytes):
            return [body]  # answered, not kept
        headers = list(headers)
        etag = next((v for k, v in headers if k.lower() == "etag"), "")
        with self.lock:
            if len(self.entries) >= MAX_ENTRIES or self.size + len(body) > self.max_bytes:
                for old in list(self.entries)[: len(self.entries) // 2 + 1]:
                    self.size -= len(self.entries.pop(old)[3])
            replaced = self.entries.pop(key, None)
            self.size += len(body) - (len(replaced[3]) if replaced else 0)
            self.entries[key] = (time.monotonic(), status, headers, body, etag)
        return [body]

    def clear(self) -> None:
        """Forget every answer (each is at most a second old anyway)."""
        with self.lock:
            self.entries.clear()
            self.size = 0

    @staticmethod
    def keepable(status: str, headers: list, same_for_everyone: bool = False) -> bool:
        if not status.startswith("200 "):
            return False
        fields = {}
        for name, value in headers:
            fields.setdefault(name.lower(), []).append(value)
        if "set-cookie" in fields or "cache-control" not in fields:
            return False
        length = fields.get("content-length", ["x"])[0]
        if same_for_everyone:  # the view vouches for it (see SAME_FOR_EVERYONE)
            return length.isdigit() and int(length) <= MAX_BODY
        control = {d.strip().split("=")[0] for d in ",".join(fields["cache-control"]).split(",")}
        if "public" not in control or control & {"private", "no-store", "no-cache"}:
            return False
        vary = {v.strip().lower() for v in ",".join(fields.get("vary", [])).split(",") if v}
        return vary <= ALLOWED_VARY and length.isdigit() and int(length) <= MAX_BODY
