"""assert_target_size and each exception of WCAG 2.5.8: spacing, inline, user agent control,
equivalent and essential; each holds where it should and only there."""

import pytest

from reader.testing import assert_target_size
from tests.browser.qa.test_plugin_checks import html

TINY = ".tiny { width: 16px; height: 16px; padding: 0; margin: 0; border: 0; font-size: 10px }"
PLACED = TINY + " .tiny { position: absolute; top: 100px } .a { left: 20px }"


@pytest.mark.parametrize(("left", "passes"), [(44, True), (43, False)])
def test_spacing_circles_may_touch_but_not_overlap(page, left, passes):
    """Centres 24px apart: the 24px circles touch; 23px apart: they overlap."""
    page.set_content(
        html(
            '<button class="tiny a">a</button><button class="tiny b">b</button>',
            PLACED + f" .b {{ left: {left}px }}",
        )
    )
    if passes:
        assert_target_size(page)
    else:
        with pytest.raises(
            AssertionError, match=r'button\.tiny\.a:nth-of-type\(1\) "a": 16\.0x16\.0 CSS px'
        ):
            assert_target_size(page)


def test_spacing_circle_must_not_reach_another_target(page):
    """A big target 11px from a small one's centre is inside its circle."""
    page.set_content(
        html(
            '<button class="tiny a">a</button><button class="big">Big</button>',
            PLACED + " .big { position: absolute; top: 90px; left: 39px; width: 5rem;"
            " height: 3rem }",
        )
    )
    with pytest.raises(
        AssertionError,
        match=r"button\.tiny\.a:nth-of-type\(1\) \"a\": .*too close to .*button\.big",
    ):
        assert_target_size(page)


def test_inline_exception_needs_text_of_its_own_around_the_link(page):
    style = "p { font-size: 10px; line-height: 1 }"
    page.set_content(html('<p>See <a href="/x">x</a> or <a href="/y">y</a> first.</p>', style))
    assert_target_size(page)
    page.set_content(html('<p><a href="/x">x</a> <a href="/y">y</a></p>', style))
    with pytest.raises(AssertionError, match=r'a:nth-of-type\(1\) "x": .*too close to'):
        assert_target_size(page)


def test_user_agent_controls_unless_the_author_sizes_them(page):
    boxes = '<input type="checkbox" aria-label="a"><input type="checkbox" aria-label="b">'
    page.set_content(html(boxes))
    assert_target_size(page)
    page.set_content(html(boxes, "input { width: 13px; height: 13px }"))
    with pytest.raises(AssertionError, match=r"input:nth-of-type\(1\).*13\.0x13\.0 CSS px"):
        assert_target_size(page)


def test_equivalent_link_to_the_same_place(page):
    page.set_content(
        html(
            '<div><a class="tiny" href="/story">s</a><a class="tiny" href="/other">o</a></div>'
            '<p><a class="big" href="/story">Read the story</a></p>',
            TINY + " .tiny { display: inline-block } .big { display: inline-block;"
            " min-height: 2rem; padding: 0.5rem }",
        )
    )
    with pytest.raises(AssertionError) as failure:
        assert_target_size(page)
    assert 'a.tiny:nth-of-type(2) "o"' in str(failure.value)
    assert '"s"' not in str(failure.value)


def test_equivalent_control_named_by_the_caller(page):
    page.set_content(
        html(
            '<div><button class="tiny x">x</button><button class="tiny y">y</button></div>'
            '<button class="close">Close the panel</button>',
            TINY + " .close { min-width: 2rem; min-height: 2rem }",
        )
    )
    assert_target_size(page, equivalents={".x": "button.close", ".y": "button.close"})
    with pytest.raises(AssertionError, match=r"its equivalent button\.gone is not on the page"):
        assert_target_size(page, equivalents={".x": "button.close", ".y": "button.gone"})


def test_essential_targets_named_by_the_caller(page):
    page.set_content(
        html('<div><button class="tiny">a</button><button class="tiny">b</button></div>', TINY)
    )
    with pytest.raises(AssertionError, match="2.5.8 Target Size"):
        assert_target_size(page)
    assert_target_size(page, essential=["button.tiny"])
