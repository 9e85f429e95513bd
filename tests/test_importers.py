"""Importers: the seed's exact structure, HTML pages and fragments, JSON, updates on re-import."""

import json
import shutil
from datetime import date
from pathlib import Path

import lxml.html
import pytest
from sqlalchemy import func, select

from reader.cli import import_file
from reader.db import session
from reader.importers import ImportProblem
from reader.importers.extract import extract_text
from reader.models import Article, Figure

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "backan-portal-article.txt"

SEED_TITLE = "Đẩy mạnh công tác tuyên truyền Đại hội Đảng các cấp, tạo sự đồng thuận trong xã hội"
SEED_PARAGRAPH_STARTS = [
    "Đồng chí Hoàng Văn Bảy - Phó Trưởng Ban Tuyên giáo Tỉnh ủy",
    "Trong thời gian qua, các đơn vị thành viên Tiểu ban Tuyên truyền",
    "Các cơ quan báo chí, truyền thông đã tuyên truyền liên tục",
    "Công tác tuyên truyền miệng được các cấp, các ngành",
    "Các sở, ngành, địa phương đã triển khai thực hiện hàng trăm",
    "Các hoạt động tuyên truyền cổ động trực quan được triển khai",
    "Là nơi diễn ra Đại hội Đảng bộ tỉnh lần thứ XII",
    "Theo đánh giá của đồng chí Hoàng Văn Bảy",
    "Vừa qua, Tỉnh ủy đã tổ chức họp báo tuyên truyền",
    "Hiện nay, Ban Tuyên giáo Tỉnh ủy đang phối hợp",
]
SEED_CAPTIONS = [
    (0, "Pano tuyên truyền Đại hội Đảng bộ tỉnh lần thứ XII được đặt tại thành phố Bắc Kạn"),
    (
        3,
        'Chuyên mục "Hướng tới “Hướng tới Đại hội Đảng bộ tỉnh Bắc Kạn lần thứ XII, nhiệm kỳ '
        "2020 - 2025” trên Cổng Thông tin điện tử tỉnh Bắc Kạn",
    ),
    (6, "Tuyến đường Trường Chinh rực đỏ bởi cờ, pano tuyên truyền Đại hội Đảng"),
    (7, "Cờ, Pano tuyên truyền được trang trí quanh Hội trường tỉnh - Nơi diễn ra Đại hội"),
]


def parse_html(text: str):
    return [extract_text(text)]


def imported(app, path):
    with app.app_context():
        saved = import_file(Path(path))
        return [(article.id, created) for article, created in saved]


def only_article(app) -> Article:
    db = session()
    articles = db.scalars(select(Article)).all()
    assert len(articles) == 1
    return articles[0]


def top_level(body_html: str):
    return list(lxml.html.fragment_fromstring(body_html, create_parent="div"))


def count(model) -> int:
    return session().scalar(select(func.count()).select_from(model))


def test_seed_article_has_exactly_the_readme_structure(app):
    assert imported(app, SEED) == [(1, True)]
    with app.app_context():
        article = only_article(app)
        lead_line = SEED.read_text(encoding="utf-8").splitlines()[5]
        assert article.title == SEED_TITLE
        assert article.lead == " ".join(lead_line.split())
        assert article.lead.startswith("Xác định công tác tuyên truyền giữ vai trò quan trọng")
        assert article.published_on == date(2020, 10, 23)
        assert article.author == "Hương Dịu"
        assert article.language == "vi"
        assert article.source_url == ""

        blocks = top_level(article.body_html)
        paragraphs = [b for b in blocks if b.tag == "p"]
        assert [b.tag for b in blocks] == [
            "figure",
            "p",
            "p",
            "p",
            "figure",
            "p",
            "p",
            "p",
            "figure",
            "p",
            "figure",
            "p",
            "p",
            "p",
        ]
        assert len(paragraphs) == 10
        for paragraph, start in zip(paragraphs, SEED_PARAGRAPH_STARTS, strict=True):
            assert paragraph.text_content().startswith(start)
        figures = [b for b in blocks if b.tag == "figure"]
        assert [f.findtext("figcaption") for f in figures] == [c for _, c in SEED_CAPTIONS]
        assert all(f.find(".//img") is None for f in figures), "the seed's photos are lost"

        stored = [(f.position, f.caption, f.image_url) for f in article.figures]
        assert stored == [(p, c, "") for p, c in SEED_CAPTIONS]
        everything = " ".join([article.title, article.lead, article.body_html, article.author])
        for chrome in ("PublishingPortal", "Block_BanTin", "Tăng cỡ chữ", "23/10/2020"):
            assert chrome not in everything
        assert "Hương Dịu" not in article.body_html


