"""Keyboard checks: every control shows a focus indicator (WCAG 2.4.7, 2.4.11), none is hidden.

An indicator is what a person can see: the pixels of the focused element and `FOCUS_MARGIN`
CSS px around it, compared with the same place unfocused (ACT rule oj04fd). A style change
that draws nothing (`outline: 0 solid`, an `outline-offset` under `outline: none`) is none.
"""

import base64

from playwright.sync_api import Page

from reader.testing import _js
from reader.testing._page import fail, install_helpers

# An indicator: at least FOCUS_MIN_PIXELS CSS pixels in the element's box and FOCUS_MARGIN px
# around it that change, each by more than FOCUS_MIN_DELTA (of 255) in a colour channel. A
# 1px outline around a 24x24 target changes about a hundred; anti-aliasing noise changes none
# (the same page renders the same pixels), and a shift by a few levels is not seen.
FOCUS_MARGIN = 8
FOCUS_MIN_PIXELS = 12
FOCUS_MIN_DELTA = 24

START_JS = _js.load("focus-start.js")
STOP_JS = _js.load("focus-stop.js")
BLUR_JS = _js.load("focus-blur.js")
SCROLL_JS = _js.load("focus-scroll.js")
PIXELS_JS = _js.load("focus-pixels.js")


def _shot(page: Page, clip=None) -> str:
    png = page.screenshot(clip=clip, animations="disabled", scale="css", caret="hide")
    return base64.b64encode(png).decode("ascii")


def assert_focus_visible(
    page: Page, *, max_stops: int = 150, min_changed_pixels: int = FOCUS_MIN_PIXELS
) -> None:
    """Tab through the page from its top, whatever had focus: every stop is visible, not
    covered, and changes at least `min_changed_pixels` pixels of itself or its surroundings."""
    install_helpers(page)
    page.evaluate(START_JS)
    stops, problems, focused = [], [], {}
    for _ in range(max_stops):
        page.keyboard.press("Tab")
        stop = page.evaluate(STOP_JS, FOCUS_MARGIN)
        if stop is None or stop.get("repeat"):
            break
        stops.append(stop)
        if stop["hidden"]:
            problems.append({**stop, "problem": f"focusable but {stop['hidden']} (2.4.7/2.4.3)"})
            continue
        if stop["obscured"]:
            problems.append(
                {
                    **stop,
                    "problem": "entirely covered by other content when "
                    "focused (2.4.11 Focus Not Obscured)",
                }
            )
        if stop["box"]["width"] >= 1 and stop["box"]["height"] >= 1:
            focused[stop["index"]] = _shot(page, stop["box"])
    page.evaluate(BLUR_JS)
    # Unfocused: one screenshot per scroll position the walk passed through, of the area
    # around every stop focused there.
    by_scroll = {}
    for stop in stops:
        if stop["index"] in focused:
            by_scroll.setdefault(tuple(stop["scroll"]), []).append(stop)
    for scroll, group in by_scroll.items():
        page.evaluate(SCROLL_JS, list(scroll))
        left = min(stop["box"]["x"] for stop in group)
        top = min(stop["box"]["y"] for stop in group)
        area = {
            "x": left,
            "y": top,
            "width": max(s["box"]["x"] + s["box"]["width"] for s in group) - left,
            "height": max(s["box"]["y"] + s["box"]["height"] for s in group) - top,
        }
        counts = page.evaluate(
            PIXELS_JS,
            [
                _shot(page, area),
                area,
                [[focused[stop["index"]], stop["box"]] for stop in group],
                FOCUS_MIN_DELTA,
            ],
        )
        for stop, changed in zip(group, counts, strict=True):
            if changed < min_changed_pixels:
                problems.append(
                    {
                        **stop,
                        "problem": f"looks the same focused and unfocused ({changed} pixels "
                        f"change, in its box and {FOCUS_MARGIN}px around; "
                        f"{min_changed_pixels} needed)",
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
