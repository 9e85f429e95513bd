"""Keyboard checks: every control shows a focus indicator (WCAG 2.4.7, 2.4.11), none is hidden."""

from playwright.sync_api import Page

from reader.testing import _js
from reader.testing._page import fail, install_helpers

# The look of an element and its parent that a focus indicator may change.
LOOK_JS = _js.load("focus-look.js")
START_JS = _js.load("focus-start.js")
STOP_JS = _js.bind(_js.load("focus-stop.js"), LOOK_JS)
BLUR_JS = _js.load("focus-blur.js")
UNFOCUSED_LOOKS_JS = _js.bind(_js.load("focus-unfocused-looks.js"), LOOK_JS)
STOP_BOX_JS = _js.load("focus-stop-box.js")
STOP_BLUR_JS = _js.load("focus-stop-blur.js")


def assert_focus_visible(page: Page, *, max_stops: int = 150) -> None:
    """Tab through the page: every stop is visible, not covered, and looks focused."""
    install_helpers(page)
    page.evaluate(START_JS)
    stops, problems = [], []
    for _ in range(max_stops):
        page.keyboard.press("Tab")
        stop = page.evaluate(STOP_JS)
        if stop is None or stop.get("repeat"):
            break
        stops.append(stop)
        if stop["hidden"]:
            problems.append({**stop, "problem": f"focusable but {stop['hidden']} (2.4.7/2.4.3)"})
        elif stop["obscured"]:
            problems.append(
                {
                    **stop,
                    "problem": "entirely covered by other content when "
                    "focused (2.4.11 Focus Not Obscured)",
                }
            )
    page.evaluate(BLUR_JS)
    unfocused = page.evaluate(UNFOCUSED_LOOKS_JS)
    for stop, look in zip(stops, unfocused, strict=False):
        if stop["hidden"] or stop["focused"] != look:
            continue
        if not _differs_on_screen(page, stop["index"]):
            problems.append(
                {
                    **stop,
                    "problem": "looks the same focused and unfocused "
                    "(no outline, shadow, border or colour change)",
                }
            )
    if problems:
        fail(
            page,
            "2.4.7 Focus Visible",
            f"{len(problems)} of {len(stops)} keyboard stops "
            "have no visible focus indicator or are hidden:",
            problems,
        )


def _differs_on_screen(page: Page, index: int) -> bool:
    """Last resort for indicators drawn elsewhere (::after, an ancestor): compare pixels."""
    box = page.evaluate(STOP_BOX_JS, index)
    if box["width"] < 1 or box["height"] < 1:
        return False
    focused = page.screenshot(clip=box, animations="disabled")
    page.evaluate(STOP_BLUR_JS, index)
    return focused != page.screenshot(clip=box, animations="disabled")
