"""Whole public pages answered from memory in front of Flask, keyed as a shared cache keys them."""

import pytest

from reader.fast_pages import FastPages
from tests.conftest import SEED_SLUG

ARTICLE = f"/articles/{SEED_SLUG}"


@pytest.fixture
def flask_calls(seeded_app):
    calls = []
    seeded_app.before_request(lambda: calls.append(1) and None)
    return calls


def test_a_second_get_never_reaches_flask_and_is_byte_identical(seeded_app, flask_calls):
    client = seeded_app.test_client()
    first = client.get(ARTICLE, headers={"Accept-Language": "vi"})
    again = client.get(ARTICLE, headers={"Accept-Language": "vi"})
    assert len(flask_calls) == 1
    assert again.get_data() == first.get_data()
    assert again.headers == first.headers  # CSP, Vary, Cache-Control, ETag: all Flask's own
    not_modified = client.get(
        ARTICLE, headers={"Accept-Language": "vi", "If-None-Match": first.headers["ETag"]}
    )
    assert not_modified.status_code == 304 and len(flask_calls) == 1


def test_variants_languages_and_returning_readers_get_their_own_answers(seeded_app, flask_calls):
    client = seeded_app.test_client()
    default = client.get(ARTICLE, headers={"Accept-Language": "vi"}).text
    english = client.get(ARTICLE, headers={"Accept-Language": "en"}).text
    client.set_cookie("reader_variant", "s120")
    large = client.get(ARTICLE, headers={"Accept-Language": "vi"}).text
    assert len({default, english, large}) == 3 and "reader-scale--120" in large
    other = seeded_app.test_client()
    other.set_cookie("_ga", "tracker")
    other.set_cookie("reader_variant", "s120")
    assert other.get(ARTICLE, headers={"Accept-Language": "vi"}).text == large
    assert len(flask_calls) == 3
    # An id without a variant: only Flask (and the database) can say which page is theirs.
    returning = seeded_app.test_client()
    returning.set_cookie("reader_id", "not-a-valid-id")
    assert returning.get(ARTICLE, headers={"Accept-Language": "vi"}).text == default
    assert len(flask_calls) == 4


def test_answers_that_set_cookies_and_posts_always_reach_flask(seeded_app, flask_calls):
    client = seeded_app.test_client()
    for _ in range(2):
        assert "Set-Cookie" in client.get(f"{ARTICLE}?lang=en").headers
    assert len(flask_calls) == 2
    for _ in range(2):
        client.post("/reader/text-size", data={"action": "increase", "next": ARTICLE})
    assert len(flask_calls) == 4


def test_an_entry_lasts_the_version_seconds(seeded_app, flask_calls, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr("reader.fast_pages.time.monotonic", lambda: clock[0])
    client = seeded_app.test_client()
    client.get("/")
    clock[0] += 0.9
    client.get("/")
    assert len(flask_calls) == 1
    clock[0] += 0.2
    client.get("/")
    assert len(flask_calls) == 2


@pytest.mark.parametrize(
    ("status", "headers", "kept"),
    [
        ("200 OK", [("Cache-Control", "public, max-age=60"), ("Content-Length", "3")], True),
        ("200 OK", [("Cache-Control", "private, no-store"), ("Content-Length", "3")], False),
        (
            "200 OK",
            [("Cache-Control", "public"), ("Set-Cookie", "a=b"), ("Content-Length", "3")],
            False,
        ),
        (
            "200 OK",
            [("Cache-Control", "public"), ("Vary", "HX-Request"), ("Content-Length", "3")],
            False,
        ),
        (
            "200 OK",
            [
                ("Cache-Control", "public"),
                ("Vary", "Cookie, Accept-Language"),
                ("Content-Length", "3"),
            ],
            True,
        ),
        ("404 NOT FOUND", [("Cache-Control", "public"), ("Content-Length", "3")], False),
        ("200 OK", [("Content-Length", "3")], False),
        ("200 OK", [("Cache-Control", "public")], False),  # streamed: never buffered
    ],
)
def test_only_what_a_shared_cache_could_keep_is_kept(status, headers, kept):
    assert FastPages.keepable(status, headers) is kept
