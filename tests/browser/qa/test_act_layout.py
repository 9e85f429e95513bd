"""The layout checks against the cases of the W3C ACT rules for their criteria (24afc2, 9e45ec,
78fd32 text spacing; 59br37 zoomed text; b4f0c3 meta viewport), on small pages of our own
written after the rules' examples: each check catches the failure and stays quiet on the pass."""

import re

import pytest

from reader.testing import (
    assert_reflows,
    assert_text_spacing,
    assert_zoomable,
)
from reader.testing.zoom import viewport_problems
from tests.browser.qa.test_plugin_checks import html

SENTENCE = "The toy brought back fond memories of being lost in the rain forest."


def test_text_spacing_names_the_style_attribute_that_blocks_it(page):
    page.set_content(
        html(
            f'<p class="l" style="letter-spacing: 0.1em !important">{SENTENCE}</p>'
            f'<p class="w" style="word-spacing: normal !important">{SENTENCE}</p>'
            f'<p class="h" style="line-height: 1.2 !important; max-width: 200px">{SENTENCE}</p>'
        )
    )
    with pytest.raises(AssertionError) as failure:
        assert_text_spacing(page)
    message = str(failure.value)
    assert "WCAG 1.4.12 Text Spacing" in message
    assert re.search(
        r'p\.l:nth-of-type\(1\) "The toy.*": letter-spacing stays 1\.60px, '
        r"under 0\.12 x 16px = 1\.92px: "
        r'blocked by style attribute "letter-spacing: 0\.1em !important"',
        message,
    )
    assert (
        'p.w:nth-of-type(2) "The toy' in message and '"word-spacing: normal !important"' in message
    )
    assert 'p.h:nth-of-type(3) "The toy' in message and '"line-height: 1.2 !important"' in message
    assert page.evaluate("document.adoptedStyleSheets.length") == 0


def test_text_spacing_wins_over_style_sheets_and_accepts_wide_enough_attributes(page):
    page.set_content(
        html(
            f'<p class="sheet">{SENTENCE}</p>'
            f'<p style="letter-spacing: 3px !important; word-spacing: 0.2em !important;'
            f' line-height: 2em !important; font-size: 25px; max-width: 200px">{SENTENCE}</p>'
            f'<p style="letter-spacing: 0.1em"><span style="letter-spacing: inherit !important">'
            f"{SENTENCE}</span></p>"
            f'<div style="overflow-x: scroll"><p style="line-height: 1em !important;'
            f' width: 1000px">{SENTENCE}</p></div>'
            f'<p style="display: none; letter-spacing: 0 !important">{SENTENCE}</p>'
            f'<p style="position: absolute; top: -999em; word-spacing: 0 !important">'
            f"{SENTENCE}</p>",
            "p.sheet { letter-spacing: 0.1em !important; line-height: 1 !important }",
        )
    )
    assert_text_spacing(page)


def test_reflows_accepts_ellipsis_one_line_boxes_and_aria_hidden_text(page):
    page.set_content(
        html(
            f'<div class="ellipsis">{SENTENCE * 3}</div><div class="line">{SENTENCE * 3}</div>'
            f'<div class="cut" aria-hidden="true">{SENTENCE * 3}</div>',
            ".ellipsis { white-space: nowrap; overflow: hidden; text-overflow: ellipsis }"
            " .line { overflow: hidden; height: 16px; line-height: 16px; font-size: 16px }"
            " .cut { overflow: hidden; height: 4px }",
        )
    )
    assert_reflows(page)


@pytest.mark.parametrize(
    "style",
    [
        "overflow-y: hidden; height: 10px; white-space: nowrap; text-overflow: ellipsis",
        "overflow-x: hidden; white-space: nowrap; text-overflow: clip; width: 50px;"
        " height: 16px; line-height: 16px",
    ],
    ids=["shorter-than-its-line", "nowrap-without-ellipsis"],
)
def test_reflows_still_fails_on_clipping_the_rule_does_not_accept(page, style):
    page.set_content(html(f'<div class="box">{SENTENCE * 3}</div>', f".box {{ {style} }}"))
    with pytest.raises(AssertionError, match=r"text is clipped(.|\n)*div\.box \"The toy"):
        assert_reflows(page)


def test_reflows_checks_200_percent_zoom_first(page):
    """Clipping that only happens 640 CSS px wide (1280 px at 200%) is a 1.4.4 failure."""
    page.set_content(
        html(
            f'<div class="box">{SENTENCE * 4}</div>',
            "@media (min-width: 500px) and (max-width: 640px) {"
            " .box { height: 1.5em; overflow: hidden } }",
        )
    )
    assert_reflows(page, zoom_200=False)
    with pytest.raises(
        AssertionError,
        match=r"WCAG 1\.4\.4 Resize Text: text is clipped at 200% zoom \(640x512 CSS px\)"
        r"(.|\n)*div\.box",
    ):
        assert_reflows(page)
    assert page.viewport_size["width"] == 640


@pytest.mark.parametrize(
    ("content", "problems"),
    [
        ("width=device-width, initial-scale=1", []),
        ("user-scalable=yes", []),
        ("user-scalable=5", []),
        ("maximum-scale=2.0", []),
        ("maximum-scale=-1", []),
        ("maximum-scale=device-width", []),
        ("", []),
        ("user-scalable=no", ["user-scalable=no stops zooming"]),
        ("user-scalable=0.5", ["user-scalable=0.5 stops zooming"]),
        ("user-scalable=invalid", ["user-scalable=invalid stops zooming"]),
        ("maximum-scale=yes", ["maximum-scale=yes stops zooming before 200%"]),
        (
            "user-scalable=yes, initial-scale=0.8; Maximum-Scale = 1.5",
            ["maximum-scale=1.5 stops zooming before 200%"],
        ),
    ],
)
def test_viewport_content_read_as_act_rule_b4f0c3(content, problems):
    assert viewport_problems(content) == problems


def test_zoomable_fails_on_a_viewport_that_stops_zooming(page):
    page.set_content(
        '<!doctype html><html lang="en"><head><title>Fixed</title>'
        '<meta name="viewport" content="width=device-width, user-scalable=no, maximum-scale=1">'
        "</head><body><p>Text</p></body></html>"
    )
    with pytest.raises(
        AssertionError,
        match=r"WCAG 1\.4\.4 Resize Text: the viewport meta element stops zooming:\n"
        r".*user-scalable=no stops zooming\n.*maximum-scale=1 stops zooming before 200%",
    ):
        assert_zoomable(page)
    page.set_content(html("<p>Text</p>"))
    assert_zoomable(page)
