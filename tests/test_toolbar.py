"""The toolbar's views with the test client: every action, htmx partials, the cookie, bad input."""

import json
import re
from pathlib import Path

import pytest
from itsdangerous import URLSafeSerializer
from lxml import html
from sqlalchemy import func, select

from reader import tokens
from reader.cli import import_file
from reader.db import session
from reader.models import ReaderPreference
from reader.scale import SCALE_STEPS
from tests.conftest import SEED_SLUG, take_the_database_down

ARTICLE = f"/articles/{SEED_SLUG}"
OTHER_SLUG = "mot-bai-khac"
EN = {"Accept-Language": "en"}
VI = {"Accept-Language": "vi"}
HTMX = {"HX-Request": "true"}
STATIC = Path(__file__).resolve().parents[1] / "static" / "reader"


@pytest.fixture
def app2(seeded_app, tmp_path):
    """The seed article and a second one, to check the size follows the reader across articles."""
    other = tmp_path / "other.json"
    other.write_text(
        json.dumps(
            {
                "slug": OTHER_SLUG,
                "title": "Một bài khác",
                "language": "vi",
                "body_html": "<p>Đoạn văn.</p>",
            }
        ),
        encoding="utf-8",
    )
    with seeded_app.app_context():
        import_file(other)
    return seeded_app


@pytest.fixture
def client(app2):
    return app2.test_client()


def page(client, url=ARTICLE, headers=None):
    response = client.get(url, headers=headers or VI)
    assert response.status_code == 200
    return html.fromstring(response.get_data(as_text=True))


SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}  # what a browser sends from our own page


def post(client, action, next_url=ARTICLE, headers=None, **extra):
    data = {"action": action, "next": next_url, **extra}
    return client.post("/reader/text-size", data=data, headers={**SAME_ORIGIN, **(headers or VI)})


def scale(client, url=ARTICLE) -> int:
    doc = page(client, url)
    marker = doc.get_element_by_id("reader-scale")
    classes = marker.get("class").split()
    assert classes[:2] == ["reader-scale", f"reader-scale--{marker.get('data-reader-scale')}"]
    return int(marker.get("data-reader-scale"))


def rows(app) -> int:
    with app.app_context():
        return session().scalar(select(func.count()).select_from(ReaderPreference))


def reader_cookie(response):
    headers = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("reader_id=")]
    return headers[0] if headers else None


@pytest.mark.parametrize("action, expected", [("increase", 110), ("decrease", 85), ("reset", 100)])
def test_each_action_answers_303_back_to_the_toolbar(client, action, expected):
    response = post(client, action)
    assert response.status_code == 303
    assert response.headers["Location"] == f"{ARTICLE}#reader-toolbar"
    assert scale(client) == expected


def test_increase_walks_every_step_then_stays_at_the_largest(client):
    seen = [scale(client)]
    for _ in range(len(SCALE_STEPS)):
        post(client, "increase")
        seen.append(scale(client))
    assert seen[: seen.index(300) + 1] == list(SCALE_STEPS[2:]) and seen[-1] == 300
    doc = page(client)
    assert doc.get_element_by_id("reader-toolbar-increase").get("aria-disabled") == "true"
    assert doc.get_element_by_id("reader-toolbar-decrease").get("aria-disabled") is None
    assert "Cỡ chữ 300% (lớn nhất)" in doc.get_element_by_id("reader-toolbar-status").text_content()
    for _ in range(len(SCALE_STEPS)):
        post(client, "decrease")
    doc = page(client)
    assert scale(client) == 75
    assert doc.get_element_by_id("reader-toolbar-decrease").get("aria-disabled") == "true"
    assert doc.get_element_by_id("reader-toolbar-status").text_content() == "Cỡ chữ 75% (nhỏ nhất)"


def test_the_htmx_answer_is_the_form_with_the_status_and_marker_out_of_band(client):
    response = post(client, "increase", headers={**HTMX, **VI})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<html" not in body and "<main" not in body
    fragment = html.fragment_fromstring(body, create_parent="div")
    form, reset, reset_all, status, marker = fragment.getchildren()
    assert form.get("id") == "reader-toolbar-size" and form.get("method") == "post"
    assert form.get("hx-swap-oob") == "true"
    assert [b.get("value") for b in form.iter("button")] == ["decrease", "increase"]
    # Of the Options panel, only what a size step changes: its two reset buttons.
    assert (reset.get("id"), reset.get("value")) == ("reader-toolbar-reset", "reset")
    assert (reset_all.get("id"), reset_all.get("value")) == (
        "reader-toolbar-reset-all",
        "reset-all",
    )
    assert reset.get("hx-swap-oob") == reset_all.get("hx-swap-oob") == "true"
    assert reset.get("aria-disabled") is None and reset_all.get("aria-disabled") is None
    assert form.xpath(".//input[@name='next']/@value") == [ARTICLE]
    assert status.get("id") == "reader-toolbar-status"
    assert status.get("hx-swap-oob") == "innerHTML" and status.text_content() == "Cỡ chữ 110%"
    assert marker.get("id") == "reader-scale" and marker.get("hx-swap-oob") == "true"
    assert "reader-scale--110" in marker.get("class").split()
    assert reader_cookie(response)  # the same cookie as without htmx
    assert scale(client) == 110


