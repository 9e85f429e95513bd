"""The conformance matrix: which cells (page x text size x width x JS x media, and colour theme)
are checked, and how one cell is run. Used by tests/browser/qa/test_matrix.py and
`python -m reader.testing.report`.

Sampling (deterministic): the smallest, default and largest sizes are fully crossed with every
page, width, JS and media value; each other size is checked once on every page, with the
(width, JS, media) combination rotating, so every pair of values of any two dimensions appears in
at least one cell. A portal page without JavaScript shows no toolbar and cannot change size, so
its cells collapse into one per width and media.

Colour themes: every cell above is at the default theme ("automatic", light here); each other
theme is checked on the article (the page with the toolbar) at 100% and 300%, with JavaScript,
its width alternating. Forced colours replace every theme, so they are not crossed with it.
"""

import itertools
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from playwright.sync_api import Browser, Page

from reader.choices import CHOICES_BY_NAME
from reader.scale import DEFAULT_SCALE, SCALE_STEPS
from reader.testing import _js
from reader.testing._page import SCALE_CHANGED_JS, current_scale, install_helpers
from reader.testing.axe import assert_accessible
from reader.testing.focus import assert_focus_visible
from reader.testing.layout import assert_reflows, assert_target_size, assert_text_spacing
from reader.testing.zoom import assert_zoomable

EMBED_SEED_JS = _js.load("embed-seed.js")
KEYBOARD_START_JS = _js.load("keyboard-start.js")
ACTIVE_TEXT_JS = _js.load("active-text.js")

PAGES = ("list", "article", "print", "iframe", "host")
PAGE_NAMES = {
    "list": "article list",
    "article": "article",
    "print": "print view",
    "iframe": "iframe embed",
    "host": "portal page with the script embed",
}
WIDTHS = (320, 1280)
SCRIPTING = (True, False)
MEDIA = ("default", "forced")  # forced: forced-colors active and prefers-reduced-motion reduce
CROSSED = (SCALE_STEPS[0], DEFAULT_SCALE, SCALE_STEPS[-1])
CHECKS = ("axe", "reflow", "text spacing", "target size", "focus visible", "keyboard toolbar")
TOOLBAR_PAGES = ("article", "iframe", "host")
THEME = CHOICES_BY_NAME["theme"]
THEMED = tuple(code for code in THEME.codes if code != THEME.default)
THEME_SIZES = (DEFAULT_SCALE, SCALE_STEPS[-1])
THEME_PAGES = ("list", "article", "print", "iframe")  # the portal page keeps its own colours


@dataclass(frozen=True, order=True)
class Cell:
    page: str
    size: int
    width: int
    js: bool
    media: str
    theme: str = THEME.default

    @property
    def id(self) -> str:
        theme = "" if self.theme == THEME.default else f"-theme-{self.theme}"
        return (
            f"{self.page}-{self.size}-{self.width}px-{'js' if self.js else 'nojs'}-{self.media}"
            + theme
        )

    def describe(self) -> str:
        media = (
            "forced-colors: active, prefers-reduced-motion: reduce"
            if self.media == "forced"
            else "no media emulation"
        )
        return (
            f"{PAGE_NAMES[self.page]} at text size {self.size}%, {self.width} CSS px wide, "
            f"JavaScript {'on' if self.js else 'off'}, {media}, "
            f"colours {THEME.label_of(self.theme).lower()}"
        )


def all_cells() -> list[Cell]:
    plain = itertools.product(PAGES, SCALE_STEPS, WIDTHS, SCRIPTING, MEDIA)
    themed = itertools.product(THEME_PAGES, THEME_SIZES, WIDTHS, SCRIPTING, ("default",), THEMED)
    return [Cell(*values) for values in plain] + [Cell(*values) for values in themed]


