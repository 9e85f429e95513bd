"""What stands between the network and our own app: the public address it answers as, the
proxies in front of it, the Host headers it accepts and the request bodies it reads.

`READER_PUBLIC_URL` names the site (`https://reader.example/prefix`): every absolute URL, share
link and QR code uses it, `TRUSTED_HOSTS` refuses other hosts with a 400, and HTTPS there makes
cookies Secure and adds HSTS. `READER_PROXY_FIX` trusts that many proxies' `X-Forwarded-*`
headers (Werkzeug's ProxyFix). Without a public URL the request's Host is used, as `make run`
on any loopback address needs, but only a Host a URL can hold.
"""

import io
import re
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import abort, current_app, g, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.sansio.utils import host_is_trusted

from reader.portals import DEFAULT_PORTS, InvalidOrigin, canonical_host

MAX_HOST_LENGTH = 253 + len(":65535")  # the longest DNS name, and a port
KNOWN_HOSTS = 16  # hosts whose pages a process caches when READER_PUBLIC_URL is unset
TOO_LARGE = "reader.body_too_large"
PREFIX = re.compile(r"(/[A-Za-z0-9._~-]+)*")  # a path prefix needs no quoting anywhere


@dataclass(frozen=True)
class PublicURL:
    scheme: str
    netloc: str
    hostname: str
    prefix: str  # "" or "/path", no trailing slash

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.netloc}{self.prefix}"


def parse_public_url(value) -> PublicURL | None:
    """READER_PUBLIC_URL checked and split, or None when unset; ValueError says what is wrong."""
    if not value:
        return None
    text = str(value).strip()
    problem = f"READER_PUBLIC_URL={text!r} is not a site address such as https://reader.example"
    try:
        parts = urlsplit(text)
        port = parts.port
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS or not parts.hostname:
            raise ValueError("give http:// or https:// and a host")
        if parts.username is not None or parts.query or parts.fragment:
            raise ValueError("it holds a user name, a query or a fragment")
        if parts.netloc.startswith("[") or ":" in parts.hostname:
            raise ValueError("give a host name or IPv4 address (TRUSTED_HOSTS knows no IPv6)")
        hostname = canonical_host(parts.hostname.rstrip("."))
    except (ValueError, InvalidOrigin) as error:
        raise ValueError(f"{problem}: {error}") from None
    prefix = parts.path.rstrip("/")
    if not PREFIX.fullmatch(prefix):
        raise ValueError(f"{problem}: its path may hold only plain segments such as /reader")
    netloc = hostname if port in (None, DEFAULT_PORTS[scheme]) else f"{hostname}:{port}"
    return PublicURL(scheme, netloc, hostname, prefix)


def public_url(app) -> PublicURL | None:
    return app.extensions.get("reader.public_url")


class AsPublicURL:
    """WSGI layer: a request for the public host is seen as made to the public URL (its scheme,
    port and prefix), so URLs built from it are the public ones. Any other Host goes on as it
    came, and Flask's TRUSTED_HOSTS refuses it."""

    def __init__(self, app, public: PublicURL):
        self.app = app
        self.public = public

    def __call__(self, environ, start_response):
        public = self.public
        if host_is_trusted(environ.get("HTTP_HOST", ""), [public.hostname]):
            environ["HTTP_HOST"] = public.netloc
        environ["wsgi.url_scheme"] = public.scheme
        if public.prefix:
            path = environ.get("PATH_INFO", "")
            if path == public.prefix or path.startswith(public.prefix + "/"):
                environ["PATH_INFO"] = path[len(public.prefix) :]  # a proxy that kept it
            environ["SCRIPT_NAME"] = public.prefix
        return self.app(environ, start_response)


class BoundedBodies:
    """WSGI layer: a chunked body (no Content-Length) is read here up to the app's
    MAX_CONTENT_LENGTH and passed on with its length; one over the limit becomes a 413.
    (Werkzeug's own limit on such a stream stops reading at the limit without saying so, so
    a form over it would be parsed cut short.)"""

    def __init__(self, app, flask_app):
        self.app = app
        self.flask_app = flask_app

    def __call__(self, environ, start_response):
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if chunked and not environ.get("CONTENT_LENGTH"):
            limit = self.flask_app.config["MAX_CONTENT_LENGTH"]
            stream, body = environ["wsgi.input"], bytearray()
            while len(body) <= limit:
                data = stream.read(min(65536, limit + 1 - len(body)))
                if not data:
                    break
                body += data
            if len(body) > limit:
                environ[TOO_LARGE] = True
                body = bytearray()
            environ["wsgi.input"] = io.BytesIO(bytes(body))
            environ["CONTENT_LENGTH"] = str(len(body))
            environ.pop("wsgi.input_terminated", None)
            environ.pop("HTTP_TRANSFER_ENCODING")  # Werkzeug ignores a length beside it
        return self.app(environ, start_response)


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed session cookie, Secure whenever the request came over HTTPS too.

    None of our views uses the session, so a request without the cookie gets an empty one
    without building a signer, and an untouched empty one is saved without a look at the
    cookie settings: Flask's own steps, less their cost on every request."""

    def get_cookie_secure(self, app) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure

    def open_session(self, app, request):
        if app.secret_key and self.get_cookie_name(app) not in request.cookies:
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response) -> None:
        if not session and not session.modified and not session.accessed:
            return
        super().save_session(app, session, response)


