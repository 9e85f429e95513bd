"""The embed endpoints: CORS only for registered portals, the token, the reader id, the iframe."""

import re

import lxml.html
import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from reader.models import ReaderPreference
from reader.portals import add_portal
from tests.conftest import SEED_SLUG

PORTAL = "https://portal.example"
EVIL = "https://evil.example"


@pytest.fixture
def portal_app(seeded_app):
    with seeded_app.test_request_context():
        add_portal(PORTAL, "Portal")
    return seeded_app


@pytest.fixture
def client(portal_app):
    client = portal_app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"  # messages in English for the asserts
    return client


def get_toolbar(client, origin=PORTAL, headers=None, **query):
    return client.get(
        "/embed/toolbar", query_string=query, headers={"Origin": origin, **(headers or {})}
    )


def post_size(client, action, token, origin=PORTAL, reader=None, base_url="http://reader.test"):
    headers = {"Origin": origin, "X-Reader-Token": token}
    if reader:
        headers["X-Reader-Id"] = reader
    return client.post(
        "/embed/text-size", json={"action": action}, headers=headers, base_url=base_url
    )


def rows(app):
    with app.app_context():
        session = app.extensions["reader"].session
        return {r.reader_id: r.font_scale for r in session.scalars(select(ReaderPreference))}


def test_registered_origin_gets_the_toolbar_with_cors(client):
    response = get_toolbar(client, locale="en", url="https://portal.example/a?b=1", title="A b")
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == PORTAL
    assert response.headers["Access-Control-Allow-Credentials"] == "true"
    assert "Origin" in response.headers["Vary"]
    assert response.headers["Cache-Control"] == "private, no-store"
    data = response.json
    assert data["scale"] == 100 and data["reader"] is None and data["lang"] == "en"
    assert data["steps"][0] == 75 and data["steps"][-1] == 300 and len(data["steps"]) >= 10
    assert data["labels"]["increase"] == "Larger text"
    assert data["labels"]["status"] == "Text size {scale}%"
    assert data["share"]["url"] == "https://portal.example/a?b=1"
    hrefs = [link["href"] for link in data["share"]["links"]]
    assert any(
        h.startswith("https://www.facebook.com/sharer/") and "portal.example%2Fa" in h
        for h in hrefs
    )


def test_labels_follow_the_locale(client):
    labels = get_toolbar(client, locale="vi").json["labels"]
    assert labels["increase"] == "Tăng cỡ chữ" and labels["decrease"] == "Giảm cỡ chữ"
    assert get_toolbar(client, locale="xx").json["lang"] == "en"  # then Accept-Language
    assert get_toolbar(client, locale="xx", headers={"Accept-Language": "fr"}).json["lang"] == "vi"


@pytest.mark.parametrize("origin", [EVIL, "https://portal.example.evil.example", "null", None])
def test_other_origins_get_403_and_no_cors(client, origin):
    headers = {} if origin is None else {"Origin": origin}
    for response in (
        client.get("/embed/toolbar", headers=headers),
        client.post("/embed/text-size", json={"action": "increase"}, headers=headers),
        client.options(
            "/embed/text-size", headers={**headers, "Access-Control-Request-Method": "POST"}
        ),
    ):
        assert response.status_code == 403
        assert "Access-Control-Allow-Origin" not in response.headers
        assert "not a portal registered" in response.text
        assert "Origin" in response.headers["Vary"]


def test_preflight_allows_only_what_embed_js_sends(client):
    response = client.options(
        "/embed/text-size",
        headers={
            "Origin": PORTAL,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-reader-id,x-reader-token",
        },
    )
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == PORTAL
    assert response.headers["Access-Control-Allow-Credentials"] == "true"
    allowed = response.headers["Access-Control-Allow-Headers"].lower()
    assert {"content-type", "x-reader-id", "x-reader-token"} <= set(
        allowed.replace(" ", "").split(",")
    )
    assert "POST" in response.headers["Access-Control-Allow-Methods"]