def theme_cells() -> list[Cell]:
    """Each theme other than the default on the article at 100% and 300%, widths alternating."""
    return [
        Cell("article", size, WIDTHS[(t_index + s_index) % len(WIDTHS)], True, "default", theme)
        for t_index, theme in enumerate(THEMED)
        for s_index, size in enumerate(THEME_SIZES)
    ]


def sampled_cells() -> list[Cell]:
    combos = list(itertools.product(WIDTHS, SCRIPTING, MEDIA))
    cells = {Cell(p, s, *c) for p in PAGES for s in CROSSED for c in combos}
    middle = [s for s in SCALE_STEPS if s not in CROSSED]
    for p_index, page in enumerate(PAGES):
        # The portal page only has a size with JavaScript (see below): rotate through those.
        rotation = [c for c in combos if c[1]] if page == "host" else combos
        for s_index, size in enumerate(middle):
            cells.add(Cell(page, size, *rotation[(s_index + 3 * p_index) % len(rotation)]))
    # Without JavaScript a portal page has no toolbar: every size is the portal's own.
    cells = {replace(c, size=DEFAULT_SCALE) if c.page == "host" and not c.js else c for c in cells}
    return sorted(cells | set(theme_cells()))


@dataclass
class Site:
    """Where the pages are, and how to give a new reader a stored text size."""

    reader_url: str
    portal_url: str | None
    slug: str
    # (size, place) -> a reader id with that size stored, signed for that place: "site" (our
    # pages), "frame" (the iframe) or the portal's origin (the script embed); for the theme
    # cells also `choices=` in their stored form, e.g. "td"
    new_reader: Callable[..., str]
    reader_cookie: str = "reader_id"
    frame_cookie: str = "reader_frame_id"

    def url(self, page: str) -> str | None:
        return {
            "list": f"{self.reader_url}/",
            "article": f"{self.reader_url}/articles/{self.slug}",
            "print": f"{self.reader_url}/articles/{self.slug}/print",
            "iframe": f"{self.reader_url}/embed/articles/{self.slug}",
            "host": f"{self.portal_url}/" if self.portal_url else None,
        }[page]


@dataclass
class CellResult:
    cell: Cell
    url: str
    scale: int | None = None
    failures: dict[str, str] = field(default_factory=dict)
    passed: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures

    def message(self) -> str:
        lines = [f"{self.cell.describe()} ({self.url}): {len(self.failures)} check(s) failed"]
        for check, text in self.failures.items():
            lines.append(f"[{check}] {text}")
        return "\n".join(lines)


def block_scripts(route):
    """JavaScript off, as the page sees it: none of its scripts load.

    Playwright's `java_script_enabled=False` also stops axe's timers, so the checks could not
    run. Our pages and the sample portal have no inline script (strict CSP) and no <noscript>,
    so refusing every script file gives the page exactly what a browser without JS renders.
    """
    if route.request.resource_type == "script":
        route.abort()
    else:
        route.fallback()


def open_cell(browser: Browser, site: Site, cell: Cell):
    """A fresh context for the cell, its reader's size stored, and the page loaded."""
    context = browser.new_context(
        viewport={"width": cell.width, "height": 800},
        locale="vi-VN",
        forced_colors="active" if cell.media == "forced" else "none",
        reduced_motion="reduce" if cell.media == "forced" else "no-preference",
    )
    if not cell.js:
        context.route("**/*", block_scripts)
    themed = {} if cell.theme == THEME.default else {"choices": f"{THEME.key}{cell.theme}"}
    context.add_cookies(
        [
            {
                "name": site.reader_cookie,
                "value": site.new_reader(cell.size, "site", **themed),
                "url": site.reader_url,
            },
            {
                "name": site.frame_cookie,
                "value": site.new_reader(cell.size, "frame", **themed),
                "url": site.reader_url,
            },
        ]
    )
    if cell.page == "host":
        from urllib.parse import urlsplit

        origin = "{0.scheme}://{0.netloc}".format(urlsplit(site.reader_url))
        portal = "{0.scheme}://{0.netloc}".format(urlsplit(site.portal_url))
        reader = site.new_reader(cell.size, portal)  # an id is read only where it was issued
        context.add_init_script(_js.call(EMBED_SEED_JS, origin, reader, cell.size))
    page = context.new_page()
    page.goto(site.url(cell.page))
    if cell.page == "host" and cell.js:
        page.locator("[data-reader-toolbar] [role=status]").wait_for()
    return context, page


