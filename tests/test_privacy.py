"""Each line of the privacy table (docs/embedding.md "What is stored where", and the README's
Privacy section in docs/operations.md), proved against the server: where an id is issued is the
only place it is read, a reset id is dead, and the embed's token expires."""

import itsdangerous.timed
import pytest
from sqlalchemy import select

from reader.models import ReaderPreference
from reader.portals import add_portal
from reader.tokens import FRAME, SITE, reader_id_from, sign_reader_id
from tests.conftest import SEED_SLUG

PORTAL, OTHER = "https://portal.example", "https://other-portal.example"
ARTICLE = f"/articles/{SEED_SLUG}"
FRAME_URL = f"/embed/articles/{SEED_SLUG}"
HTTPS = "https://reader.test"
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}


@pytest.fixture
def app(seeded_app):
    with seeded_app.test_request_context():
        add_portal(PORTAL, "Portal")
        add_portal(OTHER, "Another portal")
    return seeded_app


def stored(app) -> dict:
    with app.app_context():
        session = app.extensions["reader"].session
        return {r.reader_id: r.font_scale for r in session.scalars(select(ReaderPreference))}


def toolbar(client, origin, reader=None):
    headers = {"Origin": origin, **({"X-Reader-Id": reader} if reader else {})}
    return client.get("/embed/toolbar", headers=headers, base_url=HTTPS)


def embed_post(client, origin, action="increase", reader=None, token=None):
    token = token or toolbar(client, origin).json["token"]
    headers = {"Origin": origin, "X-Reader-Token": token, "Accept-Language": "en"}
    if reader:
        headers["X-Reader-Id"] = reader
    return client.post("/embed/text-size", json={"action": action}, headers=headers, base_url=HTTPS)


def site_reader(client) -> str:
    """A reader of our own site: their signed `reader_id` cookie."""
    response = client.post(
        "/reader/text-size", data={"action": "increase", "next": ARTICLE}, headers=SAME_ORIGIN
    )
    assert response.status_code == 303
    return client.get_cookie("reader_id").value


def test_the_portals_storage_holds_a_signed_id_read_back_on_that_portal_only(app):
    """localStorage row: the id is sent as X-Reader-Id, and only its own portal reads it."""
    client = app.test_client()
    answer = embed_post(client, PORTAL)
    reader = answer.json["reader"]
    assert answer.json["scale"] == 110 and reader
    assert toolbar(client, PORTAL, reader).json["scale"] == 110
    # Another portal (or a page sending it from anywhere else) gets no reader from it...
    elsewhere = app.test_client()
    other = toolbar(elsewhere, OTHER, reader).json
    assert other["scale"] == 100 and other["reader"] is None
    # ...and a change there is a new reader, with an id of its own.
    changed = embed_post(elsewhere, OTHER, reader=reader).json
    assert changed["reader"] not in (None, reader) and changed["scale"] == 110
    assert sorted(stored(app).values()) == [110, 110]


def test_the_partitioned_cookie_carries_the_same_id_for_its_portal_only(app):
    """Cookie row: reader_embed_id, Secure, HttpOnly, SameSite=None, Partitioned, per portal."""
    client = app.test_client()
    answer = embed_post(client, PORTAL)
    cookie = answer.headers["Set-Cookie"]
    for attribute in ("reader_embed_id=", "Secure", "HttpOnly", "SameSite=None", "Partitioned"):
        assert attribute in cookie
    assert toolbar(client, PORTAL).json["scale"] == 110  # the cookie alone brings it back
    assert toolbar(client, OTHER).json == toolbar(app.test_client(), OTHER).json  # no reader


