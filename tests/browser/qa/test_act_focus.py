"""assert_focus_visible against ACT rule oj04fd's cases, on small pages of our own: it walks
from the top of the document whatever had focus, and judges an indicator by its pixels."""

import pytest

from reader.testing import assert_focus_visible
from tests.browser.qa.test_plugin_checks import html


def test_focus_visible_starts_at_the_top_whatever_had_focus(page):
    """A click (or an earlier walk) leaves the starting point down the page; the walk still
    begins with the first link."""
    page.set_content(
        html(
            '<a class="first" href="/a">First</a> <button>Second</button> <button>Last</button>',
            ".first:focus { outline: none }",
        )
    )
    page.get_by_role("button", name="Last").click()
    for _ in range(2):
        with pytest.raises(
            AssertionError, match=r"1 of 3 keyboard stops(.|\n)*a\.first \"First\": looks the same"
        ):
            assert_focus_visible(page)


@pytest.mark.parametrize(
    "style",
    ["outline: none; outline-offset: 4px", "outline: 0 solid red", "outline-color: red"],
    ids=["offset-only", "zero-width", "colour-of-no-outline"],
)
def test_focus_visible_counts_pixels_not_style_changes(page, style):
    page.set_content(
        html(
            '<button class="flat">Go</button>',
            f".flat {{ outline: none; border: 0; background: #eee }} .flat:focus {{ {style} }}",
        )
    )
    with pytest.raises(AssertionError, match=r"button\.flat \"Go\": looks the same .*0 pixels"):
        assert_focus_visible(page)


def test_focus_visible_threshold(page):
    """A 2x2 px mark is below the default threshold; the threshold is a parameter."""
    page.set_content(
        html(
            '<button class="flat">Go</button>',
            ".flat { outline: none; border: 0; background: #eee; position: relative }"
            " .flat:focus::after { content: ''; position: absolute; left: 0; top: 0;"
            " width: 2px; height: 2px; background: #000 }",
        )
    )
    with pytest.raises(AssertionError, match=r"\(4 pixels change, .* 12 needed\)"):
        assert_focus_visible(page)
    assert_focus_visible(page, min_changed_pixels=4)