def test_increase_issues_a_reader_id_that_persists(portal_app, client):
    token = get_toolbar(client).json["token"]
    response = post_size(client, "increase", token)
    assert response.status_code == 200, response.text
    assert response.headers["Access-Control-Allow-Origin"] == PORTAL
    reader = response.json["reader"]
    assert response.json["scale"] == 110 and reader
    assert list(rows(portal_app).values()) == [110]

    # A later page of the portal sends the id from its localStorage: the size comes back.
    client.delete_cookie("reader_embed_id", domain="reader.test")
    again = get_toolbar(client, headers={"X-Reader-Id": reader})
    assert again.json["scale"] == 110 and again.json["reader"] == reader
    assert post_size(client, "increase", token, reader=reader).json["scale"] == 120
    assert list(rows(portal_app).values()) == [120]


def test_https_sets_a_partitioned_cookie_that_also_carries_the_id(portal_app, client):
    token = get_toolbar(client, base_url="https://reader.test").json["token"]
    response = post_size(client, "increase", token, base_url="https://reader.test")
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("reader_embed_id=")
    for attribute in ("Secure", "HttpOnly", "SameSite=None", "Partitioned"):
        assert attribute in cookie
    # No header this time (localStorage blocked): the cookie alone brings the size back.
    assert (
        client.get(
            "/embed/toolbar", headers={"Origin": PORTAL}, base_url="https://reader.test"
        ).json["scale"]
        == 110
    )


def test_plain_http_sets_no_cookie(client):
    token = get_toolbar(client).json["token"]
    response = post_size(client, "increase", token)
    assert response.status_code == 200 and "Set-Cookie" not in response.headers


def test_reset_deletes_the_row_and_forgets_the_id(portal_app, client):
    token = get_toolbar(client).json["token"]
    reader = post_size(client, "increase", token).json["reader"]
    response = post_size(client, "reset", token, reader=reader)
    assert response.json["scale"] == 100 and response.json["reader"] is None
    assert rows(portal_app) == {}


def test_ends_are_clamped(client):
    token = get_toolbar(client).json["token"]
    reader = None
    for _ in range(15):
        data = post_size(client, "increase", token, reader=reader).json
        reader = data["reader"]
    assert data["scale"] == 300
    for _ in range(15):
        data = post_size(client, "decrease", token, reader=reader).json
        reader = data["reader"]  # None once back at the default: the next decrease is a new one
    assert data["scale"] == 75


@pytest.mark.parametrize("token_for", ["nothing", "other-origin", "garbage"])
def test_a_missing_or_foreign_token_is_refused(portal_app, client, token_for):
    with portal_app.test_request_context():
        add_portal(EVIL, "Another registered portal")
    tokens = {
        "nothing": "",
        "other-origin": get_toolbar(client, origin=EVIL).json["token"],
        "garbage": "abc.def",
    }
    response = post_size(client, "increase", tokens[token_for])
    assert response.status_code == 400
    assert response.headers["Access-Control-Allow-Origin"] == PORTAL  # so embed.js can say why
    assert "out of date" in response.json["error"]
    assert rows(portal_app) == {}


@pytest.mark.parametrize(
    "kwargs",
    [
        {"json": {"action": "explode"}},
        {"json": ["increase"]},
        {"json": {}},
        {"data": "action=increase", "content_type": "application/x-www-form-urlencoded"},
        {"data": "{not json", "content_type": "application/json"},
    ],
)
def test_bad_bodies_are_400_with_a_message(portal_app, client, kwargs):
    token = get_toolbar(client).json["token"]
    response = client.post(
        "/embed/text-size", headers={"Origin": PORTAL, "X-Reader-Token": token}, **kwargs
    )
    assert response.status_code == 400
    assert "Unknown text size action" in response.json["error"]
    assert rows(portal_app) == {}