def test_each_button_carries_its_own_htmx_attributes_and_no_token(client):
    doc = page(client)
    assert not doc.xpath('//input[@name="csrf_token"]')  # nothing of one reader's in the page
    buttons = [*doc.get_element_by_id("reader-toolbar-size").iter("button")]
    buttons += doc.get_element_by_id("reader-toolbar-choices").iter("button")
    assert len(buttons) > 20
    for button in buttons:
        assert button.get("type") == "submit" and button.get("name") == "action"
        assert button.get("hx-post") == "/reader/text-size"
        # Everything comes back out of band; the target is the toolbar, which is never replaced,
        # and the queue on it keeps quick presses in order.
        assert button.get("hx-target") == "#reader-toolbar"
        assert button.get("hx-swap") == "none"
        assert button.get("hx-sync") == "#reader-toolbar:queue all"
        assert button.get("hx-headers") is None


def test_the_cookie_is_signed_httponly_lax_long_lived_and_random(client, app2):
    response = post(client, "increase")
    cookie = reader_cookie(response)
    attributes = {
        part.split("=")[0].strip().lower(): part.partition("=")[2] for part in cookie.split(";")[1:]
    }
    assert "httponly" in attributes and attributes["samesite"] == "Lax"
    assert int(attributes["max-age"]) >= 365 * 24 * 3600
    value = cookie.split(";")[0].partition("=")[2]
    reader_id, issuer = URLSafeSerializer(app2.secret_key, salt="reader-id").loads(value)
    assert len(reader_id) >= 22  # 43 url-safe characters: 256 bits from secrets
    assert issuer == "site"  # read back on our own site only
    with app2.app_context():
        row = session().get(ReaderPreference, reader_id)
        assert row.font_scale == 110
    https = app2.test_client()
    response = https.post(
        "/reader/text-size",
        base_url="https://localhost",
        data={"action": "increase", "next": ARTICLE},
        headers={"Origin": "https://localhost"},
    )
    assert "Secure" in reader_cookie(response)


def test_the_size_follows_the_reader_to_every_article_and_the_list(client):
    post(client, "increase")
    post(client, "increase")
    assert scale(client, ARTICLE) == 120
    assert scale(client, f"/articles/{OTHER_SLUG}") == 120
    assert scale(client, f"{ARTICLE}/print") == 120
    assert scale(client, "/") == 120
    assert scale(client.application.test_client(), ARTICLE) == 100  # another reader


def test_reset_deletes_the_row_and_the_cookie(client, app2):
    post(client, "increase")
    assert rows(app2) == 1
    response = post(client, "reset")
    assert rows(app2) == 0
    assert re.search(r"reader_id=;.*(Expires=Thu, 01 Jan 1970|Max-Age=0)", reader_cookie(response))
    assert scale(client) == 100


def test_no_row_and_no_cookie_for_a_reader_who_only_resets(client, app2):
    assert post(client, "reset").status_code == 303
    assert rows(app2) == 0
    assert client.get_cookie("reader_id") is None


@pytest.mark.parametrize("value", ["garbage", "eyJhIjoxfQ.forged", "", "x" * 3000])
def test_a_tampered_or_unknown_cookie_makes_a_new_reader(client, app2, value):
    client.set_cookie("reader_id", value)
    assert scale(client) == 100
    response = post(client, "increase")
    assert response.status_code == 303
    new = reader_cookie(response).split(";")[0].partition("=")[2]
    assert new and new != value and rows(app2) == 1


def test_a_well_signed_cookie_of_a_reader_with_no_row_reads_as_the_default(client, app2):
    with app2.test_request_context():
        client.set_cookie("reader_id", tokens.sign_reader_id("n" * 43))
    assert scale(client) == 100
    post(client, "increase")
    assert scale(client) == 110


