"""`ReaderToolbar`: the reading toolbar as a page object, on our pages or a portal's.

Our pages render it as `section[data-module="reader-toolbar"]`; a portal's script embed puts it
in an open shadow root under `[data-reader-toolbar]`. Playwright's CSS and role locators pierce
open shadow roots, so one set of locators finds both.

On our pages everything but "Smaller text" and "Larger text" sits in the "Options" disclosure
(`details`); the page object opens it before pressing what is inside (the embed has none).
"""

import re

from playwright.sync_api import Locator, Page, expect

from reader.testing import _js
from reader.testing._page import SCALE_CHANGED_JS, current_scale

ROOT = 'section[data-module="reader-toolbar"], [data-reader-toolbar]'
INCREASE = re.compile(r"Tăng cỡ chữ|Larger text")
DECREASE = re.compile(r"Giảm cỡ chữ|Smaller text")
RESET = re.compile(r"Cỡ chữ mặc định|Default size")
PRINT = re.compile(r"^\W*(In bài viết|In|Print)\s*$")
SHARE = re.compile(r"Chia sẻ|Share")
SIZE_TEXT = re.compile(r"\d+\s*%")
OPTIONS = "details.reader-toolbar__options"

PRINT_STUB_JS = _js.load("toolbar-print-stub.js")
PRINTED_JS = _js.load("toolbar-printed.js")


class ReaderToolbar:
    """The toolbar on `page`; `index` picks one when a page has several."""

    def __init__(self, page: Page, index: int = 0):
        self.page = page
        self.root = page.locator(ROOT).nth(index)

    # The controls ---------------------------------------------------------------------------
    @property
    def increase_button(self) -> Locator:
        return self.root.get_by_role("button", name=INCREASE)

    @property
    def decrease_button(self) -> Locator:
        return self.root.get_by_role("button", name=DECREASE)

    @property
    def reset_button(self) -> Locator:
        return self.root.get_by_role("button", name=RESET)

    @property
    def status(self) -> Locator:
        return self.root.get_by_role("status")

    @property
    def print_control(self) -> Locator:
        """Our pages' print link (a print view without JS), or the embed's print button."""
        return (
            self.root.locator("[data-reader-print]")
            .or_(self.root.get_by_role("button", name=PRINT))
            .first
        )

    @property
    def share_control(self) -> Locator:
        """Native share where the browser has it, else the share menu's summary."""
        return (
            # our share menu, or the script embed's
            self.root.locator("[data-reader-share-menu] > summary, details.share > summary")
            .or_(self.root.get_by_role("button", name=SHARE))
            .filter(visible=True)
            .first
        )

    # Reading and acting ---------------------------------------------------------------------
    def open_options(self) -> None:
        """Open the "Options" disclosure, where there is one and it is closed."""
        options = self.root.locator(OPTIONS)
        if options.count() and options.first.get_attribute("open") is None:
            options.first.locator("> summary").click()
            expect(options.first).to_have_attribute("open", "")

    @property
    def scale(self) -> int:
        """The current text size in percent, as the page shows it.

        Waits until the toolbar shows a size: a script embed renders it after the page loads.
        """
        expect(self.status, "the reader toolbar shows no text size").to_have_text(SIZE_TEXT)
        scale = current_scale(self.page)
        if scale is None:
            raise AssertionError(f"{self.page.url}: the reader toolbar shows no text size")
        return scale

    def _press(self, button: Locator) -> int:
        """Click, then wait until both the status and the page's size have changed."""
        before_scale, before_status = self.scale, self.status.text_content()
        button.click()
        expect(self.status).not_to_have_text(before_status or "")
        self.page.wait_for_function(SCALE_CHANGED_JS, arg=before_scale)
        return self.scale

    def increase(self) -> int:
        """Press "Larger text"; returns the new size once the status and the page show it."""
        return self._press(self.increase_button)

    def decrease(self) -> int:
        """Press "Smaller text"; returns the new size."""
        return self._press(self.decrease_button)

    def reset(self) -> int:
        """Press "Default size"; returns the new size (100)."""
        self.open_options()
        return self._press(self.reset_button)

    def print(self) -> None:
        """Press print. With JS, window.print() is stubbed first so no dialog blocks the test."""
        self.page.evaluate(PRINT_STUB_JS)
        self.open_options()
        self.print_control.click()

    @property
    def printed(self) -> int:
        """How many times window.print() ran since `print()` stubbed it."""
        return self.page.evaluate(PRINTED_JS)

    def share(self) -> None:
        """Open sharing: the native sheet, or the menu of plain share links."""
        self.open_options()
        self.share_control.click()
