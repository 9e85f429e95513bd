"""ReaderToolbar finds and operates the toolbar on our article page and on a portal's page."""

import pytest
from playwright.sync_api import expect

from reader.testing import ReaderToolbar


@pytest.fixture
def article(page, qa_site):
    page.goto(qa_site.url("article"))
    return page


def test_sizes_step_and_status_follows(article):
    toolbar = ReaderToolbar(article)
    assert toolbar.scale == 100
    assert toolbar.increase() == 110
    expect(toolbar.status).to_have_text("Cỡ chữ 110%")
    assert toolbar.increase() == 120
    assert toolbar.decrease() == 110
    assert toolbar.reset() == 100
    expect(toolbar.reset_button).to_have_attribute("aria-disabled", "true")


def test_print_and_share(article):
    toolbar = ReaderToolbar(article)
    toolbar.print()
    assert toolbar.printed == 1
    toolbar.share()
    expect(toolbar.root.get_by_role("link", name="Facebook")).to_be_visible()


def test_without_javascript_the_forms_post(browser, qa_site):
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    page.goto(qa_site.url("article"))
    toolbar = ReaderToolbar(page)
    assert toolbar.decrease() == 85
    expect(toolbar.print_control).to_have_attribute("href", f"/articles/{qa_site.slug}/print")
    context.close()


def test_on_a_portal_page_in_shadow_dom(page, qa_site):
    page.goto(qa_site.url("host"))
    toolbar = ReaderToolbar(page)
    expect(toolbar.status).to_have_text("Cỡ chữ 100%")
    assert toolbar.increase() == 110
    body = page.locator("#article-body p").first
    assert body.evaluate("p => getComputedStyle(p).fontSize") == "16.5px"  # 15px x 110%
    assert toolbar.reset() == 100
    toolbar.print()
    assert toolbar.printed == 1
