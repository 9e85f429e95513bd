"""Pages any cache can serve: no cookie for a reader who changed nothing, cache headers, 304s,
byte-identical pages per variant and language, and nothing of one reader's in a shared cache."""

import pytest

from reader.tokens import sign_reader_id
from tests.conftest import SEED_SLUG

ARTICLE = f"/articles/{SEED_SLUG}"
PAGES = [ARTICLE, f"{ARTICLE}/print", "/"]
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}


@pytest.fixture
def client(seeded_app):
    return seeded_app.test_client()


def step_up(client, times=1, **headers):
    for _ in range(times):
        response = client.post(
            "/reader/text-size",
            data={"action": "increase", "next": ARTICLE},
            headers={**SAME_ORIGIN, **headers},
        )
        assert response.status_code == (200 if "HX-Request" in headers else 303)
    return response


@pytest.mark.parametrize("url", PAGES)
def test_a_reader_who_changed_nothing_gets_a_public_page_and_no_cookie(client, url):
    response = client.get(url, headers={"Accept-Language": "vi"})
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    control = response.cache_control
    assert control.public and control.max_age == 60 and control.stale_while_revalidate == 300
    assert not control.private and not control.no_store
    etag, weak = response.get_etag()
    assert etag and not weak
    assert response.last_modified is not None
    assert {"Accept-Language", "Cookie"} <= set(response.vary)
    assert response.headers["Cookie-Indices"] == '"reader_variant", "reader_lang"'
    assert "Date" not in response.headers  # the server adds the one Date header


@pytest.mark.parametrize("url", PAGES)
def test_conditional_gets_answer_304_without_a_body(client, url):
    first = client.get(url)
    etag = first.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag
    since = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304
    other = client.get(url, headers={"If-None-Match": '"another"'})
    assert other.status_code == 200 and other.get_data() == first.get_data()


def test_readers_with_the_same_choices_and_language_get_the_same_bytes(seeded_app):
    one, two, three = (seeded_app.test_client() for _ in range(3))
    step_up(one, 2)
    step_up(two, 2)
    step_up(three, 1)
    assert one.get_cookie("reader_id").value != two.get_cookie("reader_id").value
    assert (
        one.get_cookie("reader_variant").value == "s120" == two.get_cookie("reader_variant").value
    )
    pages = [c.get(ARTICLE, headers={"Accept-Language": "vi"}) for c in (one, two, three)]
    assert (
        pages[0].get_data() == pages[1].get_data()
        and pages[0].headers["ETag"] == pages[1].headers["ETag"]
    )
    assert pages[0].get_data() != pages[2].get_data()
    assert "reader-scale--120" in pages[0].text and "reader-scale--110" in pages[2].text
    english = one.get(ARTICLE, headers={"Accept-Language": "en"})
    assert english.headers["ETag"] != pages[0].headers["ETag"]


def test_the_variant_cookie_alone_selects_the_page_and_nonsense_reads_as_the_default(client):
    client.set_cookie("reader_variant", "s150")
    assert "reader-scale--150" in client.get(ARTICLE).text
    for value in ("s151", "x150", "s", "s1500000000", "s-75", ""):
        client.set_cookie("reader_variant", value)
        page = client.get(ARTICLE)
        assert page.status_code == 200 and "reader-scale--100" in page.text, value


def test_a_returning_reader_without_the_variant_cookie_gets_it_back_privately(seeded_app):
    client = seeded_app.test_client()
    step_up(client, 3)
    reader_id = client.get_cookie("reader_id").value
    fresh = seeded_app.test_client()
    fresh.set_cookie("reader_id", reader_id)
    page = fresh.get(ARTICLE)
    assert "reader-scale--135" in page.text
    assert page.headers["Cache-Control"] == "private, no-store"
    assert fresh.get_cookie("reader_variant").value == "s135"
    cached = fresh.get(ARTICLE)
    assert cached.cache_control.public and "Set-Cookie" not in cached.headers


def test_answers_that_carry_a_reader_or_set_a_cookie_are_private(seeded_app, client):
    answer = step_up(client)
    assert answer.headers["Cache-Control"] == "private, no-store"
    fragment = step_up(client, **{"HX-Request": "true"})
    assert fragment.headers["Cache-Control"] == "private, no-store"
    switched = client.get(f"{ARTICLE}?lang=en")
    assert "reader_lang=en" in switched.headers["Set-Cookie"]
    assert switched.headers["Cache-Control"] == "private, no-store"
    with seeded_app.test_request_context():
        signed = sign_reader_id("r" * 43)
    stranger = seeded_app.test_client()
    stranger.set_cookie("reader_id", signed)  # an id with no row: nothing to restore
    page = stranger.get(ARTICLE)
    assert page.cache_control.public and "Set-Cookie" not in page.headers


def choose(client, *actions):
    for action in actions:
        response = client.post(
            "/reader/text-size",
            data={"action": action, "next": ARTICLE},
            headers={"Sec-Fetch-Site": "same-origin"},
        )
        assert response.status_code == 303


def test_readers_with_the_same_reading_choices_get_the_same_bytes(seeded_app):
    one, two, three = (seeded_app.test_client() for _ in range(3))
    choose(one, "theme:d", "line_height:20", "increase")
    choose(two, "increase", "line_height:20", "theme:s", "theme:d")  # another way, same choices
    choose(three, "theme:d", "increase")
    assert one.get_cookie("reader_variant").value == "s110-l20-td"
    assert two.get_cookie("reader_variant").value == "s110-l20-td"
    pages = [c.get(ARTICLE, headers={"Accept-Language": "vi"}) for c in (one, two, three)]
    assert pages[0].get_data() == pages[1].get_data() != pages[2].get_data()
    assert pages[0].headers["ETag"] == pages[1].headers["ETag"]
    for cls in ("reader-theme--d", "reader-line-height--20", "reader-scale--110"):
        assert cls in pages[0].text  # applied on the first paint, by the server's markup
    # Back to every default: the variant cookie goes, as the row does.
    choose(one, "reset-all")
    assert one.get_cookie("reader_variant") is None
