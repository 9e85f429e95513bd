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


def test_readers_with_an_id_and_no_variant_never_share_an_answer(seeded_app, flask_calls):
    """Each such page comes from the reader's own row: one at the default size (an answer with
    no cookie to set, public) must not be kept for the next, at 110%, within its second."""
    from reader.db import session
    from reader.models import ReaderPreference
    from reader.preferences import new_reader_id
    from reader.tokens import sign_reader_id

    cookies = {}
    with seeded_app.test_request_context():
        for size in (100, 110):
            reader_id = new_reader_id()
            session().add(ReaderPreference(reader_id=reader_id, font_scale=size))
            session().commit()
            cookies[size] = sign_reader_id(reader_id)
    for size in (100, 110, 100, 110):
        client = seeded_app.test_client()
        client.set_cookie("reader_id", cookies[size])
        assert f'data-reader-scale="{size}"' in client.get(ARTICLE).text
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


def test_the_embeds_answer_for_new_readers_is_kept_a_second_with_a_live_token(
    seeded_app, flask_calls, monkeypatch
):
    import itsdangerous.timed

    from reader.portals import add_portal

    clock = [1000.0]
    monkeypatch.setattr("reader.fast_pages.time.monotonic", lambda: clock[0])
    portal, other = "https://portal.example", "https://other.example"
    with seeded_app.test_request_context():
        add_portal(portal, "Portal")
        add_portal(other, "Other")
    client = seeded_app.test_client()
    first = client.get("/embed/toolbar", headers={"Origin": portal})
    again = client.get("/embed/toolbar", headers={"Origin": portal})
    assert len(flask_calls) == 1 and again.get_data() == first.get_data()
    assert again.headers == first.headers
    assert first.headers["Cache-Control"] == "private, no-store"  # no shared cache keeps it
    # Another portal, or a reader who sends an id, never gets that answer.
    assert (
        client.get("/embed/toolbar", headers={"Origin": other}).json["token"]
        != (first.json["token"])
    )
    client.get("/embed/toolbar", headers={"Origin": portal, "X-Reader-Id": "x"})
    assert len(flask_calls) == 3
    # Two hours on the token's clock, and the second gone: a new token is built.
    later = seeded_app.config["READER_EMBED_TOKEN_MAX_AGE"] + 3600
    real = itsdangerous.timed.TimestampSigner.get_timestamp
    monkeypatch.setattr(
        itsdangerous.timed.TimestampSigner, "get_timestamp", lambda self: real(self) + later
    )
    clock[0] += 1.1
    token = client.get("/embed/toolbar", headers={"Origin": portal}).json["token"]
    assert token != first.json["token"]
    response = client.post(
        "/embed/text-size",
        json={"action": "increase"},
        headers={"Origin": portal, "X-Reader-Token": token},
    )
    assert response.status_code == 200, response.text


def test_over_https_a_reader_with_no_id_gets_no_cookie_to_forget(seeded_app):
    from reader.portals import add_portal

    with seeded_app.test_request_context():
        add_portal("https://portal.example", "Portal")
    response = seeded_app.test_client().get(
        "/embed/toolbar", headers={"Origin": "https://portal.example"}, base_url="https://r.test"
    )
    assert response.status_code == 200 and "Set-Cookie" not in response.headers


def test_the_answers_kept_stay_within_their_bytes():
    bodies = {"/a": b"a" * 40, "/b": b"b" * 40, "/c": b"c" * 40, "/big": b"x" * 200}

    def app(environ, start_response):
        body = bodies[environ["PATH_INFO"]]
        start_response(
            "200 OK", [("Cache-Control", "public, max-age=60"), ("Content-Length", str(len(body)))]
        )
        return [body]

    pages = FastPages(app, seconds=60, id_cookie="reader_id", max_bytes=100)

    def get(path):
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "wsgi.url_scheme": "http"}
        return b"".join(pages(environ, lambda status, headers, exc_info=None: None))

    for path in ("/a", "/b", "/c", "/big", "/c"):
        assert get(path) == bodies[path]
        assert pages.size <= 100 and pages.size == sum(len(e[3]) for e in pages.entries.values())
    assert len(pages.entries) == 1  # /a and /b made room for /c; /big was answered, not kept