def test_reimporting_the_seed_updates_instead_of_duplicating(app, tmp_path):
    imported(app, SEED)
    with app.app_context():
        first = only_article(app)
        first_id, first_slug = first.id, first.slug
    changed = tmp_path / "seed-edited.txt"
    changed.write_text(
        SEED.read_text(encoding="utf-8")
        .replace("Hương Dịu", "Hương Dịu (sửa)")
        .replace("Hiện nay, Ban Tuyên giáo", "Hôm nay, Ban Tuyên giáo"),
        encoding="utf-8",
    )
    assert imported(app, SEED) == [(first_id, False)]  # the same content is the same article
    # An edited copy that names no address could be another article: it is kept apart, under
    # a slug of its own, until --source-url says which page both came from.
    [(other_id, created)] = imported(app, changed)
    assert created and other_id != first_id
    url = "https://backan.gov.vn/Pages/dai-hoi.aspx"
    with app.app_context():
        session().delete(session().get(Article, other_id))
        session().commit()
        [(article, created)] = import_file(SEED, source_url=url)
        assert (created, article.slug) == (True, first_slug + "-2")
        [(again, created)] = import_file(changed, source_url=url)
        assert (created, again.id, again.author) == (False, article.id, "Hương Dịu (sửa)")
        assert "Hôm nay, Ban Tuyên giáo" in again.body_html
        assert len(again.figures) == 4


def test_whole_vietnamese_portal_page(app):
    imported(app, FIXTURES / "portal-page-vi.html")
    with app.app_context():
        article = only_article(app)
        assert article.title == "Khởi công cầu treo bản Nà Làng, xã Quang Thuận"
        assert article.lead.startswith("Sáng 22/10, UBND huyện Bạch Thông tổ chức khởi công")
        assert article.author == "Ngọc Minh"
        assert article.published_on == date(2020, 10, 23)
        assert article.language == "vi"
        assert (
            article.source_url
            == "https://backan.gov.vn/Pages/tin-tuc/khoi-cong-cau-treo-na-lang.aspx"
        )
        assert [(f.position, f.image_url, f.alt_text, f.caption) for f in article.figures] == [
            (
                1,
                "https://backan.gov.vn/PublishingImages/2020/10/cau-treo-1.jpg",
                "Lãnh đạo huyện thực hiện nghi thức khởi công",
                "Lãnh đạo huyện Bạch Thông thực hiện nghi thức khởi công công trình.",
            ),
            (
                3,
                "https://backan.gov.vn/PublishingImages/2020/10/cau-treo-2.jpg",
                "Người dân bản Nà Làng dự lễ khởi công",
                "Người dân bản Nà Làng phấn khởi dự lễ khởi công.",
            ),
        ]
        blocks = top_level(article.body_html)
        assert [b.tag for b in blocks] == ["p", "figure", "p", "p", "figure", "p"]
        assert blocks[3].find("strong").text == "chất lượng"
        link = blocks[5].find("a")
        assert link.get("href") == "https://backan.gov.vn/Pages/tin-tuc/giao-thong-nong-thon.aspx"
        assert link.get("rel") == "noopener noreferrer"
        body = article.body_html
        for chrome in (
            "Trang chủ",
            "Văn bản mới",
            "Tin liên quan",
            "Chia sẻ",
            "Cơ quan chủ quản",
            "JavaScript",
            "ChangeFontSize",
            "Tăng cỡ chữ",
            "onmouseover",
            "onerror",
            "style=",
            "Ngọc Minh",
            "Khởi công cầu treo bản Nà Làng, xã",
        ):
            assert chrome not in body


def test_article_fragment(app):
    imported(app, FIXTURES / "article-fragment-vi.html")
    with app.app_context():
        article = only_article(app)
        assert article.title == "Ngày hội văn hóa các dân tộc huyện Ba Bể"
        assert article.lead.startswith("Ngày hội thu hút hơn 500 nghệ nhân")
        assert article.author == "Thu Trang"
        assert article.published_on == date(2024, 3, 5)
        assert article.source_url == ""
        assert [(f.position, f.image_url, f.caption) for f in article.figures] == [
            (
                0,
                "https://backan.gov.vn/PublishingImages/2024/03/ngay-hoi-1.jpg",
                "Các nghệ nhân biểu diễn hát then, đàn tính.",
            ),
            (4, "ngay-hoi-2.jpg", "Trò chơi kéo co."),
        ]
        blocks = top_level(article.body_html)
        assert [b.tag for b in blocks] == ["figure", "p", "h2", "p", "ul", "figure", "blockquote"]
        assert blocks[0].find("img").get("alt") == "Các nghệ nhân biểu diễn hát then"
        assert blocks[5].find("img").get("alt") == ""
        assert "Ba Bể</a>" not in article.body_html  # the footer's tag link
        assert "08:30" not in article.body_html


