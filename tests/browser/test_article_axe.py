"""The demo article loads in Chromium, in Vietnamese, and axe-core finds nothing wrong."""

from playwright.sync_api import expect

from reader.testing import assert_accessible


def test_the_demo_article_loads_and_axe_is_clean(page, article_url):
    page.goto(article_url)
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Đẩy mạnh công tác tuyên truyền")
    expect(page.get_by_role("status")).to_have_text("Cỡ chữ 100%")
    assert_accessible(page)


def test_the_list_and_the_print_view_are_clean_too(page, reader_server, article_url):
    for url in (reader_server.url + "/", article_url + "/print", article_url + "?lang=en"):
        page.goto(url)
        assert_accessible(page)
