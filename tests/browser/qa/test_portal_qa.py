"""A portal's QA test, written only with the QA kit's public API (the README's example)."""

from reader.testing import (
    ReaderToolbar,
    assert_accessible,
    assert_focus_visible,
    assert_reflows,
    assert_target_size,
    assert_text_spacing,
    assert_zoomable,
)


def test_portal_article_with_reader_toolbar(page, portal_article_url):
    page.goto(portal_article_url)
    toolbar = ReaderToolbar(page)
    while toolbar.scale < 300:
        toolbar.increase()
    assert_accessible(page)
    assert_zoomable(page)
    assert_reflows(page, width=320)
    assert_text_spacing(page)
    assert_target_size(page)
    assert_focus_visible(page)