def test_our_site_the_iframe_and_a_portal_never_read_each_others_ids(app):
    """The docs: "two portals (or a portal and our own site) never see the same reader id"."""
    client = app.test_client()
    ours = site_reader(client)
    portal_id = embed_post(app.test_client(), PORTAL).json["reader"]
    # Our site's id sent to a portal's toolbar: no reader.
    assert toolbar(app.test_client(), PORTAL, ours).json["reader"] is None
    # A portal's id in our own cookie: no reader (the page is at the default size).
    stranger = app.test_client()
    stranger.set_cookie("reader_id", portal_id)
    assert 'data-reader-scale="100"' in stranger.get(ARTICLE).text
    # A portal's id or ours in the iframe's cookie: no reader there either.
    for foreign in (portal_id, ours):
        framed = app.test_client()
        framed.set_cookie("reader_frame_id", foreign, domain="reader.test")
        assert 'data-reader-scale="100"' in framed.get(FRAME_URL, base_url=HTTPS).text
    # And the iframe's own id is read only in the iframe.
    framed = app.test_client()
    framed.post(
        f"{FRAME_URL}/text-size", data={"action": "increase"}, headers=SAME_ORIGIN, base_url=HTTPS
    )
    frame_id = framed.get_cookie("reader_frame_id", domain="reader.test").value
    assert 'data-reader-scale="110"' in framed.get(FRAME_URL, base_url=HTTPS).text
    assert toolbar(app.test_client(), PORTAL, frame_id).json["reader"] is None
    with app.test_request_context():  # the same id, signed for each place, read in each
        places = (SITE, FRAME, PORTAL, OTHER)
        for issued in places:
            signed = sign_reader_id("r" * 43, issued)
            read = [reader_id_from(signed, place) for place in places]
            assert read == ["r" * 43 if place == issued else None for place in places]


def test_reset_deletes_the_row_both_stores_forget_and_the_id_is_dead(app):
    """Database row: the id and the size; reset deletes it, and replaying the id later neither
    reads nor recreates it."""
    client = app.test_client()
    reader = embed_post(client, PORTAL).json["reader"]
    assert list(stored(app).values()) == [110]
    reset = embed_post(client, PORTAL, "reset", reader=reader)
    assert (reset.json["scale"], reset.json["reader"]) == (100, None) and stored(app) == {}
    assert "reader_embed_id=;" in reset.headers["Set-Cookie"]  # the cookie is deleted
    replay = app.test_client()
    assert toolbar(replay, PORTAL, reader).json["reader"] is None
    again = embed_post(replay, PORTAL, reader=reader).json
    assert again["reader"] != reader  # a new id: the old one stays dead
    with app.test_request_context():
        dead, new = reader_id_from(reader, PORTAL), reader_id_from(again["reader"], PORTAL)
    assert set(stored(app)) == {new} and dead not in stored(app)


def test_a_reset_id_of_our_own_site_is_dead_too(app):
    client = app.test_client()
    cookie = site_reader(client)
    client.post("/reader/text-size", data={"action": "reset", "next": ARTICLE}, headers=SAME_ORIGIN)
    assert stored(app) == {}
    replay = app.test_client()
    replay.set_cookie("reader_id", cookie)
    replay.post(
        "/reader/text-size", data={"action": "increase", "next": ARTICLE}, headers=SAME_ORIGIN
    )
    assert replay.get_cookie("reader_id").value != cookie and len(stored(app)) == 1


def test_the_embed_token_carries_its_issue_time_and_expires(app, monkeypatch):
    client = app.test_client()
    token = toolbar(client, PORTAL).json["token"]
    assert embed_post(client, PORTAL, token=token).status_code == 200
    ages = app.config["READER_EMBED_TOKEN_MAX_AGE"] + 60
    real = itsdangerous.timed.TimestampSigner.get_timestamp
    monkeypatch.setattr(
        itsdangerous.timed.TimestampSigner, "get_timestamp", lambda self: real(self) + ages
    )
    expired = embed_post(client, PORTAL, token=token)
    assert expired.status_code == 400 and expired.json["renew"] is True
    assert embed_post(client, PORTAL).status_code == 200  # a new token from the toolbar's JSON
