"""What every check needs: where the page is, its text size, and elements described for people."""

from playwright.sync_api import Page

from reader.testing import _js

# The current text size in percent: our pages carry a marker; a script embed says it in its status.
SCALE_JS = _js.load("scale.js")
# For wait_for_function with the size before as its argument: true once the size differs.
SCALE_CHANGED_JS = _js.bind(_js.load("scale-changed.js"), SCALE_JS)

# Installed once per document: describe(el) gives a selector and a text snippet for messages;
# deepAll(selector) finds elements in the document and in every open shadow root.
HELPERS_JS = _js.load("helpers.js")


def install_helpers(page: Page) -> None:
    page.evaluate(HELPERS_JS)


def current_scale(page: Page) -> int | None:
    """The reader's text size on this page in percent, or None when it shows none."""
    return page.evaluate(SCALE_JS)


def where(page: Page) -> str:
    """`URL at text size N%`: the first words of every failure message."""
    scale = current_scale(page)
    size = f"{scale}%" if scale is not None else "unknown (no reader toolbar found)"
    return f"{page.url} at text size {size}"


def format_elements(items: list[dict], limit: int = 10) -> str:
    """One line per offending element: its selector, its text and what is wrong with it."""
    lines = [
        f'  - {item["selector"]} "{item.get("text", "")}": {item["problem"]}'
        for item in items[:limit]
    ]
    if len(items) > limit:
        lines.append(f"  ... and {len(items) - limit} more")
    return "\n".join(lines)


def fail(page: Page, criterion: str, summary: str, items: list[dict]) -> None:
    raise AssertionError(f"{where(page)}: WCAG {criterion}: {summary}\n{format_elements(items)}")
