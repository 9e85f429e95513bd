"""The QA kit's checks on small pages: a page with the fault fails with a message naming it,
a clean page passes."""

import re

import pytest

from reader.testing import (
    AccessibilityViolations,
    assert_accessible,
    assert_focus_visible,
    assert_reflows,
    assert_target_size,
    assert_text_spacing,
)

STRICT_CSP = "default-src 'none'; script-src 'self'; style-src 'self'"


def html(body: str, style: str = "") -> str:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>QA page</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{style}</style></head><body><main><h1>QA page</h1>{body}</main></body></html>"
    )


def test_accessible_passes_a_clean_page(page):
    page.set_content(html('<p>Plain text with a <a href="/x">link in a sentence</a>.</p>'))
    assert assert_accessible(page) == []


def test_accessible_names_criterion_and_element(page):
    page.set_content(html('<img src="data:," class="photo"><button class="mute"></button>'))
    with pytest.raises(AccessibilityViolations) as failure:
        assert_accessible(page)
    message = str(failure.value)
    assert "at text size unknown" in message
    assert "WCAG 1.1.1 [image-alt, critical]" in message
    assert "WCAG 4.1.2 [button-name, critical]" in message
    assert "img.photo" in message and "button.mute" in message
    assert {v["id"] for v in failure.value.violations} == {"image-alt", "button-name"}
    assert failure.value.violations[0]["nodes"][0]["target"]


def test_accessible_disabled_rule_and_context(page):
    page.set_content(html('<div id="ok"><p>Fine</p></div><img src="data:,">'))
    assert_accessible(page, disabled_rules=["image-alt"])
    assert_accessible(page, context="#ok")


def test_accessible_works_under_a_strict_csp(page):
    """axe goes in through page.evaluate, which a page's CSP does not govern."""
    page.route(
        "http://qa.test/",
        lambda route: route.fulfill(
            body=html("<img src='data:,'>"),
            content_type="text/html",
            headers={"Content-Security-Policy": STRICT_CSP},
        ),
    )
    page.goto("http://qa.test/")
    with pytest.raises(AssertionError, match=r"(?s)^http://qa.test/ at text size .*image-alt"):
        assert_accessible(page)


GRADIENT = (
    '<p class="banner">Text on a gradient</p>',
    ".banner { background-image: linear-gradient(#000, #fff); color: #777 }",
)


def test_accessible_reports_what_axe_could_not_decide(page, capsys):
    """axe cannot compute contrast on a gradient: "incomplete", printed and returned."""
    page.set_content(html(*GRADIENT))
    undecided = assert_accessible(page)
    assert [v["id"] for v in undecided] == ["color-contrast"]
    assert undecided[0]["nodes"][0]["element"]["selector"].endswith("p.banner")
    printed = capsys.readouterr().out
    assert "could not decide 1 rule(s) on 1 element(s)" in printed
    assert "WCAG 1.4.3 [color-contrast" in printed and 'p.banner "Text on a gradient"' in printed
    assert assert_accessible(page, incomplete="ignore") == []
    assert capsys.readouterr().out == ""


def test_accessible_fails_on_incomplete_when_asked(page):
    page.set_content(html(*GRADIENT))
    with pytest.raises(
        AccessibilityViolations, match=r"(?s)could not decide.*p\.banner"
    ) as failure:
        assert_accessible(page, incomplete="fail")
    assert failure.value.violations == []
    assert [v["id"] for v in failure.value.incomplete] == ["color-contrast"]
    with pytest.raises(ValueError, match="incomplete must be one of"):
        assert_accessible(page, incomplete="warn")


def test_reflows_passes_a_fluid_page(page):
    page.set_content(html("<p>" + "Words that wrap nicely. " * 40 + "</p>"))
    assert_reflows(page, width=320)


def test_reflows_fails_on_horizontal_scroll(page):
    page.set_content(html('<div class="wide">Wide box</div>', ".wide { width: 600px }"))
    with pytest.raises(
        AssertionError,
        match=r"WCAG 1.4.10 Reflow: scrolls horizontally at 320 "
        r"CSS px wide(.|\n)*div.wide \"Wide box\": right edge at 6\d\dpx",
    ):
        assert_reflows(page, width=320)


