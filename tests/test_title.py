"""How an HTML page's title is chosen (reader/importers/title.py): stated title, <title>, <h1>."""

import lxml.html
import pytest

from reader.importers import extract_html
from reader.importers.body_choice import without_title
from reader.importers.title import article_title, similarity

BODY = "<p>Người dân trong bản phấn khởi vì mùa mưa lũ tới sẽ không còn phải lội suối.</p>"


def title_of(head: str, body: str = "", stated: dict | None = None) -> str:
    doc = lxml.html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")
    return article_title(doc, stated or {})


@pytest.mark.parametrize(
    ("head", "body", "title"),
    [
        (  # what the page states comes first, Dublin Core before Open Graph before Twitter
            '<meta name="twitter:title" content="Twitter"><meta property="og:title" content="OG">'
            '<meta name="DC.title" content="Dublin Core"><title>Tag</title>',
            "",
            "Dublin Core",
        ),
        (  # a property attribute may name several at once
            '<meta property="og:title twitter:title" content="Both"><title>Tag</title>',
            "",
            "Both",
        ),
        (  # the site's name after the last separator goes
            "<title>Khởi công cầu treo bản Nà Làng - Báo Bắc Kạn</title>",
            "",
            "Khởi công cầu treo bản Nà Làng",
        ),
        (  # ...or before the first, when what is left before the last would be too short
            "<title>Dân trí | Khởi công cầu treo bản Nà Làng</title>",
            "",
            "Khởi công cầu treo bản Nà Làng",
        ),
        (  # a headline of one or two words keeps its site name: stripping left too little
            "<title>Mozilla - Wikipedia</title>",
            "<h1>Mozilla</h1>",
            "Mozilla - Wikipedia",
        ),
        (  # "Site: headline" loses the site's name...
            "<title>Bắc Kạn: khởi công cầu treo bản Nà Làng</title>",
            "",
            "khởi công cầu treo bản Nà Làng",
        ),
        (  # ...unless a heading says the whole of it
            "<title>Bắc Kạn: khởi công cầu treo</title>",
            "<h2>Bắc Kạn: khởi công cầu treo</h2>",
            "Bắc Kạn: khởi công cầu treo",
        ),
        (  # a <title> shorter than the one <h1> names the section, not the article
            "<title>Tin</title>",
            "<h1>Khởi công cầu treo</h1>",
            "Khởi công cầu treo",
        ),
        (  # a short <title> longer than the <h1> is the title
            "<title>Cầu treo mới</title>",
            "<h1>Tin</h1>",
            "Cầu treo mới",
        ),
        (  # a stated title that is the <h1> cut short gives way to the <h1>
            '<meta property="og:title" content="Khởi công cầu treo">',
            "<h1>Khởi công cầu treo, bản Nà Làng</h1>",
            "Khởi công cầu treo, bản Nà Làng",
        ),
    ],
)
def test_the_title_a_page_gives(head, body, title):
    assert title_of(head, body) == title


def test_json_ld_name_unless_it_is_the_sites_and_the_headline_is_the_articles():
    head = "<title>Khởi công cầu treo bản Nà Làng - Báo Bắc Kạn</title>"
    stated = {
        "@type": "Article",
        "name": "Báo Bắc Kạn",
        "headline": "Khởi công cầu treo bản Nà Làng",
    }
    assert title_of(head, stated=stated) == "Khởi công cầu treo bản Nà Làng"
    stated = {
        "@type": "Article",
        "name": "Cầu treo Nà Làng",
        "headline": "Khởi công cầu treo bản Nà Làng",
    }
    assert title_of("<title>Tin tức Bắc Kạn</title>", stated=stated) == "Cầu treo Nà Làng"
    stated = {"@type": "NewsArticle", "headline": "Chỉ có headline"}
    assert title_of("<title>Tin tức Bắc Kạn</title>", stated=stated) == "Chỉ có headline"


def test_similarity_is_the_share_of_the_second_text_made_of_the_firsts_words():
    assert similarity("Khởi công cầu treo", "khởi công cầu treo") == 1.0
    assert similarity("Khởi công cầu treo", "Thời tiết") == 0.0
    assert 0.5 < similarity("Khởi công cầu treo bản Nà Làng", "Khởi công cầu treo - Báo") < 0.9


def test_a_heading_repeating_the_title_leaves_the_body_and_a_different_one_stays():
    blocks = ["<h2>Khởi công cầu treo bản Nà Làng</h2>", "<p>Một.</p>"]
    kept, _ = without_title("Khởi công cầu treo bản Nà Làng - Báo Bắc Kạn", blocks, [])
    assert kept == ["<p>Một.</p>"]
    blocks = ["<h2>Lorem ipsum</h2>", "<p>Một.</p>"]
    assert without_title("Cầu treo mới", blocks, [])[0] == blocks


def test_extract_html_titles_a_page_by_its_title_tag_over_an_unrelated_heading():
    page = (
        "<html lang='vi'><head><meta charset='utf-8'>"
        "<title>Khởi công cầu treo bản Nà Làng - Báo Bắc Kạn</title></head><body>"
        f"<article><h1>Tin địa phương</h1>{BODY * 3}</article></body></html>"
    ).encode()
    assert extract_html(page).title == "Khởi công cầu treo bản Nà Làng"


def test_json_ld_that_is_not_an_article_does_not_name_it():
    video = {"@type": "VideoObject", "name": "Clip: cầu treo", "datePublished": "2020-10-23"}
    head = "<title>Khởi công cầu treo bản Nà Làng - Báo Bắc Kạn</title>"
    assert title_of(head, stated=video) == "Khởi công cầu treo bản Nà Làng"
