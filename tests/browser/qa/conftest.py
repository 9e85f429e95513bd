"""The QA kit's own fixtures: one live reader and sample portal per module."""

import pytest

from reader.testing.site import live_site


@pytest.fixture(scope="module")
def qa_site(tmp_path_factory):
    """A `reader.testing.matrix.Site`: the demo article on a fresh reader, a registered portal."""
    with live_site(tmp_path_factory.mktemp("qa")) as (site, _app):
        yield site


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN"}


@pytest.fixture
def portal_article_url(qa_site):
    """A portal's article page (another site, strict CSP, px styles) with the script embed."""
    return qa_site.url("host")