def test_a_tampered_reader_id_is_a_new_reader(portal_app, client):
    token = get_toolbar(client).json["token"]
    response = post_size(client, "increase", token, reader="forged.value")
    assert response.status_code == 200 and response.json["reader"] != "forged.value"
    assert get_toolbar(client, headers={"X-Reader-Id": "forged.value"}).json["scale"] == 100


def test_database_down_gives_503_on_post_and_default_on_get(portal_app, client, monkeypatch):
    token = get_toolbar(client).json["token"]
    reader = post_size(client, "increase", token).json["reader"]

    def broken(*args, **kwargs):
        raise OperationalError("SELECT", {}, Exception("database is down"))

    from sqlalchemy.orm import Session

    monkeypatch.setattr(Session, "get", broken)
    response = post_size(client, "increase", token, reader=reader)
    assert response.status_code == 503 and "try again" in response.json["error"]
    assert get_toolbar(client, headers={"X-Reader-Id": reader}).json["scale"] == 100


# The iframe embed ------------------------------------------------------------------------------


def test_iframe_page_is_framable_only_by_registered_origins(portal_app, client):
    response = client.get(f"/embed/articles/{SEED_SLUG}")
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert re.search(r"frame-ancestors https://portal\.example(;|$)", csp)
    assert "X-Frame-Options" not in response.headers
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert re.search(r"/static/reader/embed-frame\.[0-9a-f]{12}\.js", response.text)
    assert 'id="reader-toolbar"' in response.text
    assert " style=" not in response.text and "<script>" not in response.text
    # Our own pages stay unframable.
    assert client.get(f"/articles/{SEED_SLUG}").headers["X-Frame-Options"] == "DENY"


def test_iframe_page_without_portals_is_framable_by_nobody(seeded_app):
    response = seeded_app.test_client().get(f"/embed/articles/{SEED_SLUG}")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_iframe_unknown_article_is_404(client):
    assert client.get("/embed/articles/no-such-article").status_code == 404


FROM_THE_FRAME = {"Sec-Fetch-Site": "same-origin"}  # the frame is our own page


def test_iframe_form_post_without_js(portal_app, client):
    base = "https://reader.test"
    page = client.get(f"/embed/articles/{SEED_SLUG}", base_url=base)
    assert "csrf_token" not in page.text  # nothing of one reader's in the frame's markup
    assert 'name="reader_new"' in page.text  # the hour's token, the same for everyone
    response = client.post(
        f"/embed/articles/{SEED_SLUG}/text-size",
        base_url=base,
        data={"action": "increase"},
        headers={"Origin": base},
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/embed/articles/{SEED_SLUG}#reader-toolbar")
    assert "Partitioned" in response.headers["Set-Cookie"]
    again = client.get(f"/embed/articles/{SEED_SLUG}", base_url=base)
    assert 'data-reader-scale="110"' in again.text
    assert again.headers["Cache-Control"] == "private, no-store"  # it follows the frame's reader
    assert list(rows(portal_app).values()) == [110]


def test_iframe_htmx_post_returns_the_fragment(client):
    base = "https://reader.test"
    response = client.post(
        f"/embed/articles/{SEED_SLUG}/text-size",
        base_url=base,
        data={"action": "increase"},
        headers={"HX-Request": "true", **FROM_THE_FRAME},
    )
    assert response.status_code == 200
    assert 'data-reader-scale="110"' in response.text and "hx-swap-oob" in response.text
    assert 'target="_top"' not in response.text  # the size form only, no share links
    assert "/embed/articles/" in response.text  # its form posts to the frame's own URL
    assert "frame-ancestors https://portal.example" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    "headers",
    [{"Origin": EVIL}, {"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://portal.example"}],
)
def test_iframe_post_from_elsewhere_is_refused(portal_app, client, headers):
    """Another site's form, or the portal's own page, against a reader who has a cookie."""
    base = "https://reader.test"
    client.post(
        f"/embed/articles/{SEED_SLUG}/text-size",
        base_url=base,
        data={"action": "increase"},
        headers=FROM_THE_FRAME,
    )
    before = rows(portal_app)
    response = client.post(
        f"/embed/articles/{SEED_SLUG}/text-size",
        base_url=base,
        data={"action": "increase"},
        headers=headers,
    )
    assert response.status_code == 403 and "not sent from this site" in response.text
    assert rows(portal_app) == before