def test_english_news_page(app):
    imported(app, FIXTURES / "news-page-en.html")
    with app.app_context():
        article = only_article(app)
        assert article.title == "Mountain bridge opens to traffic"
        assert article.lead == ""  # the meta description is not shown on the page
        assert article.author == "Jane Doe"
        assert article.published_on == date(2021, 6, 14)
        assert article.language == "en-GB"
        assert article.source_url == "https://news.example.com/2021/06/mountain-bridge-opens"
        [figure] = article.figures
        assert (figure.position, figure.image_url, figure.alt_text) == (
            1,
            "https://news.example.com/2021/06/images/bridge.jpg",
            "The new bridge seen from the east bank",
        )
        blocks = top_level(article.body_html)
        assert [b.tag for b in blocks] == ["p", "figure", "p", "h2", "p", "p"]
        assert blocks[2].find("a").get("href") is None  # the javascript: link lost its target
        assert blocks[4].find("a").get("href") == "https://news.example.com/2021/05/roads-plan"
        for chrome in (
            "Advertisement",
            "Most read",
            "Northern Times",
            "Skip to content",
            "tracker",
            "NewsArticle",
        ):
            assert chrome not in article.body_html


def test_json_article(app):
    imported(app, FIXTURES / "article.json")
    with app.app_context():
        article = only_article(app)
        assert article.slug == "mo-rong-vung-trong-cam-quang-thuan"
        assert article.title == "Bắc Kạn mở rộng vùng trồng cam Quang Thuận"
        assert article.published_on == date(2024, 11, 2)
        assert article.author == "Minh Anh"
        blocks = top_level(article.body_html)
        assert [b.tag for b in blocks] == ["p", "figure", "p", "p"]
        assert blocks[1].find("img").get("src") == "https://backan.gov.vn/anh/cam.jpg"
        assert "alert" not in article.body_html and "onclick" not in article.body_html


def test_reimporting_html_and_json_by_source_url_updates(app, tmp_path):
    page = tmp_path / "page.html"
    shutil.copy(FIXTURES / "portal-page-vi.html", page)
    source = json.loads((FIXTURES / "article.json").read_text(encoding="utf-8"))
    data = tmp_path / "article.json"
    data.write_text(json.dumps(source), encoding="utf-8")
    imported(app, page)
    imported(app, data)
    page.write_text(
        page.read_text(encoding="utf-8")
        .replace(
            "Khởi công cầu treo bản Nà Làng, xã Quang Thuận", "Cầu treo Nà Làng được khởi công"
        )
        .replace('content="Khởi công cầu treo bản Nà Làng"', 'content="Cầu treo Nà Làng"'),
        encoding="utf-8",
    )
    source.update(title="Tiêu đề mới", figures=[])
    data.write_text(json.dumps(source), encoding="utf-8")
    assert [created for _, created in imported(app, page)] == [False]
    assert [created for _, created in imported(app, data)] == [False]
    with app.app_context():
        assert count(Article) == 2
        assert count(Figure) == 2  # the page's two; the JSON article's one is gone
        titles = set(session().scalars(select(Article.title)))
        assert titles == {"Cầu treo Nà Làng được khởi công", "Tiêu đề mới"}
        slugs = set(session().scalars(select(Article.slug)))
        assert "mo-rong-vung-trong-cam-quang-thuan" in slugs  # links keep working


# The HTML importer's fallbacks, on small pages.


def page(head="", body=""):
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize(
    ("head", "body", "title"),
    [
        (
            '<meta property="og:title" content="Từ og:title"><title>Từ title</title>',
            "<p>Nội dung.</p>",
            "Từ og:title",
        ),
        ("<title>Chỉ có title</title>", "<p>Nội dung.</p>", "Chỉ có title"),
        (  # the title the publisher states wins, as Readability weighs them
            '<meta property="og:title" content="Từ og:title">',
            "<article><h1>Từ h1</h1><p>x</p></article>",
            "Từ og:title",
        ),
        (  # unless it is the <h1> cut short
            '<meta property="og:title" content="Cầu treo">',
            "<article><h1>Cầu treo, bản Nà Làng</h1><p>x</p></article>",
            "Cầu treo, bản Nà Làng",
        ),
    ],
)
def test_title_falls_back_from_h1_to_og_title_to_title(head, body, title):
    [article] = parse_html(page(head, body))
    assert article.title == title


def test_metadata_from_meta_tags_and_itemprops():
    [article] = parse_html(
        page(
            '<meta name="description" content="Tóm tắt từ meta.">'
            '<meta name="author" content="Ban Biên tập">'
            '<meta property="article:published_time" content="2022-01-31T23:30:00+07:00">'
            '<link rel="canonical" href="javascript:alert(1)">'
            '<meta property="og:url" content="https://x.example/og">',
            "<h1>Tiêu đề</h1><p>Nội dung.</p>",
        )
    )
    # The description is not on the page: a summary readers never see there is not its lead.
    assert (article.lead, article.author, article.published_on) == (
        "",
        "Ban Biên tập",
        date(2022, 1, 31),
    )
    assert article.source_url == "https://x.example/og"  # the canonical link is not http(s)
    assert article.language == ""  # no lang, and two words are too few to tell: unknown


