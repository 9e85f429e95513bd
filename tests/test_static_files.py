"""Static files: fingerprinted names cached for a year, plain names revalidated, precompressed."""

import gzip
import re

import brotli
import pytest
from flask import render_template_string

from reader import Reader
from reader.paths import STATIC_DIR
from reader.security import content_security_policy
from reader.static_files import build, hashed_name

HASHED_JS = re.compile(r"/static/reader/toolbar\.[0-9a-f]{12}\.js")


def fetch(client, url: str, **kwargs):
    """A GET whose response is read and closed (WhiteNoise answers with an open file)."""
    with client.get(url, **kwargs) as response:
        response.get_data()
    return response


def asset_urls(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/static/reader/[^"]+)"', html)


def test_pages_link_fingerprinted_files_cached_for_a_year(seeded_app):
    client = seeded_app.test_client()
    page = client.get("/")
    urls = asset_urls(page.text)
    assert any(HASHED_JS.fullmatch(u) for u in urls), urls
    assert "/static/reader/vendor/htmx.min.js" not in urls
    for url in urls:
        response = fetch(client, url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "max-age=31536000, public, immutable"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Content-Security-Policy"] == content_security_policy()


@pytest.mark.parametrize(
    ("accept", "encoding", "decode"),
    [("br, gzip", "br", brotli.decompress), ("gzip", "gzip", gzip.decompress), ("", None, None)],
)
def test_files_are_sent_precompressed(app, accept, encoding, decode):
    source = (STATIC_DIR / "reader" / "vendor" / "htmx.min.js").read_bytes()
    url = "/static/reader/vendor/" + hashed_name("htmx.min.js", source)
    response = fetch(app.test_client(), url, headers={"Accept-Encoding": accept})
    assert response.headers.get("Content-Encoding") == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    body = response.get_data()
    assert (decode(body) if decode else body) == source
    if decode:
        assert len(body) < len(source) / 2


def test_the_embed_script_keeps_its_address_with_a_short_revalidated_cache(app):
    client = app.test_client()
    response = fetch(client, "/static/reader/embed.js")
    assert response.status_code == 200
    assert response.get_data() == (STATIC_DIR / "reader" / "embed.js").read_bytes()
    assert response.headers["Cache-Control"] == "max-age=300, public"
    etag = response.headers["ETag"]
    again = fetch(client, "/static/reader/embed.js", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_the_manifest_is_not_served(app):
    assert fetch(app.test_client(), "/static/reader/manifest.json").status_code == 404


def test_a_build_keeps_earlier_fingerprints_and_drops_stale_siblings(tmp_path):
    source, root = tmp_path / "source", tmp_path / "root"
    source.mkdir()
    (source / "a.js").write_text("var first = 1;\n" * 200)
    first = build(source, root)
    assert (root / (first["a.js"] + ".br")).is_file() and (root / "a.js.gz").is_file()
    (source / "a.js").write_text("x")  # too small to compress
    second = build(source, root)
    assert second["a.js"] != first["a.js"]
    assert (root / first["a.js"]).is_file()  # a page cached before the deploy still finds it
    assert (root / "a.js").read_text() == "x"
    assert not (root / "a.js.gz").exists() and not (root / "a.js.br").exists()


def test_a_host_app_is_not_wrapped_unless_it_asks(host_app):
    wsgi_app = host_app.wsgi_app
    Reader(host_app, db=host_app.extensions["test_host_db"])
    assert host_app.wsgi_app == wsgi_app
    with host_app.test_request_context():
        url = render_template_string("{{ url_for('reader.static', filename='toolbar.js') }}")
    assert url == "/static/reader/toolbar.js"
    response = fetch(host_app.test_client(), url)
    assert response.status_code == 200 and "immutable" not in response.headers["Cache-Control"]


def test_a_host_app_can_ask_for_fingerprinted_files_under_its_prefix(host_app, tmp_path):
    host_app.config["READER_STATIC_ROOT"] = str(tmp_path / "static")
    host_app.add_url_rule("/portal.js", "portal_js", lambda: "portal")
    Reader(
        host_app, db=host_app.extensions["test_host_db"], url_prefix="/reader", serve_static=True
    )
    with host_app.test_request_context():
        url = render_template_string("{{ url_for('reader.static', filename='toolbar.js') }}")
    assert re.fullmatch(r"/reader/static/reader/toolbar\.[0-9a-f]{12}\.js", url)
    client = host_app.test_client()
    assert "immutable" in fetch(client, url).headers["Cache-Control"]
    assert fetch(client, "/reader/static/reader/embed.js").status_code == 200
    assert fetch(client, "/portal.js").text == "portal"  # the host's own paths pass through
