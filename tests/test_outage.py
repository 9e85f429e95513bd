"""Outages: with the database down, a quick 503 page in the reader's language (the embed says
"temporarily unavailable"), and recovery by itself once it is back, without a restart."""

import sqlite3
import time
from contextlib import contextmanager

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from reader.portals import add_portal
from tests.conftest import SEED_SLUG, take_the_database_down

PORTAL = "https://portal.example"
ARTICLE = f"/articles/{SEED_SLUG}"
QUICK = 3.0  # seconds: the 1 s timeouts of reader/db.py, plus a loaded shared machine


@pytest.fixture
def app(seeded_app):
    with seeded_app.test_request_context():
        add_portal(PORTAL, "Portal")
    seeded_app.extensions["reader.pages"].version_seconds = 0  # ask the database every time
    return seeded_app


@contextmanager
def database_down(app):
    """Take the database down for the block: SQLite locked by another process's exclusive
    transaction (what a backup or a stuck writer does); on PostgreSQL, every table of ours
    locked, then every connection of ours terminated, as a restarted server does."""
    with app.app_context():
        engine = app.extensions["reader"].db.engine
    if engine.dialect.name == "sqlite":
        engine.dispose()  # the open connections go, as with the file on a lost volume
        locker = sqlite3.connect(make_url(engine.url).database, isolation_level=None)
        locker.execute("PRAGMA locking_mode=EXCLUSIVE")
        locker.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            locker.execute("ROLLBACK")
            locker.close()
    else:
        with engine.connect() as locker:
            locker.execute(text("BEGIN"))
            locker.execute(
                text(
                    "LOCK TABLE reader_article, reader_figure, reader_portal, reader_preference"
                    " IN ACCESS EXCLUSIVE MODE"
                )
            )
            try:
                yield
            finally:
                locker.rollback()
                others = (
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    " AND backend_type = 'client backend'"
                )
                locker.execute(
                    text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity" + others)
                )
                locker.commit()
                # As after a restart: the server processes are gone (their sockets closed).
                deadline = time.monotonic() + 10
                while locker.execute(
                    text("SELECT count(*) FROM pg_stat_activity" + others)
                ).scalar():
                    assert time.monotonic() < deadline, "terminated connections lingered"
                    locker.commit()
                    time.sleep(0.01)
                locker.commit()


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def test_pages_answer_a_quick_503_in_the_readers_language_and_recover(app):
    client = app.test_client()
    assert client.get(ARTICLE).status_code == 200
    assert client.get("/embed/toolbar", headers={"Origin": PORTAL}).status_code == 200
    with database_down(app):
        for url, language, words in (
            (ARTICLE, "vi", "Tạm thời không truy cập được"),
            ("/", "en", "Temporarily unavailable"),
            (f"{ARTICLE}/print", "en", "cannot reach its articles"),
        ):
            response, waited = timed(
                lambda url=url, language=language: client.get(
                    url, headers={"Accept-Language": language}
                )
            )
            assert response.status_code == 503, (url, response.status_code)
            assert words in response.text
            assert response.headers["Retry-After"] == "30"
            assert response.headers["Cache-Control"] == "private, no-store"
            assert "default-src 'none'" in response.headers["Content-Security-Policy"]
            assert waited < QUICK, f"{url} waited {waited:.1f} s"
        frame, waited = timed(lambda: client.get(f"/embed/articles/{SEED_SLUG}"))
        assert frame.status_code == 503 and waited < QUICK
        # The portal's frame may show it: the portals last known still frame our pages.
        assert f"frame-ancestors {PORTAL}" in frame.headers["Content-Security-Policy"]
        embed, waited = timed(
            lambda: client.get(
                "/embed/toolbar", headers={"Origin": PORTAL, "Accept-Language": "en"}
            )
        )
        assert embed.status_code == 503 and waited < QUICK
        assert "temporarily unavailable" in embed.json["error"]
        assert "not a portal registered" not in embed.text
        assert embed.headers["Access-Control-Allow-Origin"] == PORTAL  # embed.js can read why
        assert embed.headers["Retry-After"] == "30"
        post, waited = timed(
            lambda: client.post(
                "/reader/text-size",
                data={"action": "increase"},
                headers={"Sec-Fetch-Site": "same-origin", "Accept-Language": "en"},
            )
        )
        assert post.status_code == 503 and waited < QUICK
    # Back up: the same app, no restart.
    for url in (ARTICLE, "/", f"/embed/articles/{SEED_SLUG}"):
        assert client.get(url).status_code == 200, url
    assert client.get("/embed/toolbar", headers={"Origin": PORTAL}).status_code == 200
    write = client.post(
        "/reader/text-size", data={"action": "increase"}, headers={"Sec-Fetch-Site": "same-origin"}
    )
    assert write.status_code == 303  # the write path's pooled connections were replaced too


def test_an_unknown_origin_still_gets_no_cors_while_the_registry_is_down(app):
    client = app.test_client()
    client.get("/embed/toolbar", headers={"Origin": PORTAL})
    with database_down(app):
        response = client.get("/embed/toolbar", headers={"Origin": "https://evil.example"})
    assert response.status_code == 503
    assert "Access-Control-Allow-Origin" not in response.headers


def test_a_page_that_only_lacks_preferences_renders_at_the_defaults(app, monkeypatch):
    client = app.test_client()
    response = client.post(
        "/reader/text-size", data={"action": "increase"}, headers={"Sec-Fetch-Site": "same-origin"}
    )
    assert response.status_code == 303
    client.delete_cookie("reader_variant")  # the page must ask the database for the size
    assert 'data-reader-scale="110"' in client.get(ARTICLE).text
    client.delete_cookie("reader_variant")  # that answer set it again
    take_the_database_down(monkeypatch)  # the preferences' queries fail, the articles' do not
    page = client.get(ARTICLE)
    assert page.status_code == 200 and 'data-reader-scale="100"' in page.text
