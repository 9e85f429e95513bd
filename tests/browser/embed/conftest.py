"""Two sites on loopback: the reader at https://reader.test and a portal at https://portal.test.

Chromium maps *.test to 127.0.0.1 (`--host-resolver-rules`), so the portal is another *site*,
not only another port; both serve HTTPS with a throwaway certificate made here with openssl, as
partitioned cookies need Secure. https://evil.test is the same portal app under a name that is
not registered. We launch our own browser (the plugin's executable path and arguments, plus the
resolver rule) with third-party cookies blocked: a session browser launched elsewhere would
lack the resolver rule. (Chromium 156 as Playwright launches it already dropped the unpartitioned
probe cookie without the flag; the flag keeps the test honest on builds that do not.)
"""

import subprocess
from pathlib import Path

import pytest

from reader import create_app
from reader.cli import import_file
from reader.models import Base
from reader.portals import add_portal
from reader.testing.server import LiveServer
from tests.browser.embed.host_site import create_host
from tests.conftest import SEED

RESOLVER = "--host-resolver-rules=MAP *.test 127.0.0.1"
BLOCK_THIRD_PARTY_COOKIES = "--test-third-party-cookie-phaseout"


@pytest.fixture(scope="session")
def certificate(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=reader.test",
            "-addext",
            "subjectAltName=DNS:reader.test,DNS:portal.test,DNS:evil.test",
        ],
        check=True,
        capture_output=True,
    )
    return str(cert), str(key)


@pytest.fixture(scope="session")
def sites(tmp_path_factory, certificate):
    """Start both apps; register the portal's origin (not evil.test's) with the reader."""
    folder = tmp_path_factory.mktemp("reader")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "embed-browser-tests",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'reader.sqlite'}",
        }
    )
    with app.app_context():
        Base.metadata.create_all(app.extensions["reader"].db.engine)
        import_file(Path(SEED))
    _add_cookie_probe(app)
    reader = LiveServer(app, ssl_context=certificate)
    host = LiveServer(create_host(reader.url_as("reader.test")), ssl_context=certificate)
    with app.test_request_context():
        add_portal(host.url_as("portal.test"), "Test portal")
    yield {
        "reader": reader.url_as("reader.test"),
        "portal": host.url_as("portal.test"),
        "evil": host.url_as("evil.test"),
        "app": app,
    }
    host.stop()
    reader.stop()
    with app.app_context():
        app.extensions["reader"].db.engine.dispose()


def _add_cookie_probe(app):
    """/probe-cookie sets an ordinary (unpartitioned) SameSite=None cookie, answering CORS:
    whether the browser keeps it tells whether third-party cookies are really blocked."""

    def probe():
        from flask import make_response, request

        response = make_response("probe")
        response.set_cookie("probe", "1", secure=True, samesite="None")
        response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin", "")
        response.headers["Access-Control-Allow-Credentials"] = "true"
        return response

    app.add_url_rule("/probe-cookie", "probe_cookie", probe)


def _launch(browser_type, launch_args, *extra):
    return browser_type.launch(
        **{**launch_args, "args": [*launch_args.get("args", []), RESOLVER, *extra]}
    )


@pytest.fixture(scope="session")
def site_browser(browser_type, browser_type_launch_args):
    """Chromium with third-party cookies blocked (partitioned cookies still allowed)."""
    browser = _launch(browser_type, browser_type_launch_args, BLOCK_THIRD_PARTY_COOKIES)
    yield browser
    browser.close()


def _context(browser, **kwargs):
    return browser.new_context(ignore_https_errors=True, locale="vi-VN", **kwargs)


@pytest.fixture
def site_context(site_browser):
    context = _context(site_browser)
    yield context
    context.close()


@pytest.fixture
def site_page(site_context):
    return site_context.new_page()


@pytest.fixture
def new_context(site_browser):
    """Make more contexts (JavaScript off, a second browser), closed after the test."""
    made = []

    def make(browser=None, **kwargs):
        made.append(_context(browser or site_browser, **kwargs))
        return made[-1]

    yield make
    for context in made:
        context.close()