BAD_INPUT = [
    ({"action": "explode"}, "Unknown text size action", "Thao tác cỡ chữ không hợp lệ"),
    ({"action": ""}, "Unknown text size action", "Thao tác cỡ chữ không hợp lệ"),
]


@pytest.mark.parametrize("data, english, vietnamese", BAD_INPUT)
def test_bad_input_is_a_400_in_the_page_language_and_stores_nothing(
    client, app2, data, english, vietnamese
):
    form = {"next": ARTICLE, **data}
    for headers, words in ((EN, english), (VI, vietnamese)):
        response = client.post("/reader/text-size", data=form, headers={**SAME_ORIGIN, **headers})
        assert response.status_code == 400
        doc = html.fromstring(response.get_data(as_text=True))
        assert words in doc.text_content()
        assert doc.xpath(f"//a[@href='{ARTICLE}']")  # back to the article
        fragment = client.post(
            "/reader/text-size", data=form, headers={**SAME_ORIGIN, **HTMX, **headers}
        )
        assert fragment.status_code == 400
        assert fragment.headers["HX-Retarget"] == "#reader-toolbar-status"
        assert fragment.headers["HX-Reswap"] == "innerHTML"
        body = fragment.get_data(as_text=True)
        assert "<html" not in body and words in body
        assert reader_cookie(response) is None and reader_cookie(fragment) is None
    assert rows(app2) == 0
    assert scale(client) == 100


CROSS_SITE = [
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},  # a sibling subdomain is another origin
    {"Sec-Fetch-Site": "cross-site", "Origin": "http://localhost"},  # the browser's word wins
    {"Origin": "https://evil.example"},  # an older browser: Origin only
    {"Origin": "http://localhost.evil.example"},
    {"Origin": "null"},  # a sandboxed or privacy-sensitive page
]


@pytest.mark.parametrize("headers", CROSS_SITE)
def test_a_post_from_another_site_is_refused_with_403_in_the_page_language(client, app2, headers):
    for language, words in ((EN, "not sent from this site"), (VI, "không được gửi từ")):
        response = client.post(
            "/reader/text-size",
            data={"action": "increase", "next": ARTICLE},
            headers={**headers, **language},
        )
        assert response.status_code == 403 and words in response.get_data(as_text=True)
        assert response.headers["Cache-Control"] == "private, no-store"
        assert reader_cookie(response) is None
    assert rows(app2) == 0 and scale(client) == 100


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "none"},  # typed by the reader
        {"Origin": "http://localhost"},  # an older browser on our own page
        {},  # no browser page at all: curl carries no reader's cookies by surprise
    ],
)
def test_a_post_from_our_own_page_or_no_page_is_accepted(client, headers):
    response = client.post(
        "/reader/text-size", data={"action": "increase", "next": ARTICLE}, headers=headers
    )
    assert response.status_code == 303 and scale(client) == 110


@pytest.mark.parametrize(
    "next_url",
    [
        "//evil.example/x",
        "https://evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "",
        "/\t/evil.example",
        "http:/evil.example",
    ],
)
def test_next_never_leaves_the_site(client, next_url):
    response = post(client, "increase", next_url=next_url)
    assert response.status_code == 303
    assert response.headers["Location"] == "/#reader-toolbar"


def test_the_database_down_page_renders_at_the_default_and_post_answers_503(
    client, app2, monkeypatch
):
    post(client, "increase")
    assert scale(client) == 110
    take_the_database_down(monkeypatch)
    assert scale(client) == 110  # the variant cookie names the page: no database needed
    assert scale(client.application.test_client(), ARTICLE) == 100
    response = post(client, "increase", headers=EN)
    assert response.status_code == 503
    assert "could not be saved right now" in response.get_data(as_text=True)
    assert reader_cookie(response) is None
    fragment = post(client, "increase", headers={**HTMX, **VI})
    assert fragment.status_code == 503
    assert fragment.headers["HX-Retarget"] == "#reader-toolbar-status"
    assert "Hiện chưa lưu được cỡ chữ" in fragment.get_data(as_text=True)
    monkeypatch.undo()
    assert scale(client) == 110  # nothing was changed while it was down