def operate_toolbar_by_keyboard(page: Page, js: bool) -> None:
    """Tab to the size button that can move, press Enter: the size and status change."""
    install_helpers(page)
    before = current_scale(page)
    name = "Giảm cỡ chữ" if before == SCALE_STEPS[-1] else "Tăng cỡ chữ"
    page.evaluate(KEYBOARD_START_JS)
    for _ in range(60):
        page.keyboard.press("Tab")
        label = page.evaluate(ACTIVE_TEXT_JS)
        if name in label:
            break
    else:
        raise AssertionError(f'WCAG 2.1.1 Keyboard: Tab never reaches the "{name}" button')
    page.keyboard.press("Enter")
    try:
        page.wait_for_function(SCALE_CHANGED_JS, arg=before, timeout=5000)
    except Exception as error:  # noqa: BLE001  (a timeout is the finding)
        raise AssertionError(
            f'WCAG 2.1.1 Keyboard: Enter on "{name}" did not change the text size from {before}%'
        ) from error
    after = current_scale(page)
    if js:
        active = page.evaluate(ACTIVE_TEXT_JS)
        if name not in active:
            raise AssertionError(
                f'WCAG 2.4.3 Focus Order: after Enter on "{name}" ({before}% '
                f'-> {after}%) focus moved to "{active.strip()[:40]}"'
            )


def run_cell(
    browser: Browser, site: Site, cell: Cell, *, screenshot: str | None = None
) -> CellResult:
    """Every check on one cell; failures are collected, not raised, so all are reported."""
    started = time.perf_counter()
    result = CellResult(cell, site.url(cell.page) or "")
    context, page = open_cell(browser, site, cell)
    try:
        result.scale = current_scale(page)
        expected = cell.size if (cell.page != "host" or cell.js) else None
        if result.scale != expected:
            result.failures["set-up"] = (
                f"{page.url} shows text size {result.scale}%, expected {expected}%"
            )
            return result
        if screenshot:
            page.screenshot(path=screenshot, full_page=True)
        checks = {
            "axe": lambda: assert_accessible(page),
            "zoomable": lambda: assert_zoomable(page),
            "reflow": lambda: assert_reflows(page, width=cell.width),
            "text spacing": lambda: assert_text_spacing(page),
            "target size": lambda: assert_target_size(page),
            "focus visible": lambda: assert_focus_visible(page),
            "keyboard toolbar": lambda: operate_toolbar_by_keyboard(page, cell.js),
        }
        for name, check in checks.items():
            if name == "keyboard toolbar" and (
                cell.page not in TOOLBAR_PAGES or (cell.page == "host" and not cell.js)
            ):
                result.skipped[name] = "no toolbar on this page"
                continue
            try:
                check()
                result.passed.append(name)
            except AssertionError as error:
                result.failures[name] = str(error)
    finally:
        context.close()
        result.seconds = time.perf_counter() - started
    return result


def new_reader_factory(app) -> Callable[[int, str], str]:
    """Store a fresh reader with `size` in `app`'s database; returns its id signed for `place`
    (our site, the iframe or a portal origin: `reader.tokens`)."""
    from reader.db import session
    from reader.models import ReaderPreference
    from reader.tokens import sign_reader_id

    def new_reader(size: int, place: str, choices: str = "") -> str:
        reader_id = secrets.token_urlsafe(32)
        with app.test_request_context():
            session().add(ReaderPreference(reader_id=reader_id, font_scale=size, choices=choices))
            session().commit()
            return sign_reader_id(reader_id, place)

    return new_reader
