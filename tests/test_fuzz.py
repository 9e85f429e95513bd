"""Property-based: every route answers any path, query, method, header and body with a 2xx, 3xx
or 4xx that carries our security headers; never a 5xx.

The routes come from the app's `url_map`, so a route added to `reader/routes.py` is fuzzed
without touching this file. Runs are bounded and reproducible: a fixed number of examples,
derandomized, no example database, one seeded database per module.
"""

import json
import re
import socket
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader import create_app
from reader.cli import import_file
from reader.portals import add_portal
from reader.routes import ROUTES
from reader.testing.server import LiveServer
from reader.tokens import embed_token, sign_reader_id
from tests.conftest import SEED, SEED_SLUG, _reset_database

PORTAL = "https://portal.example"
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Permissions-Policy",
)
FUZZ = settings(
    max_examples=200,  # per app: 3 to 10 s each, as busy as the machine is
    deadline=timedelta(seconds=5),  # one request; far above the few ms each takes
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module", params=[None, "https://reader.example/news"])
def fuzzed_app(request, tmp_path_factory):
    """Our app as `make run` serves it, and behind a public URL with a path prefix."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "fuzz-secret",
            "SQLALCHEMY_DATABASE_URI": "sqlite:///"
            + str(tmp_path_factory.mktemp("fuzz") / "reader.sqlite"),
            "READER_PUBLIC_URL": request.param,
        }
    )
    app.config["FUZZ_BASE_URL"] = "http://reader.example" if request.param else "http://localhost"
    _reset_database(app)
    with app.app_context():
        import_file(Path(SEED))
        add_portal(PORTAL, "Portal")
        app.config["FUZZ_TOKEN"] = embed_token(PORTAL)
        app.config["FUZZ_READER"] = sign_reader_id("a" * 32)
    yield app
    with app.app_context():
        app.extensions["reader"].db.engine.dispose()


def rules(app):
    return sorted(app.url_map.iter_rules(), key=lambda rule: (rule.rule, rule.endpoint))


def test_every_route_in_the_table_is_fuzzed(fuzzed_app):
    fuzzed = {rule.rule for rule in rules(fuzzed_app)}
    assert {rule for rule, _view, _methods in ROUTES} <= fuzzed


# Text as a server hands it to the app: any byte but CR, LF and NUL, read as Latin-1.
header_text = st.text(
    st.characters(min_codepoint=1, max_codepoint=255, exclude_characters="\r\n"), max_size=80
)
odd_values = st.sampled_from(
    ["", "1", "0", "-1", "9" * 20, "1e9", "vi", "en", "xx", "//evil.example", "\x00", "%"]
)
QUERY_NAMES = [
    "_method", "endpoint", "slug", "filename", "page", "lang", "locale", "url", "title",
    "next", "action", "_external", "_anchor", "_scheme",
]  # fmt: skip
query = st.lists(
    st.tuples(st.sampled_from(QUERY_NAMES) | header_text, odd_values | header_text), max_size=5
).map(lambda pairs: urlencode(pairs))
segment = st.text(max_size=40).map(lambda text: quote(text, safe=""))


@st.composite
def paths(draw, app):
    """A route's rule with each variable filled by a real value or by anything at all."""
    rule = draw(st.sampled_from(rules(app))).rule
    known = {"slug": [SEED_SLUG, "missing"], "filename": ["reader.css", "toolbar.js", "x"]}

    def fill(match):
        name = match.group(2)
        fuzzed = segment
        if match.group(1) == "path":
            fuzzed = st.lists(segment, min_size=1, max_size=4).map("/".join)
        return draw(st.sampled_from(known.get(name, ["x"])) | fuzzed)

    path = re.sub(r"<(?:(\w+):)?(\w+)>", fill, rule)
    return draw(st.sampled_from([path, path + "/", path.rstrip("/") + "/%2e%2e", path * 2]))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=10,
)
bodies = st.one_of(
    st.just(b""),
    st.binary(max_size=300),
    st.dictionaries(st.sampled_from(["action", "next", "x"]), odd_values | header_text).map(
        lambda form: urlencode(form).encode()
    ),
    st.fixed_dictionaries({"action": st.sampled_from(["increase", "decrease", "reset", "x"])})
    .map(json.dumps)
    .map(str.encode),
    json_values.map(json.dumps).map(str.encode),
    st.sampled_from([10, 1000, 30_000]).map(lambda n: ("[" * n + "]" * n).encode()),
    st.sampled_from([65 * 1024, 70_000]).map(lambda n: b"action=increase&x=" + b"x" * n),
)


