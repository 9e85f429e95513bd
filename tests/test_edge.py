"""READER_PUBLIC_URL, READER_PROXY_FIX, the Host headers we accept, HSTS and Secure cookies."""

import os
import re
from pathlib import Path

import pytest
from flask import session

from reader import create_app
from reader.cli import import_file
from reader.edge import KNOWN_HOSTS, parse_public_url
from reader.qr import qr_svg
from tests.conftest import SEED, SEED_SLUG, PageClient, _reset_database

ARTICLE = f"/articles/{SEED_SLUG}"


def make_app(tmp_path, **config):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(tmp_path / "reader.sqlite"),
            **config,
        }
    )
    app.test_client_class = PageClient  # its form POSTs carry our pages' new-reader token
    _reset_database(app)
    with app.app_context():
        import_file(Path(SEED))

    @app.get("/test-session")
    def set_session():
        session["seen"] = True
        return "ok"

    return app


@pytest.fixture
def public_app(tmp_path):
    return make_app(tmp_path, READER_PUBLIC_URL="https://reader.example/news")


def test_the_public_url_makes_share_links_and_the_qr_code(public_app):
    client = public_app.test_client()
    response = client.get(f"{ARTICLE}/print", base_url="http://reader.example:8000")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    address = f"https://reader.example/news{ARTICLE}"
    assert f">{address}<" in page or f'"{address}"' in page
    assert str(qr_svg(address)) in page
    assert "reader.example:8000" not in page
    assert re.search(r'href="/news/static/reader/reader\.[0-9a-f]{12}\.css"', page)  # fingerprinted


def test_a_proxy_that_keeps_the_prefix_reaches_the_same_page(public_app):
    client = public_app.test_client()
    response = client.get(f"/news{ARTICLE}", base_url="http://reader.example")
    assert response.status_code == 200
    assert f'href="/news{ARTICLE}?lang=en"' in response.get_data(as_text=True)


@pytest.mark.parametrize("host", ["evil.example", "reader.example.evil", "127.0.0.1", "localhost"])
def test_other_hosts_get_400_in_the_page_language(public_app, host):
    client = public_app.test_client()
    for url in ("/", ARTICLE, "/static/reader/reader.css", "/nowhere"):
        response = client.get(url, base_url=f"http://{host}")
        assert response.status_code == 400
        assert "Yêu cầu không hợp lệ" in response.get_data(as_text=True)
        assert "Content-Security-Policy" in response.headers
        assert "Strict-Transport-Security" not in response.headers
    response = client.get("/", base_url=f"http://{host}", headers={"Accept-Language": "en"})
    assert "Bad request" in response.get_data(as_text=True)


