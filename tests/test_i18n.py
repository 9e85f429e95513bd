"""Page chrome in Vietnamese (default) and English: Accept-Language, ?lang=, the switch, lang."""

from datetime import date
from pathlib import Path

import lxml.html
import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from reader.db import session
from reader.i18n import LANGUAGE_COOKIE
from reader.store import ArticleData, save_article
from tests.conftest import SEED_SLUG

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "reader" / "translations" / "vi" / "LC_MESSAGES"
ARTICLE = f"/articles/{SEED_SLUG}"

VIETNAMESE_CHROME = [
    "Bỏ qua để đến nội dung",
    "Tăng cỡ chữ",
    "Giảm cỡ chữ",
    "Cỡ chữ mặc định",
    "Cỡ chữ 100%",
    "Chia sẻ",
    "Sao chép liên kết",
    "In bài viết",
]
ENGLISH_CHROME = [
    "Skip to content",
    "Larger text",
    "Smaller text",
    "Default size",
    "Text size 100%",
    "Share",
    "Copy link",
    "Print",
]


def chrome(response):
    """The page's visible chrome texts: skip link, header, toolbar, footer (not the article)."""
    doc = lxml.html.document_fromstring(response.text)
    parts = doc.xpath(
        '//a[@href="#main"] | //body/header | //section[@data-module] | //body/footer'
    )
    return " ".join(" ".join(part.text_content().split()) for part in parts)


@pytest.mark.parametrize(
    "header, expected, unexpected",
    [
        ("vi", VIETNAMESE_CHROME, ENGLISH_CHROME[:3]),
        ("vi-VN,vi;q=0.9,en;q=0.5", VIETNAMESE_CHROME, ENGLISH_CHROME[:3]),
        ("en", ENGLISH_CHROME, VIETNAMESE_CHROME[:3]),
        ("en-GB,en;q=0.8,vi;q=0.3", ENGLISH_CHROME, VIETNAMESE_CHROME[:3]),
        ("fr-FR,de;q=0.5", VIETNAMESE_CHROME, ENGLISH_CHROME[:3]),  # neither: the default
        (None, VIETNAMESE_CHROME, ENGLISH_CHROME[:3]),
    ],
)
def test_accept_language_picks_the_chrome_language(seeded_app, header, expected, unexpected):
    headers = {"Accept-Language": header} if header else {}
    text = chrome(seeded_app.test_client().get(ARTICLE, headers=headers))
    for label in expected:
        assert label in text
    for label in unexpected:
        assert label not in text


def test_lang_parameter_switches_and_a_cookie_remembers_it(seeded_app):
    client = seeded_app.test_client()
    response = client.get(ARTICLE + "?lang=en", headers={"Accept-Language": "vi"})
    assert "Larger text" in chrome(response)
    cookie = client.get_cookie(LANGUAGE_COOKIE)
    assert cookie is not None and cookie.value == "en" and cookie.http_only
    assert cookie.expires is not None  # kept beyond this browser session

    later = client.get("/", headers={"Accept-Language": "vi"})  # no ?lang= now
    assert "Skip to content" in chrome(later)

    client.get("/?lang=vi")
    assert client.get_cookie(LANGUAGE_COOKIE).value == "vi"
    assert "Tăng cỡ chữ" in chrome(client.get(ARTICLE, headers={"Accept-Language": "en"}))


def test_an_unknown_lang_is_ignored(seeded_app):
    client = seeded_app.test_client()
    response = client.get(ARTICLE + "?lang=xx", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert "Larger text" in chrome(response)
    assert client.get_cookie(LANGUAGE_COOKIE) is None


def test_the_visible_switch_links_to_both_languages(seeded_app):
    client = seeded_app.test_client()
    doc = lxml.html.document_fromstring(client.get(ARTICLE, headers={"Accept-Language": "vi"}).text)
    nav = doc.xpath("//body/header//nav")[0]
    assert nav.get("aria-label") == "Ngôn ngữ"
    links = {a.get("hreflang"): a for a in nav.xpath(".//a")}
    assert set(links) == {"vi", "en"}
    assert links["en"].text_content() == "English" and links["en"].get("lang") == "en"
    assert links["vi"].text_content() == "Tiếng Việt" and links["vi"].get("lang") == "vi"
    assert links["vi"].get("aria-current") == "true" and links["en"].get("aria-current") is None
    assert links["en"].get("href") == ARTICLE + "?lang=en"
    followed = client.get(links["en"].get("href"))  # the link works without JavaScript
    assert "Skip to content" in chrome(followed)


def test_html_lang_is_the_articles_and_chrome_carries_the_ui_language(seeded_app):
    client = seeded_app.test_client()
    doc = lxml.html.document_fromstring(client.get(ARTICLE, headers={"Accept-Language": "en"}).text)
    assert doc.get("lang") == "vi"  # the article is Vietnamese
    chrome_parts = doc.xpath(
        '//a[@href="#main"] | //body/header | //body/footer'
        ' | //section[@data-module="reader-toolbar"]'
    )
    assert len(chrome_parts) == 4
    assert [part.get("lang") for part in chrome_parts] == ["en"] * 4
    assert doc.xpath("//article")[0].get("lang") in (None, "vi")

    same = lxml.html.document_fromstring(client.get(ARTICLE + "?lang=vi").text)
    assert same.get("lang") == "vi"
    assert not same.xpath("//body/header[@lang] | //body/footer[@lang] | //a[@href='#main'][@lang]")


def test_an_english_article_in_the_vietnamese_chrome(app, client):
    with app.app_context():
        save_article(
            session(),
            ArticleData(
                title="An English story",
                body_html="<p>Hello</p>",
                language="en",
                published_on=date(2024, 5, 1),
            ),
        )
        session().commit()
    doc = lxml.html.document_fromstring(client.get("/articles/an-english-story").text)
    assert doc.get("lang") == "en"
    assert doc.xpath("//body/header")[0].get("lang") == "vi"
    assert doc.xpath("//time")[0].get("datetime") == "2024-05-01"
    listing = lxml.html.document_fromstring(client.get("/").text)
    assert listing.get("lang") == "vi"
    assert listing.xpath("//ol/li")[0].get("lang") == "en"  # each entry in its own language


def test_dates_follow_the_chrome_language(seeded_app):
    client = seeded_app.test_client()
    assert "October 23, 2020" in client.get(ARTICLE, headers={"Accept-Language": "en"}).text
    assert "23/10/2020" in client.get(ARTICLE, headers={"Accept-Language": "vi"}).text


def source_messages():
    """Every msgid in the code and templates, extracted as `make translations` does."""
    with open(ROOT / "babel.cfg") as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = {**DEFAULT_KEYWORDS, "lazy_gettext": None, "_l": None}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_chrome_string_has_a_vietnamese_translation():
    with open(CATALOG / "messages.po", "rb") as f:
        catalog = read_po(f, locale="vi")
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    messages = source_messages()
    assert "Skip to content" in messages and "Larger text" in messages
    missing = sorted(messages - translated)
    assert not missing, f"untranslated (run `make translations`, then fill messages.po): {missing}"


def test_the_compiled_catalog_matches_the_po_file():
    with open(CATALOG / "messages.po", "rb") as f:
        po = {m.id: m.string for m in read_po(f, locale="vi") if m.id and m.string and not m.fuzzy}
    with open(CATALOG / "messages.mo", "rb") as f:
        mo = {m.id: m.string for m in read_mo(f) if m.id}
    assert mo == po, "run `make translations` to compile messages.po"
