"""Layout checks: reflow and zoom (WCAG 1.4.10, 1.4.4), text spacing (1.4.12), target size."""

from collections.abc import Iterable, Mapping

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


# A 1280x1024 screen zoomed to 200% lays pages out in 640x512 CSS px (WCAG 1.4.4, ACT 59br37);
# zoomed to 400%, in 320 CSS px wide (WCAG 1.4.10).
ZOOM_200 = {"width": 640, "height": 512}


def assert_reflows(page: Page, width: int = 320, *, zoom_200: bool = True) -> None:
    """At `width` CSS px: no horizontal scrolling and no clipped text (WCAG 1.4.10 Reflow).

    With `zoom_200` (the default), first at 640x512 CSS px, which is 1280x1024 zoomed to 200%:
    no clipped text (WCAG 1.4.4 Resize Text). Clipping ACT rule 59br37 accepts is not a
    failure: a line cut with an ellipsis, a box exactly one line high. The viewport is left
    `width` wide.
    """
    size = page.viewport_size or {"height": 800}
    height = size.get("height", 800)
    install_helpers(page)
    if zoom_200 and (size.get("width"), height) != (ZOOM_200["width"], ZOOM_200["height"]):
        page.set_viewport_size(ZOOM_200)
        clipped = overflowing(page)
        if clipped:
            fail(
                page, "1.4.4 Resize Text", "text is clipped at 200% zoom (640x512 CSS px):", clipped
            )
    if page.viewport_size != {"width": width, "height": height}:
        page.set_viewport_size({"width": width, "height": height})
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
# Inside a cascade layer, its !important declarations beat every unlayered author !important
# (CSS Cascade 5 reverses layer order for important declarations), whatever the selector. A
# style attribute's !important still wins: no author style sheet (nor a user's bookmarklet or
# extension) can override it, so the check reports it (ACT rules 24afc2, 9e45ec, 78fd32).
SPACING_METRICS = {"line": 1.5, "letter": 0.12, "word": 0.16, "paragraph": 2}
SPACING_CSS = (
    "@layer reader-qa-text-spacing {"
    " * { line-height: 1.5 !important; letter-spacing: 0.12em !important;"
    " word-spacing: 0.16em !important; }"
    " p { margin-block-end: 2em !important; } }"
)

SPACING_JS = _js.load("layout-spacing.js")
SPACING_REACHED_JS = _js.load("layout-spacing-reached.js")
SCROLL_WIDTH_JS = _js.load("layout-scroll-width.js")


def assert_text_spacing(page: Page) -> None:
    """With WCAG 1.4.12's spacing applied, every text element reaches it and no text is clipped
    or spills that did not before."""
    install_helpers(page)
    before = {item["selector"] for item in overflowing(page)}
    scroll_before = page.evaluate(SCROLL_WIDTH_JS)
    page.evaluate(SPACING_JS, [SPACING_CSS, True])
    try:
        blocked = page.evaluate(SPACING_REACHED_JS, SPACING_METRICS)
        lost = [item for item in overflowing(page) if item["selector"] not in before]
        box = page.evaluate(SCROLL_JS)
    finally:
        page.evaluate(SPACING_JS, [SPACING_CSS, False])
    if blocked:
        fail(
            page,
            "1.4.12 Text Spacing",
            "line-height 1.5, letter-spacing 0.12em and word-spacing 0.16em (times the font "
            "size) cannot be applied to this text; an author !important declaration keeps "
            "the spacing smaller:",
            blocked,
        )
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


def assert_target_size(
    page: Page,
    minimum: int = 24,
    *,
    equivalents: Mapping[str, str] | None = None,
    essential: Iterable[str] = (),
) -> None:
    """Every visible control is at least `minimum` CSS px square, or one of WCAG 2.5.8's
    exceptions covers it: spacing (24px circles), inline (in a sentence), user agent control
    (a form control no author style sizes), equivalent (a link to the same URL that meets 2.5.8,
    or the control `equivalents` maps its selector to) or essential (selectors in `essential`:
    the kit cannot judge that, whoever calls it does)."""
    install_helpers(page)
    small = page.evaluate(
        TARGETS_JS,
        {"minimum": minimum, "equivalents": dict(equivalents or {}), "essential": [*essential]},
    )
    if small:
        fail(
            page,
            "2.5.8 Target Size (Minimum)",
            f"controls smaller than {minimum}x{minimum} "
            "CSS px that no exception of 2.5.8 covers (spacing, inline, user agent control, "
            "equivalent, essential):",
            small,
        )