def test_an_https_public_url_sends_hsts_and_secure_cookies(public_app):
    client = public_app.test_client()
    response = client.get("/", base_url="http://reader.example")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    response = client.post(
        "/reader/text-size",
        data={"action": "increase", "next": "/"},
        base_url="http://reader.example",
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 303
    cookies = response.headers.getlist("Set-Cookie")
    assert cookies and all("Secure" in c and "SameSite=Lax" in c for c in cookies)
    cookie = client.get("/test-session", base_url="http://reader.example").headers["Set-Cookie"]
    assert "Secure" in cookie and "SameSite=Lax" in cookie and "HttpOnly" in cookie


def test_hsts_follows_its_setting_and_only_for_https(tmp_path):
    quiet = make_app(tmp_path, READER_PUBLIC_URL="https://reader.example", READER_HSTS_SECONDS=0)
    response = quiet.test_client().get("/", base_url="https://reader.example")
    assert "Strict-Transport-Security" not in response.headers
    (tmp_path / "b").mkdir()
    plain = make_app(tmp_path / "b", READER_PUBLIC_URL="http://reader.lan")
    response = plain.test_client().get("/", base_url="http://reader.lan")
    assert response.status_code == 200 and "Strict-Transport-Security" not in response.headers


def test_without_a_public_url_any_loopback_address_works(seeded_app):
    client = seeded_app.test_client()
    for base in ("http://127.0.0.1:5000", "http://localhost:8000", "http://[::1]:5000"):
        response = client.get(f"{ARTICLE}/print", base_url=base)
        assert response.status_code == 200, base
        assert f"{base}{ARTICLE}" in response.get_data(as_text=True)
        assert "Strict-Transport-Security" not in response.headers


def test_session_cookie_is_lax_and_secure_only_over_https(tmp_path):
    app = make_app(tmp_path)
    cookie = app.test_client().get("/test-session").headers["Set-Cookie"]
    assert "SameSite=Lax" in cookie and "Secure" not in cookie
    cookie = (
        app.test_client().get("/test-session", base_url="https://localhost").headers["Set-Cookie"]
    )
    assert "SameSite=Lax" in cookie and "Secure" in cookie


FORWARDED = {
    "X-Forwarded-For": "203.0.113.9",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "reader.example",
    "X-Forwarded-Prefix": "/r",
}


def test_proxy_fix_trusts_the_proxys_headers_only_when_set(tmp_path):
    behind = make_app(tmp_path, READER_PROXY_FIX=1).test_client()
    page = behind.get(f"{ARTICLE}/print", headers=FORWARDED).get_data(as_text=True)
    assert f"https://reader.example/r{ARTICLE}" in page
    # The proxy's own origin passes our cross-origin check (the refused iframe POSTs).
    response = behind.post(
        "/reader/text-size",
        data={"action": "increase", "next": "/"},
        headers={**FORWARDED, "Origin": "https://reader.example"},
    )
    assert response.status_code == 303 and "Secure" in response.headers["Set-Cookie"]

    (tmp_path / "b").mkdir()
    direct = make_app(tmp_path / "b").test_client()
    page = direct.get(f"{ARTICLE}/print", headers=FORWARDED).get_data(as_text=True)
    assert f"http://localhost{ARTICLE}" in page and "reader.example" not in page


def test_settings_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("READER_PUBLIC_URL", "https://reader.example")
    monkeypatch.setenv("READER_PROXY_FIX", "2")
    app = make_app(tmp_path)
    assert app.config["TRUSTED_HOSTS"] == ["reader.example"]
    assert app.config["READER_PROXY_FIX"] == 2
    assert "ProxyFix" in type(app.wsgi_app).__name__


@pytest.mark.parametrize(
    "value, expected",
    [
        ("https://reader.example", "https://reader.example"),
        ("HTTPS://Reader.Example:443/", "https://reader.example"),
        ("https://reader.example:8443/news/", "https://reader.example:8443/news"),
        ("http://127.0.0.1:5000", "http://127.0.0.1:5000"),
        (
            "https://bắc-kạn.gov.vn/đọc".replace("/đọc", "/doc"),
            "https://xn--bc-kn-m11bwd.gov.vn/doc",
        ),
    ],
)
def test_public_urls_are_normalised(value, expected):
    assert parse_public_url(value).url == expected


@pytest.mark.parametrize(
    "value, message",
    [
        ("reader.example", "give http"),
        ("ftp://reader.example", "give http"),
        ("https://*.example", "not a valid host name"),
        ("https://reader.example;x", "not a valid host name"),
        ("https://user@reader.example", "user name"),
        ("https://reader.example/?a=1", "query"),
        ("https://reader.example/a b", "plain segments"),
        ("https://reader.example/a%2Fb", "plain segments"),
        ("https://[::1]:5000", "IPv6"),
        ("https://reader.example:99999", "out of range"),
    ],
)
def test_bad_public_urls_stop_the_app_with_a_reason(tmp_path, value, message):
    with pytest.raises(ValueError, match=message) as error:
        parse_public_url(value)
    assert "READER_PUBLIC_URL" in str(error.value)
    with pytest.raises(ValueError, match="READER_PUBLIC_URL"):
        create_app({"READER_PUBLIC_URL": value, "SECRET_KEY": "x"})


@pytest.mark.parametrize("value", [-1, "two", True, 1.5])
def test_a_bad_proxy_count_stops_the_app(value):
    with pytest.raises(ValueError, match="READER_PROXY_FIX"):
        create_app({"READER_PROXY_FIX": value, "SECRET_KEY": "x"})


def test_made_up_hosts_never_push_the_real_hosts_pages_out(seeded_app):
    client = seeded_app.test_client()
    cache = seeded_app.extensions["reader.pages"]
    qr_svg.cache_clear()
    real = "http://reader.example"
    assert client.get(f"{ARTICLE}/print", base_url=real).status_code == 200
    for n in range(KNOWN_HOSTS + 40):
        for _repeat in range(3):  # even a made-up host asked for three times
            response = client.get(f"{ARTICLE}/print", base_url=f"http://h{n}.example")
            assert response.status_code == 200
            assert f"http://h{n}.example{ARTICLE}" in response.get_data(as_text=True)
        assert client.get(f"{ARTICLE}/print", base_url=real).status_code == 200
    assert len(cache.pages) <= KNOWN_HOSTS and qr_svg.cache_info().currsize <= KNOWN_HOSTS
    assert any(real + "/" in key for key in cache.pages)


def test_the_real_host_wins_its_place_back_after_a_flood(seeded_app):
    client = seeded_app.test_client()
    for n in range(KNOWN_HOSTS):  # made-up hosts first, straight after a restart
        client.get("/", base_url=f"http://h{n}.example")
    hosts = seeded_app.extensions["reader.known_hosts"]
    assert "reader.example" not in hosts.hits
    client.get("/", base_url="http://reader.example")
    client.get("/", base_url="http://reader.example")
    assert "reader.example" in hosts.hits and len(hosts.hits) == KNOWN_HOSTS


def test_the_extension_sets_no_trusted_hosts_on_a_host_app(host_app, monkeypatch):
    from reader import Reader

    monkeypatch.setitem(os.environ, "READER_PUBLIC_URL", "https://reader.example")
    Reader(host_app, db=host_app.extensions["test_host_db"])
    assert host_app.config["TRUSTED_HOSTS"] is None
    assert "reader.public_url" not in host_app.extensions


def test_behind_a_proxy_the_iframe_keeps_its_reader_in_a_secure_cookie(tmp_path):
    app = make_app(tmp_path, READER_PROXY_FIX=1)
    response = app.test_client().post(
        f"/embed{ARTICLE}/text-size",
        data={"action": "increase"},
        headers={**FORWARDED, "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 303
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if "reader_frame_id" in c)
    assert "Secure" in cookie and "Partitioned" in cookie and "SameSite=None" in cookie


def test_a_request_without_host_is_refused_only_behind_a_public_url(tmp_path):
    import socket

    from reader.testing.server import LiveServer

    def fetch_http10(app):
        server = LiveServer(app)
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
                sock.sendall(b"GET / HTTP/1.0\r\n\r\n")
                answer = b""
                while chunk := sock.recv(65536):
                    answer += chunk
            return answer
        finally:
            server.stop()

    assert fetch_http10(make_app(tmp_path)).split(b" ")[1] == b"200"
    (tmp_path / "b").mkdir()
    public = make_app(tmp_path / "b", READER_PUBLIC_URL="https://reader.example")
    assert fetch_http10(public).split(b" ")[1] == b"400"
