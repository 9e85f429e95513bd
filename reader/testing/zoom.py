"""Zoom: the page lets people zoom (WCAG 1.4.4 Resize Text, 1.4.10 Reflow; ACT rule b4f0c3)."""

import re

from playwright.sync_api import Page

from reader.testing import _js
from reader.testing._page import fail

VIEWPORTS_JS = _js.load("zoom-viewports.js")
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)")


def viewport_problems(content: str) -> list[str]:
    """What in a viewport meta's `content` stops zooming to 200%: `user-scalable` that
    translates to `user-zoom: fixed`, `maximum-scale` that translates to a `max-zoom` below 2
    (CSS Device Adaptation's translation, as ACT rule b4f0c3 reads it)."""
    pairs = {}
    for item in re.split(r"[,;]", content):
        key, _, value = item.partition("=")
        if key.strip():
            pairs[key.strip().lower()] = value.strip().lower()
    problems = []
    if "user-scalable" in pairs:
        value = pairs["user-scalable"]
        number = NUMBER.match(value)
        zooms = value in ("yes", "device-width", "device-height") or (
            number is not None and abs(float(number[0])) >= 1
        )
        if not zooms:
            problems.append(f"user-scalable={value} stops zooming")
    if "maximum-scale" in pairs:
        value = pairs["maximum-scale"]
        number = NUMBER.match(value)
        allowed = value in ("device-width", "device-height") or (
            number is not None and (float(number[0]) < 0 or float(number[0]) >= 2)
        )
        if not allowed:
            problems.append(f"maximum-scale={value} stops zooming before 200%")
    return problems


def assert_zoomable(page: Page) -> None:
    """No `<meta name="viewport">` stops zooming: no `user-scalable=no` (or 0, or an unknown
    value), no `maximum-scale` below 2."""
    items = [
        {"selector": 'meta[name="viewport"]', "text": content, "problem": problem}
        for content in page.evaluate(VIEWPORTS_JS)
        for problem in viewport_problems(content)
    ]
    if items:
        fail(page, "1.4.4 Resize Text", "the viewport meta element stops zooming:", items)