def test_date_near_the_title_and_itemprop_date():
    [near] = parse_html(
        page(body="<div><h1>Tin</h1><span>Thứ sáu, 09/02/2024 07:00</span></div><p>Nội dung.</p>")
    )
    assert near.published_on == date(2024, 2, 9)
    [itemprop] = parse_html(
        page(body='<h1>Tin</h1><p>Nội dung.</p><span itemprop="datePublished">2019-12-01</span>')
    )
    assert itemprop.published_on == date(2019, 12, 1)


def test_whole_body_is_the_last_resort_without_nav_header_footer():
    [article] = parse_html(
        page(
            body=(
                '<header><a href="/">Trang chủ</a></header><nav><a href="/tin">Tin tức</a></nav>'
                "<h1>Tiêu đề</h1><p>Đoạn một.</p><div>Đoạn hai <b>đậm</b>.</div>"
                '<img src="/anh.jpg" alt="Ảnh"><p class="caption">Chú thích ảnh.</p>'
                "<footer>Bản quyền</footer>"
            )
        )
    )
    assert article.body_html == "<p>Đoạn một.</p>\n<p>Đoạn hai <b>đậm</b>.</p>"
    assert [(f.position, f.image_url, f.alt_text, f.caption) for f in article.figures] == [
        (2, "/anh.jpg", "Ảnh", "Chú thích ảnh.")
    ]


def test_language_from_the_article_and_xml_declaration():
    [article] = parse_html(
        '<?xml version="1.0" encoding="utf-8"?>\n<html lang="vi">'
        '<body><article lang="en"><h1>Hello</h1><p>Text.</p></article>'
        "</body></html>"
    )
    assert article.language == "en"


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<html><head><title>Chỉ tiêu đề</title></head><body></body></html>", "no article text"),
        ("<!-- only a comment -->", "no elements"),
    ],
)
def test_html_without_an_article_is_refused(html, reason):
    with pytest.raises(ImportProblem, match=reason):
        parse_html(html)


def test_date_is_not_taken_from_far_down_the_body():
    [article] = parse_html(
        page(
            body="<article><h1>Tin</h1><p>Mở đầu.</p><p>Hai.</p><p>Ba.</p>"
            "<p>Bốn.</p><p>Năm.</p><p>Sáu.</p><p>Bảy.</p><p>Tám.</p>"
            "<p>Ngày 15/10/2019, hội nghị đã họp.</p></article>"
        )
    )
    assert article.published_on is None


def test_odd_pages_still_parse():
    [broken_base] = parse_html(
        page(
            '<base href="http://[::1"><link rel="canonical" href="https://x.example/a">',
            '<h1>Tiêu đề</h1><p><img src="anh.jpg" alt=""></p><p>x</p>',
        )
    )
    # <base> is dropped; the image resolves against the page's own (canonical) address.
    assert broken_base.figures[0].image_url == "https://x.example/anh.jpg"
    [after_empty] = parse_html("<article></article><h1>Tiêu đề</h1><p>Nội dung.</p>")
    assert after_empty.body_html == "<p>Nội dung.</p>"


def test_a_long_source_url_is_still_one_article(app, tmp_path):
    source = tmp_path / "long.json"
    url = "https://backan.gov.vn/Pages/" + "a" * 1500
    for title in ("Lần một", "Lần hai"):
        source.write_text(
            json.dumps({"title": title, "body": "<p>x</p>", "source_url": url}), encoding="utf-8"
        )
        imported(app, source)
    with app.app_context():
        assert (only_article(app).title, only_article(app).source_url) == ("Lần hai", url)


def test_plain_text_without_portal_markers():
    from reader.importers.portal_text import parse as parse_text

    [article] = parse_text(
        "05/01/2024\n\nTiêu đề bài\nTóm tắt ngắn.\n\n\nChú thích ảnh\n\n"
        "Đoạn một.\n\nĐoạn hai\ntiếp tục.\n\nTác Giả\n"
    )
    assert (article.title, article.lead, article.author, article.published_on) == (
        "Tiêu đề bài",
        "Tóm tắt ngắn.",
        "Tác Giả",
        date(2024, 1, 5),
    )
    assert article.body_html == "<p>Đoạn một.</p>\n<p>Đoạn hai tiếp tục.</p>"
    assert [(f.position, f.caption) for f in article.figures] == [(0, "Chú thích ảnh")]
    with pytest.raises(ImportProblem, match="no article text found after the title"):
        parse_text("Chỉ một dòng\n")