class KnownHosts:
    """The KNOWN_HOSTS hosts a process caches pages for when READER_PUBLIC_URL is unset, by how
    often each is asked for: a newcomer takes the place of the least asked-for one only once it
    has been asked for more often, so made-up Hosts (each new, or a few repeated) cost a render
    each but never push out the site's real host, nor its pages and QR codes."""

    CANDIDATES = 1024  # newcomers counted at most; past it their counts start again

    def __init__(self, size: int = KNOWN_HOSTS):
        self.size = size
        self.hits: dict[str, int] = {}
        self.candidates: dict[str, int] = {}
        self.lock = threading.Lock()

    def admit(self, host: str) -> bool:
        with self.lock:
            if host in self.hits:
                self.hits[host] += 1
                return True
            count = self.candidates.pop(host, 0) + 1
            if len(self.hits) < self.size:
                self.hits[host] = count
                return True
            weakest = min(self.hits, key=self.hits.__getitem__)
            if count > self.hits[weakest]:
                del self.hits[weakest]
                self.hits[host] = count
                return True
            if len(self.candidates) >= self.CANDIDATES:
                self.candidates.clear()
            self.candidates[host] = count
            return False


def host_is_known() -> bool:
    """Whether pages and QR codes made for this request's Host may be cached: always with a
    public URL (only its host gets this far), else as `KnownHosts` decides, once a request."""
    if public_url(current_app):
        return True
    if "reader_host_known" not in g:
        hosts = current_app.extensions.setdefault("reader.known_hosts", KnownHosts())
        g.reader_host_known = hosts.admit(request.host.lower())
    return g.reader_host_known


def refuse_unusable_host():
    """Before our views: a Host no URL can hold (Werkzeug reads bad characters as empty) or
    longer than any DNS name is refused, so no share link or QR code is built from it."""
    if not request.host or len(request.host) > MAX_HOST_LENGTH:
        abort(400)


def refuse_too_large():
    if request.environ.get(TOO_LARGE):
        abort(413)


def strict_transport_security(response):
    """HSTS when the public URL is HTTPS: browsers then never try plain http for it (and only
    for it: a refused host's answer pins nothing)."""
    public = public_url(current_app)
    seconds = current_app.config["READER_HSTS_SECONDS"]
    host = request.environ.get("HTTP_HOST")  # as AsPublicURL left it
    if public and public.scheme == "https" and seconds and host == public.netloc:
        response.headers.setdefault("Strict-Transport-Security", f"max-age={int(seconds)}")
    return response


def install(app) -> None:
    """Our own app only: the WSGI layers, the session cookie and the checks above."""
    public = parse_public_url(app.config["READER_PUBLIC_URL"])
    proxies = app.config["READER_PROXY_FIX"]
    if isinstance(proxies, bool) or not isinstance(proxies, int) or proxies < 0:
        raise ValueError(
            f"READER_PROXY_FIX must be a number of proxies (0 or more), not {proxies!r}"
        )
    app.extensions["reader.public_url"] = public
    app.session_interface = SessionInterface()
    if public:
        app.config["TRUSTED_HOSTS"] = [public.hostname]
        app.config["PREFERRED_URL_SCHEME"] = public.scheme
        app.config["SESSION_COOKIE_SECURE"] = public.scheme == "https"
    app.before_request(refuse_too_large)
    app.after_request(strict_transport_security)


def wrap(app) -> None:
    """Our own app's outer WSGI layers, around whatever the extension put in front of Flask
    (the static files and the answers kept in memory see the request as Flask does)."""
    public = app.extensions["reader.public_url"]
    proxies = app.config["READER_PROXY_FIX"]
    wsgi = BoundedBodies(app.wsgi_app, app)
    if public:
        wsgi = AsPublicURL(wsgi, public)
    if proxies:
        wsgi = ProxyFix(wsgi, x_for=proxies, x_proto=proxies, x_host=proxies, x_prefix=proxies)
    app.wsgi_app = wsgi
