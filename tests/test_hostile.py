"""Odd requests an outsider sends: each gets a clear 4xx in the page's language, never a 500."""

import json
import socket

import pytest

from reader.portals import add_portal
from reader.testing.server import LiveServer
from reader.tokens import embed_token, new_reader_token
from tests.conftest import SEED_SLUG

ARTICLE = f"/articles/{SEED_SLUG}"


@pytest.fixture
def client(seeded_app):
    return seeded_app.test_client()


@pytest.mark.parametrize(
    "url",
    [
        "/?_method=POST",
        "/?endpoint=x",
        "/?endpoint=x&_external=1&_anchor=a&_scheme=javascript",
        f"{ARTICLE}?slug=x",
        f"{ARTICLE}?endpoint=x&lang=en",
        f"{ARTICLE}/print?slug=x&_method=DELETE",
    ],
)
def test_query_names_of_url_for_arguments_do_not_break_a_page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    # The language switch keeps the page and its query, whatever the names in it.
    assert f'href="{url.split("?")[0]}?' in response.get_data(as_text=True)


def test_query_names_of_url_for_arguments_do_not_break_the_iframe(client):
    assert client.get(f"/embed/articles/{SEED_SLUG}?slug=x&endpoint=y").status_code == 200


@pytest.mark.parametrize("page", ["9" * 20, "-1", "0", "1e9", "٣", "1_0"])
def test_odd_page_numbers_are_404_or_the_first_page(client, page):
    assert client.get(f"/?page={page}").status_code in (200, 404)
    assert client.get(f"/?page={page}").status_code != 500


def test_405_names_the_allowed_methods_in_the_page_language(client):
    response = client.put(ARTICLE)
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "Không được phép" in response.get_data(as_text=True)
    response = client.get("/reader/text-size", headers={"Accept-Language": "en"})
    assert response.status_code == 405 and "POST" in response.headers["Allow"]
    assert "Not allowed" in response.get_data(as_text=True)


def test_json_nested_past_the_recursion_limit_is_400(seeded_app, client):
    with seeded_app.app_context():
        add_portal("https://portal.example", "Portal")
        token = embed_token("https://portal.example")
    response = client.post(
        "/embed/text-size",
        data="[" * 30_000 + "]" * 30_000,
        content_type="application/json",
        headers={"Origin": "https://portal.example", "X-Reader-Token": token},
    )
    assert response.status_code == 400
    assert response.json == {"error": "Không đọc được yêu cầu này."}


@pytest.mark.parametrize("host", ["a" * 300, "a." * 200 + "example", "x" * 2000])
def test_a_host_no_url_can_hold_is_400_never_a_qr_overflow(client, host):
    response = client.get(f"{ARTICLE}/print", headers={"Host": host})
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.get_data(as_text=True)
    assert "Content-Security-Policy" in response.headers


def test_a_long_but_valid_host_still_gets_its_qr_code(client):
    host = ".".join(["a" * 63] * 3) + ".example:65535"
    response = client.get(f"{ARTICLE}/print", headers={"Host": host})
    assert response.status_code == 200
    assert f"http://{host}{ARTICLE}" in response.get_data(as_text=True)


def raw_request(server, head: bytes, body: bytes = b"") -> bytes:
    """One HTTP/1.1 exchange over a plain socket (the test client cannot send chunks)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(head + b"\r\n\r\n" + body)
        sock.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def chunked(body: bytes, size: int = 8192) -> bytes:
    parts = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"


def post_chunked(server, body: bytes) -> bytes:
    head = (
        b"POST /reader/text-size HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        b"Transfer-Encoding: chunked\r\nContent-Type: application/x-www-form-urlencoded"
    )
    return raw_request(server, head, chunked(body))


def test_chunked_bodies_over_the_limit_are_413_not_cut(live_server):
    limit = live_server.app.config["MAX_CONTENT_LENGTH"]
    with live_server.app.app_context():
        form = b"action=increase&next=/&reader_new=" + new_reader_token().encode()
    small = post_chunked(live_server, form)
    assert small.startswith(b"HTTP/1.1 303")
    exact = form + b"&pad="
    exact += b"x" * (limit - len(exact))
    assert post_chunked(live_server, exact).startswith(b"HTTP/1.1 303")
    answer = post_chunked(live_server, exact + b"x")
    assert answer.startswith(b"HTTP/1.1 413")
    assert "Quá lớn".encode() in answer and b"Content-Security-Policy" in answer


def test_a_live_server_refuses_odd_hosts_with_400(seeded_app):
    server = LiveServer(seeded_app)
    try:
        for host in (b"a" * 2000, b"bad host", b"[::1", b"x;y"):
            head = b"GET %s/print HTTP/1.1\r\nHost: %s\r\nConnection: close" % (
                ARTICLE.encode(),
                host,
            )
            answer = raw_request(server, head)
            assert answer.startswith(b"HTTP/1.1 400"), (host, answer[:100])
            assert b"Content-Security-Policy" in answer
    finally:
        server.stop()


def test_permissions_policy_denies_what_we_never_use(client):
    policy = client.get(ARTICLE).headers["Permissions-Policy"]
    features = dict(item.split("=", 1) for item in policy.split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"
    assert features["clipboard-write"] == "(self)"
    assert "speaker-selection" not in features and "speech" not in policy


def test_error_answers_carry_the_security_headers_too(client):
    for response in (client.put("/"), client.get("/nowhere"), client.get("/?page=0")):
        assert response.status_code in (404, 405)
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]
        assert "Permissions-Policy" in response.headers


def test_json_error_bodies_are_json(seeded_app, client):
    with seeded_app.app_context():
        add_portal("https://portal.example", "Portal")
    response = client.post(
        "/embed/text-size",
        data=json.dumps({"action": "increase"}),
        content_type="application/json",
        headers={"Origin": "https://portal.example", "X-Reader-Token": "forged"},
    )
    assert response.status_code == 400 and "error" in response.json