def test_iframe_bad_action_is_400(client):
    response = client.post(
        f"/embed/articles/{SEED_SLUG}/text-size", data={"action": "nope"}, headers=FROM_THE_FRAME
    )
    assert response.status_code == 400 and "Unknown text size action" in response.text


def test_iframe_print_view_is_framable_too(client):
    response = client.get(f"/embed/articles/{SEED_SLUG}/print")
    assert response.status_code == 200
    assert "frame-ancestors https://portal.example" in response.headers["Content-Security-Policy"]
    assert f'href="/embed/articles/{SEED_SLUG}"' in response.text


def test_share_links_in_the_iframe_embed_leave_the_frame(client):
    """Facebook, Zalo and X refuse to be framed: in the iframe embed their links open on top."""
    page = lxml.html.document_fromstring(client.get(f"/embed/articles/{SEED_SLUG}").text)
    links = page.xpath("//*[@data-reader-share-menu]//a[not(starts-with(@href, 'mailto:'))]")
    assert len(links) == 3 and {a.get("target") for a in links} == {"_top"}
    # On our own pages they open in a new tab.
    article = lxml.html.document_fromstring(client.get(f"/articles/{SEED_SLUG}").text)
    links = article.xpath("//*[@data-reader-share-menu]//a[not(starts-with(@href, 'mailto:'))]")
    assert {a.get("target") for a in links} == {"_blank"}


def test_the_script_embed_takes_the_choices_and_keeps_a_reader_with_other_choices(
    portal_app, client
):
    token = get_toolbar(client, base_url="https://reader.test").json["token"]
    refused = post_size(client, "speech_rate:125", token, base_url="https://reader.test")
    assert refused.status_code == 400 and rows(portal_app) == {}  # no Listen player there
    chosen = post_size(client, "theme:d", token, base_url="https://reader.test")
    assert chosen.json["choices"]["theme"] == "d" and chosen.json["message"] == "Colours: Dark"
    assert "speech_rate" not in chosen.json["choices"]
    post_size(client, "reset-all", token, reader=chosen.json["reader"])
    assert rows(portal_app) == {}
    # A reader who chose a theme in the iframe embed, at the default size: the script embed's
    # GET keeps their id (their row still holds the theme).
    with portal_app.test_request_context():
        from reader.preferences import Preferences, store_preferences
        from reader.tokens import sign_reader_id

        store_preferences("t" * 43, Preferences(theme="d"))
        signed = sign_reader_id("t" * 43, PORTAL)
    answer = client.get(
        "/embed/toolbar",
        headers={"Origin": PORTAL, "X-Reader-Id": signed},
        base_url="https://reader.test",
    )
    assert answer.json["scale"] == 100 and answer.json["reader"] == signed
    assert answer.headers["Set-Cookie"].startswith(f"reader_embed_id={signed};")


def test_the_iframe_print_view_offers_the_normal_size_too(portal_app, client):
    with portal_app.test_request_context():
        from reader.preferences import Preferences, store_preferences
        from reader.tokens import sign_reader_id

        store_preferences("p" * 43, Preferences(150))
        signed = sign_reader_id("p" * 43, "frame")
    client.set_cookie("reader_frame_id", signed, domain="localhost")
    page = lxml.html.document_fromstring(client.get(f"/embed/articles/{SEED_SLUG}/print").text)
    links = page.xpath("//ul[@class='reader-print-note__sizes']//a/@href")
    assert links == [
        f"/embed/articles/{SEED_SLUG}/print",
        f"/embed/articles/{SEED_SLUG}/print?size=normal",
    ]
    normal = lxml.html.document_fromstring(client.get(links[1]).text)
    assert "reader-scale--100" in normal.get_element_by_id("reader-scale").get("class")