@st.composite
def headers(draw, app):
    chosen = {}
    choices = {
        "Host": [
            "localhost",
            "reader.example:8443",
            "127.0.0.1:5000",
            "[::1]",
            "a" * 300,
            "x;y",
            "h\xe9.example",
        ],
        "Origin": [PORTAL, "https://evil.example", "null", "http://localhost"],
        "Sec-Fetch-Site": ["same-origin", "cross-site", "none", "same-site"],
        "HX-Request": ["true", "false"],
        "Accept-Language": ["en", "vi", "*", "en;q=x", "zz-ZZ,;q=0.5"],
        "Content-Type": [
            "application/x-www-form-urlencoded",
            "application/json",
            "multipart/form-data; boundary=x",
            "multipart/form-data",
            "text/plain; charset=x-unknown",
            "application/json; charset=utf-16",
        ],
        "Cookie": [
            f"reader_id={app.config['FUZZ_READER']}",
            "reader_id=x; reader_variant=s999; reader_lang=xx",
            "reader_variant=s120; reader_lang=en",
            "reader_embed_id=garbage",
        ],
        "X-Reader-Token": [app.config["FUZZ_TOKEN"], "forged"],
        "X-Reader-Id": [app.config["FUZZ_READER"], "forged"],
        "If-None-Match": ['"x"', "*", "W/"],
        "If-Modified-Since": ["Thu, 01 Jan 1970 00:00:00 GMT", "yesterday"],
        "Range": ["bytes=0-10", "bytes=99999-", "bytes=x"],
        "X-Forwarded-Host": ["evil.example"],
        "X-Forwarded-Proto": ["https"],
    }
    for name, values in choices.items():
        if draw(st.booleans()):
            chosen[name] = draw(st.sampled_from(values) | header_text)
    return chosen


methods = st.sampled_from(["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"])


def assert_answered(status: int, names, what):
    assert status < 500, what
    missing = [name for name in SECURITY_HEADERS if name.lower() not in names]
    assert not missing, (missing, what)


@FUZZ
@given(data=st.data())
def test_any_request_to_any_route_gets_a_4xx_at_worst(fuzzed_app, data):
    path = data.draw(paths(fuzzed_app), "path")
    request = {
        "method": data.draw(methods, "method"),
        "path": path + "?" + data.draw(query, "query"),
        "headers": data.draw(headers(fuzzed_app), "headers"),
        "data": data.draw(bodies, "body"),
    }
    client = fuzzed_app.test_client()
    with client.open(base_url=fuzzed_app.config["FUZZ_BASE_URL"], **request) as response:
        names = {name.lower() for name in response.headers.keys()}
        assert_answered(response.status_code, names, request)


def raw_exchange(port: int, request: bytes) -> bytes:
    """One request over a socket: chunked bodies and any Host, as a real client sends them."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def chunked(body: bytes, size: int) -> bytes:
    parts = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"


@pytest.fixture(scope="module")
def fuzzed_server(fuzzed_app):
    server = LiveServer(fuzzed_app)
    yield server
    server.stop()


hosts = st.sampled_from(
    [b"127.0.0.1", b"reader.example", b"localhost:1", b"[::1]:5000", b"a" * 3000]
) | st.binary(min_size=1, max_size=300).filter(lambda host: not set(host) & set(b"\r\n\x00"))


@settings(FUZZ, max_examples=25)
@given(
    path=st.sampled_from(["/", f"/articles/{SEED_SLUG}/print", "/reader/text-size"]),
    host=hosts,
    method=st.sampled_from([b"GET", b"POST"]),
    size=st.sampled_from([0, 100, 64 * 1024, 64 * 1024 + 1, 200_000]),
    chunk=st.sampled_from([1, 1000, 65536]),
)
def test_a_real_server_answers_chunked_bodies_and_any_host(
    fuzzed_server, path, host, method, size, chunk
):
    body = (b"action=increase&next=/&x=" + b"x" * size)[: max(size, 1)]
    chunk = max(chunk, len(body) // 64)  # tiny chunks for small bodies only: bounded run time
    request = (
        b"%s %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nSec-Fetch-Site: same-origin\r\n\r\n"
        % (method, path.encode(), host)
    ) + chunked(body, chunk)
    answer = raw_exchange(fuzzed_server.port, request)
    status_line, _, rest = answer.partition(b"\r\n")
    head = rest.partition(b"\r\n\r\n")[0].lower()
    names = {line.split(b":")[0].decode() for line in head.split(b"\r\n")}
    status = int(status_line.split()[1])
    assert_answered(status, names, (path, host, method, size))
    if method == b"POST" and path == "/reader/text-size" and size > 64 * 1024:
        assert status == 413  # over the limit: refused, never parsed cut short
