"""Layout checks: reflow (WCAG 1.4.10), text spacing (1.4.12) and target size (2.5.8)."""

from playwright.sync_api import Page

from reader.testing import _js
from reader.testing._page import fail, install_helpers

# Elements whose content does not fit their box: clipped (overflow hidden/clip) or spilling out
# of a fixed-size box (overflow visible). Visually hidden elements (1px boxes) are left out.
OVERFLOWING_JS = _js.load("layout-overflowing.js")

SCROLL_JS = _js.load("layout-scroll.js")


def overflowing(page: Page) -> list[dict]:
    install_helpers(page)
    return page.evaluate(OVERFLOWING_JS)


def assert_reflows(page: Page, width: int = 320) -> None:
    """At `width` CSS px: no horizontal scrolling and no clipped text (WCAG 1.4.10 Reflow)."""
    size = page.viewport_size or {"height": 800}
    if not size or size.get("width") != width:
        page.set_viewport_size({"width": width, "height": size.get("height", 800)})
    install_helpers(page)
    box = page.evaluate(SCROLL_JS)
    if box["scroll"] > box["client"] + 1:
        fail(
            page,
            "1.4.10 Reflow",
            f"scrolls horizontally at {width} CSS px wide (content "
            f"{box['scroll']}px in a {box['client']}px viewport); widest elements:",
            box["widest"] or [{"selector": "html", "text": "", "problem": "wider than viewport"}],
        )
    clipped = overflowing(page)
    if clipped:
        fail(page, "1.4.10 Reflow", f"text is clipped at {width} CSS px wide:", clipped)


# WCAG 1.4.12's values, as a constructed stylesheet: a CSP without 'unsafe-inline' allows it.
SPACING_CSS = (
    "* { line-height: 1.5 !important; letter-spacing: 0.12em !important;"
    " word-spacing: 0.16em !important; }"
    " p { margin-block-end: 2em !important; }"
)

SPACING_JS = _js.load("layout-spacing.js")
SCROLL_WIDTH_JS = _js.load("layout-scroll-width.js")


def assert_text_spacing(page: Page) -> None:
    """With WCAG 1.4.12's spacing applied, no text is clipped or spills that did not before."""
    install_helpers(page)
    before = {item["selector"] for item in overflowing(page)}
    scroll_before = page.evaluate(SCROLL_WIDTH_JS)
    page.evaluate(SPACING_JS, [SPACING_CSS, True])
    try:
        lost = [item for item in overflowing(page) if item["selector"] not in before]
        box = page.evaluate(SCROLL_JS)
    finally:
        page.evaluate(SPACING_JS, [SPACING_CSS, False])
    if lost:
        fail(
            page,
            "1.4.12 Text Spacing",
            "content is lost with line-height 1.5, paragraph "
            "spacing 2em, letter-spacing 0.12em, word-spacing 0.16em:",
            lost,
        )
    if box["scroll"] > max(box["client"], scroll_before) + 1:
        fail(
            page,
            "1.4.12 Text Spacing",
            "the page scrolls sideways once text spacing is "
            f"increased ({box['scroll']}px in {box['client']}px):",
            box["widest"],
        )


TARGETS_JS = _js.load("layout-targets.js")


def assert_target_size(page: Page, minimum: int = 24) -> None:
    """Every visible control is at least `minimum` CSS px square, or spaced as 2.5.8 allows."""
    install_helpers(page)
    small = page.evaluate(TARGETS_JS, minimum)
    if small:
        fail(
            page,
            "2.5.8 Target Size (Minimum)",
            f"controls smaller than {minimum}x{minimum} "
            "CSS px without the spacing that 2.5.8 allows instead:",
            small,
        )
