"""The reading pages' markup: list order and pages, the article's landmarks, 404s, the CSP."""

from datetime import date, timedelta

import lxml.html
import pytest

from reader.db import session
from reader.store import ArticleData, FigureData, save_article
from tests.conftest import SEED_SLUG

EN = {"Accept-Language": "en"}


def has_class(name):
    """An XPath test for one class among several (lxml has no CSS selectors without cssselect)."""
    return f'contains(concat(" ", @class, " "), " {name} ")'


def parse(response):
    return lxml.html.document_fromstring(response.text)


def add_articles(app, count, start=date(2024, 1, 1)):
    """`count` articles, one a day from `start`; article n is titled "Article n"."""
    with app.app_context():
        for n in range(count):
            save_article(
                session(),
                ArticleData(
                    title=f"Article {n:02d}",
                    lead=f"Lead {n}",
                    body_html=f"<p>Body {n}</p>",
                    published_on=start + timedelta(days=n),
                    author="Tester",
                    language="vi",
                    figures=[
                        FigureData(
                            position=1,
                            caption=f"Caption {n}",
                            image_url="https://example.org/photo.jpg",
                            alt_text="A photo",
                        )
                    ],
                ),
            )
        session().commit()


def list_titles(response):
    links = parse(response).xpath(f"//*[{has_class('reader-list__heading')}]/a")
    return [a.text_content().strip() for a in links]


def test_index_lists_newest_first_and_paginates(app, client):
    add_articles(app, 12)
    first = client.get("/", headers=EN)
    assert first.status_code == 200
    assert list_titles(first) == [f"Article {n:02d}" for n in range(11, 1, -1)]
    doc = parse(first)
    next_link = doc.xpath(f"//nav[{has_class('reader-pagination')}]//a[@rel='next']")[0]
    assert next_link.get("href") == "/?page=2"
    assert not doc.xpath('//a[@rel="prev"]')

    second = client.get("/?page=2", headers=EN)
    assert list_titles(second) == ["Article 01", "Article 00"]
    assert "Page 2 of 2" in second.text
    assert parse(second).xpath('//a[@rel="prev"]')[0].get("href") == "/?page=1"
    assert not parse(second).xpath('//a[@rel="next"]')


@pytest.mark.parametrize("page", ["3", "0", "-1", "99999"])
def test_a_page_beyond_the_list_is_a_404_page(app, client, page):
    add_articles(app, 12)
    response = client.get(f"/?page={page}", headers=EN)
    assert response.status_code == 404
    assert parse(response).xpath("//h1")[0].text_content() == "Page not found"


def test_index_without_articles_says_how_to_import(client):
    response = client.get("/", headers=EN)
    assert response.status_code == 200
    assert "flask --app reader import PATH" in response.text
    assert not parse(response).xpath(f"//*[{has_class('reader-list__item')}]")


def test_article_page_markup(seeded_app):
    response = seeded_app.test_client().get(f"/articles/{SEED_SLUG}", headers=EN)
    assert response.status_code == 200
    doc = parse(response)
    body = doc.body
    h1s = doc.xpath("//h1")
    assert len(h1s) == 1
    assert h1s[0].text_content().startswith("Đẩy mạnh công tác tuyên truyền Đại hội Đảng")
    assert [t.get("datetime") for t in doc.xpath("//article//time")][0] == "2020-10-23"

    skip = body.xpath(".//a")[0]  # the first link of the page
    assert skip.get("href") == "#main" and skip.text_content() == "Skip to content"
    main = doc.get_element_by_id("main")
    assert main.tag == "main"
    assert [child.tag for child in body if child.tag in ("header", "main", "footer")] == [
        "header",
        "main",
        "footer",
    ]
    article = main.xpath(".//article")
    assert len(article) == 1
    assert article[0].get("aria-labelledby") == h1s[0].get("id")
    author = article[0].xpath(f".//*[{has_class('reader-article__author')}]")[0]
    assert author.text_content() == "Hương Dịu"
    assert article[0].xpath(f".//*[{has_class('reader-article__lead')}]")
    figures = article[0].xpath(f".//*[{has_class('reader-article__body')}]//figure")
    assert len(figures) == 4
    assert all(f.xpath("figcaption") for f in figures)
    assert doc.xpath('//link[@rel="stylesheet"]')


def test_figure_images_keep_their_alt_text(app, client):
    add_articles(app, 1)
    doc = parse(client.get("/articles/article-00", headers=EN))
    image = doc.xpath("//article//figure/img")[0]
    assert image.get("alt") == "A photo"
    assert image.getparent().xpath("figcaption")[0].text_content() == "Caption 0"


PAGES = ["/", f"/articles/{SEED_SLUG}", f"/articles/{SEED_SLUG}/print", "/articles/no-such-article"]


@pytest.mark.parametrize("path", PAGES)
def test_strict_csp_and_no_inline_style_or_script(seeded_app, path):
    response = seeded_app.test_client().get(path, headers=EN)
    csp = response.headers["Content-Security-Policy"]
    policy = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["default-src"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    doc = parse(response)
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue  # comments
        assert "style" not in element.attrib, lxml.html.tostring(element)[:200]
        assert not [name for name in element.attrib if name.lower().startswith("on")]
        assert not [
            v
            for v in element.attrib.values()
            if v.strip().lower().startswith(("javascript:", "data:text/html"))
        ]
    assert not doc.xpath("//style")
    assert all(script.get("src") for script in doc.xpath("//script"))
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_unknown_slug_is_an_accessible_404_page(client):
    response = client.get("/articles/no-such-article", headers=EN)
    assert response.status_code == 404
    doc = parse(response)
    assert doc.get("lang") == "en"
    assert [h.text_content() for h in doc.xpath("//h1")] == ["Page not found"]
    assert doc.xpath('//main[@id="main"]') and doc.xpath('//a[@href="#main"]')
    assert doc.xpath("//title")[0].text_content().startswith("Page not found")
    assert doc.xpath('//main//a[@href="/"]')  # a way back to the list


def test_404_page_speaks_vietnamese_by_default(client):
    response = client.get("/articles/khong-co-bai-nay")
    assert response.status_code == 404
    doc = parse(response)
    assert doc.get("lang") == "vi"
    assert doc.xpath("//h1")[0].text_content() == "Không tìm thấy trang"


def test_print_view(seeded_app):
    client = seeded_app.test_client()
    response = client.get(f"/articles/{SEED_SLUG}/print", headers=EN)
    assert response.status_code == 200
    doc = parse(response)
    assert len(doc.xpath("//h1")) == 1
    assert doc.xpath(f"//article//*[{has_class('reader-article__body')}]//p")
    assert doc.xpath(f'//a[@href="/articles/{SEED_SLUG}"]')  # back to the article
    assert client.get("/articles/no-such-article/print").status_code == 404