def test_reflows_fails_on_clipped_text(page):
    page.set_content(
        html(
            '<p class="cut">' + "Clipped words here. " * 10 + "</p>",
            ".cut { white-space: nowrap; overflow: hidden; width: 10rem }",
        )
    )
    with pytest.raises(AssertionError, match=r"text is clipped(.|\n)*p.cut \"Clipped words"):
        assert_reflows(page, width=320)


def test_text_spacing_passes_flexible_boxes(page):
    page.set_content(html("<p>" + "Short words in a paragraph. " * 10 + "</p>"))
    assert_text_spacing(page)


def test_text_spacing_fails_on_a_fixed_height_box(page):
    page.set_content(
        html(
            '<div class="box">' + "Text in a box of fixed height. " * 6 + "</div>",
            ".box { height: 3.5em; overflow: hidden; line-height: 1.1 }",
        )
    )
    assert_reflows(page, width=800)  # fits before spacing
    with pytest.raises(
        AssertionError,
        match=r"WCAG 1.4.12 Text Spacing(.|\n)*div.box \"Text in "
        r"a box(.|\n)*taller than its box",
    ):
        assert_text_spacing(page)
    assert page.evaluate("document.adoptedStyleSheets.length") == 0  # spacing removed after


def test_target_size_passes_large_and_inline_targets(page):
    page.set_content(
        html(
            '<button class="big">OK</button><p>Read the <a href="/a">notes</a> '
            "before you start, they are short.</p>",
            ".big { min-width: 2rem; min-height: 2rem }",
        )
    )
    assert_target_size(page)


def test_target_size_fails_on_small_crowded_buttons(page):
    page.set_content(
        html(
            '<div><button class="tiny">a</button><button class="tiny">b</button></div>',
            ".tiny { width: 16px; height: 16px; padding: 0; margin: 0;"
            " border: 0; font-size: 10px }",
        )
    )
    with pytest.raises(
        AssertionError,
        match=r"2.5.8 Target Size(.|\n)*button.tiny:nth-of-type"
        r"\(1\) \"a\": 16.0x16.0 CSS px",
    ):
        assert_target_size(page)


def test_target_size_spacing_exception(page):
    page.set_content(
        html(
            '<button class="tiny">a</button><p>gap</p><button class="tiny">b</button>',
            ".tiny { width: 16px; height: 16px; padding: 0; display: block; margin: 2rem }",
        )
    )
    assert_target_size(page)


def test_focus_visible_passes_default_outlines(page):
    page.set_content(html('<a href="/a">One</a> <button>Two</button> <input aria-label="Three">'))
    assert_focus_visible(page)


def test_focus_visible_fails_without_outline(page):
    page.set_content(
        html(
            '<a href="/a">One</a> <button class="flat">Two</button>',
            ".flat { outline: none !important; border: 0; background: #eee }",
        )
    )
    with pytest.raises(
        AssertionError,
        match=r"2.4.7 Focus Visible: 1 of 2 keyboard stops(.|\n)*"
        r"button.flat \"Two\": looks the same focused and unfocused",
    ):
        assert_focus_visible(page)


def test_focus_visible_fails_on_hidden_focusable(page):
    page.set_content(
        html('<a href="/a">One</a><a class="ghost" href="/b">Ghost</a>', ".ghost { opacity: 0 }")
    )
    with pytest.raises(
        AssertionError,
        match=re.escape('a.ghost:nth-of-type(2) "Ghost": focusable but is invisible'),
    ):
        assert_focus_visible(page)


def test_focus_visible_accepts_an_indicator_drawn_by_a_parent(page):
    page.set_content(
        html(
            '<div class="wrap"><button class="flat">Go</button></div>',
            ".flat { outline: none; border: 0 } .wrap:focus-within { box-shadow: 0 0 0 3px black }",
        )
    )
    assert_focus_visible(page)