def test_controls_have_visible_text_and_plain_fallbacks(client):
    doc = page(client, headers=EN)
    toolbar = doc.get_element_by_id("reader-toolbar")
    assert toolbar.tag == "section"
    assert toolbar.get("role") is None  # no arrow-key navigation, so no role="toolbar"
    assert toolbar.get("aria-label") == "Reading tools"
    labels = [b.text_content().strip() for b in toolbar.iter("button", "summary", "a")]
    assert all(labels), labels
    status = doc.get_element_by_id("reader-toolbar-status")
    assert status.get("role") == "status" and status.text_content() == "Text size 100%"
    assert doc.get_element_by_id("reader-toolbar-reset").get("aria-disabled") == "true"
    print_link = toolbar.xpath(".//a[@data-reader-print]")[0]
    assert print_link.get("href") == f"{ARTICLE}/print"
    # Without JS the address is in a read-only field to copy; toolbar.js shows the button.
    copy = toolbar.xpath(".//button[@data-reader-copy]")[0]
    assert copy.get("hidden") is not None and copy.get("type") == "button"
    assert copy.get("data-url") == f"http://localhost{ARTICLE}"
    assert copy.get("data-reader-copied") == "Link copied."
    assert copy.get("data-reader-copy-failed")
    field = doc.get_element_by_id("reader-toolbar-copy-field")
    assert field.get("readonly") is not None and field.get("hidden") is None
    assert field.get("value") == f"http://localhost{ARTICLE}"
    assert toolbar.xpath(".//label[@for='reader-toolbar-copy-field']")
    hrefs = toolbar.xpath(".//details//a/@href")
    assert any(h.startswith("mailto:?subject=") for h in hrefs)
    for site in ("https://www.facebook.com/", "https://sp.zalo.me/", "https://x.com/"):
        assert any(h.startswith(site) for h in hrefs), site
    native = toolbar.xpath(".//button[@data-reader-native-share]")[0]
    assert native.get("hidden") is not None  # shown by toolbar.js only where navigator.share is
    body = html.tostring(doc, encoding="unicode")
    assert "style=" not in body and "onclick" not in body and "<script>" not in body


def test_vietnamese_labels_by_default(client):
    toolbar = page(client).get_element_by_id("reader-toolbar")
    text = toolbar.text_content()
    for words in (
        "Giảm cỡ chữ",
        "Tăng cỡ chữ",
        "Cỡ chữ mặc định",
        "In bài viết",
        "Chia sẻ",
        "Sao chép liên kết",
        "Cỡ chữ 100%",
    ):
        assert words in text
    copy = toolbar.xpath(".//button[@data-reader-copy]")[0]
    assert copy.get("data-reader-copied") == "Đã sao chép liên kết."


def test_the_print_view_and_print_footer_carry_address_date_author_and_qr(client):
    for url in (ARTICLE, f"{ARTICLE}/print"):
        doc = page(client, url)
        footer = doc.xpath("//*[contains(@class, 'reader-print-footer')]")[0]
        assert "reader-print-only" in footer.get("class")
        assert f"http://localhost{ARTICLE}" in footer.text_content()
        assert "Hương Dịu" in footer.text_content() and "2020" in footer.text_content()
        assert footer.xpath(".//*[local-name()='svg']")
    doc = page(client, f"{ARTICLE}/print")
    assert doc.xpath("//*[contains(@class, 'reader-print-view')]")
    assert not doc.xpath("//*[@id='reader-toolbar']")


def test_print_css_hides_the_toolbar_and_keeps_figures_whole():
    printed = (STATIC / "print.css").read_text()
    assert ".reader-no-print" in printed and ".reader-print-only" in printed
    assert "break-inside: avoid" in printed


def test_an_oversized_post_is_refused_with_413_and_a_message(client, app2):
    limit = app2.config["MAX_CONTENT_LENGTH"]
    assert limit == 64 * 1024
    response = client.post(
        "/reader/text-size",
        data={"action": "increase", "next": ARTICLE, "padding": "x" * limit},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 413
    assert "larger than this site accepts" in response.text
    assert rows(app2) == 0


def test_a_choice_answers_303_and_is_on_the_page_with_its_button_pressed(client):
    response = post(client, "theme:d")
    assert response.status_code == 303
    # Back at the panel's form: the browser opens the Options disclosure around it.
    assert response.headers["Location"] == f"{ARTICLE}#reader-toolbar-choices"
    assert post(client, "reset-all").headers["Location"] == f"{ARTICLE}#reader-toolbar-choices"
    post(client, "theme:d")
    doc = page(client)
    assert "reader-theme--d" in doc.get_element_by_id("reader-scale").get("class").split()
    assert doc.get_element_by_id("reader-toolbar-theme-d").get("aria-pressed") == "true"
    assert doc.get_element_by_id("reader-toolbar-theme-a").get("aria-pressed") == "false"
    assert doc.get_element_by_id("reader-toolbar-reset-all").get("aria-disabled") is None


def test_the_htmx_answer_to_a_choice_announces_it(client):
    response = post(client, "line_height:20", headers={**HTMX, **VI})
    fragment = html.fragment_fromstring(response.get_data(as_text=True), create_parent="div")
    status = fragment.get_element_by_id("reader-toolbar-status")
    assert status.text_content() == "Giãn dòng: 2,0"
    marker = fragment.get_element_by_id("reader-scale")
    assert "reader-line-height--20" in marker.get("class").split()
    pressed = fragment.xpath("//button[@aria-pressed='true']/@value")
    assert pressed == ["line_height:20"]
    # Only what changed: that choice's group and "Reset all", the status and the marker.
    assert [e.get("id") for e in fragment.getchildren()] == [
        "reader-toolbar-line_height",
        "reader-toolbar-reset-all",
        "reader-toolbar-status",
        "reader-scale",
    ]
    english = post(client, "theme:c", headers={**HTMX, **EN})
    assert "Colours: High contrast" in english.get_data(as_text=True)
    done = post(client, "reset-all", headers={**HTMX, **VI})
    assert "Mọi tùy chọn đọc đã về mặc định." in done.get_data(as_text=True)


def test_reset_all_deletes_the_row_and_both_cookies(client, app2):
    post(client, "theme:s")
    post(client, "increase")
    assert rows(app2) == 1
    response = post(client, "reset-all")
    assert rows(app2) == 0
    cookies = response.headers.getlist("Set-Cookie")
    assert any(c.startswith("reader_id=;") for c in cookies)
    assert any(c.startswith("reader_variant=;") for c in cookies)


def test_the_easy_to_read_font_is_self_hosted_subset_and_small():
    fonts = STATIC / "fonts" / "be-vietnam-pro"
    files = sorted(fonts.glob("*.woff2"))
    assert len(files) == 4 and (fonts / "LICENSE").exists()
    for file in files:
        assert file.stat().st_size <= 60 * 1024, file.name
    css = (STATIC / "reader.css").read_text()
    # Only the "Easy to read" rule names the family, so no other page ever downloads it.
    uses = [line for line in css.splitlines() if '"Be Vietnam Pro",' in line]
    assert uses and all("--reader-" in line for line in uses)
    assert "U+1EA0-1EF9" in css  # the Vietnamese letters with their tone marks


def test_the_article_says_its_date_as_vietnamese_readers_write_it_and_its_reading_time(client):
    doc = page(client)
    header = doc.xpath("//header[@class='reader-article__header']")[0]
    assert header.xpath(".//time")[0].text_content() == "23/10/2020"
    reading = header.xpath(".//p[@class='reader-article__reading-time']")[0].text_content()
    assert re.fullmatch(r"\d+ phút đọc", reading) and int(reading.split()[0]) >= 1
    english = page(client, headers=EN).xpath("//p[@class='reader-article__reading-time']")[0]
    assert re.fullmatch(r"\d+ min read", english.text_content())


def test_the_print_view_offers_the_normal_size_as_well_as_the_readers(client):
    assert not page(client, f"{ARTICLE}/print").xpath("//ul[@class='reader-print-note__sizes']")
    post(client, "increase")
    post(client, "increase")
    doc = page(client, f"{ARTICLE}/print")
    links = doc.xpath("//ul[@class='reader-print-note__sizes']//a")
    assert [a.text_content() for a in links] == [
        "In ở cỡ chữ của bạn (120%)",
        "In ở cỡ chữ bình thường (100%)",
    ]
    assert links[0].get("aria-current") == "page"
    assert scale(client, f"{ARTICLE}/print") == 120
    assert scale(client, links[1].get("href")) == 100
    normal = page(client, links[1].get("href"))
    assert (
        normal.xpath("//a[@aria-current='page']")[0].text_content().startswith("In ở cỡ chữ bình")
    )


def test_the_end_of_the_article_links_back_to_the_toolbar(client):
    doc = page(client)
    back = doc.xpath("//a[@class='reader-back-to-toolbar']")[0]
    assert back.get("href") == "#reader-toolbar" and back.text_content() == "Về công cụ đọc"
    assert not page(client, f"{ARTICLE}/print").xpath("//a[@class='reader-back-to-toolbar']")


def test_the_choices_reach_every_page_not_only_the_article(client):
    post(client, "theme:d")
    for url in (ARTICLE, f"{ARTICLE}/print", "/", f"/articles/{OTHER_SLUG}"):
        marker = page(client, url).get_element_by_id("reader-scale")
        assert "reader-theme--d" in marker.get("class").split(), url
