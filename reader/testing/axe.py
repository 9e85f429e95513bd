"""axe-core (vendored, pinned) run in the page, with its violations turned into a message.

A strict CSP (`script-src 'self'`) blocks `page.add_script_tag(path=...)`, which Playwright adds
as an inline script. `page.evaluate` of the source runs through the DevTools protocol, which no
CSP governs, so it works on our pages and on any portal's without `bypass_csp`.
"""

from functools import cache
from pathlib import Path

from playwright.sync_api import Page

from reader.testing import _js
from reader.testing._page import format_elements, install_helpers, where

AXE_PATH = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
AXE_VERSION = "4.14.1"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")

RUN_JS = _js.load("axe-run.js")
LOADED_JS = _js.load("axe-loaded.js")


@cache
def axe_source() -> str:
    return AXE_PATH.read_text(encoding="utf-8")


def inject_axe(page: Page) -> None:
    """Put axe into the page once (again after each navigation)."""
    if not page.evaluate(LOADED_JS):
        page.evaluate(axe_source() + "\n;undefined")


def axe_results(
    page: Page, *, context=None, tags=WCAG_TAGS, disabled_rules=(), incomplete: bool = True
) -> dict[str, list[dict]]:
    """axe's `violations` and `incomplete` results (what it could not decide: text on a
    gradient or an image, content moved off screen inside aria-hidden...), each a list of
    id, impact, help, helpUrl, WCAG tags and nodes (target, html, summary)."""
    inject_axe(page)
    install_helpers(page)
    options = {
        "runOnly": {"type": "tag", "values": list(tags)},
        "rules": {rule: {"enabled": False} for rule in disabled_rules},
        "resultTypes": ["violations", "incomplete"] if incomplete else ["violations"],
    }
    return page.evaluate(RUN_JS, [context, options])


def axe_violations(page: Page, *, context=None, tags=WCAG_TAGS, disabled_rules=()) -> list[dict]:
    """axe's violations: id, impact, help, helpUrl, WCAG tags and nodes (target, html, summary)."""
    results = axe_results(
        page, context=context, tags=tags, disabled_rules=disabled_rules, incomplete=False
    )
    return results["violations"]


def criterion_of(violation: dict) -> str:
    """`1.4.3` from axe's tag `wcag143`; axe's own tag list when no criterion is named."""
    for tag in violation["tags"]:
        digits = tag[4:]
        if tag.startswith("wcag") and digits.isdigit() and len(digits) >= 3:
            return f"{digits[0]}.{digits[1]}.{digits[2:]}"
    return ",".join(violation["tags"]) or "best practice"


def format_violations(violations: list[dict]) -> str:
    blocks = []
    for v in violations:
        items = [
            {
                **(n["element"] or {"selector": " ".join(map(str, n["target"])), "text": ""}),
                "problem": f"{n['html'][:100]}: "
                + "; ".join(
                    line.strip() for line in (n["summary"] or "").splitlines() if line.strip()
                ),
            }
            for n in v["nodes"]
        ]
        blocks.append(
            f"WCAG {criterion_of(v)} [{v['id']}, {v['impact']}] {v['help']} "
            f"({v['helpUrl']})\n{format_elements(items, limit=5)}"
        )
    return "\n".join(blocks)


class AccessibilityViolations(AssertionError):
    """axe found violations (or, with incomplete="fail", results it could not decide);
    `.violations` and `.incomplete` hold them with their nodes."""

    def __init__(self, message: str, violations: list[dict], incomplete: list[dict] = ()):
        super().__init__(message)
        self.violations = violations
        self.incomplete = list(incomplete)


INCOMPLETE = ("fail", "report", "ignore")


def assert_accessible(
    page: Page, *, context=None, tags=WCAG_TAGS, disabled_rules=(), incomplete: str = "report"
) -> list:
    """axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation; `context` scopes it (axe's context).

    Raises AccessibilityViolations (an AssertionError) whose `.violations` are axe's, nodes and
    all; `axe_violations(page)` returns them without raising. `incomplete` says what to do with
    the results axe could not decide: "report" (the default) prints them, named by rule and
    node, and returns them; "fail" raises on them as on violations; "ignore" returns [].
    """
    if incomplete not in INCOMPLETE:
        raise ValueError(f"incomplete must be one of {INCOMPLETE}, not {incomplete!r}")
    results = axe_results(
        page,
        context=context,
        tags=tags,
        disabled_rules=disabled_rules,
        incomplete=incomplete != "ignore",
    )
    violations, undecided = results["violations"], results["incomplete"]
    blocks = []
    if violations:
        count = sum(len(v["nodes"]) for v in violations)
        blocks.append(
            f"axe-core {AXE_VERSION} found {len(violations)} violation(s) on "
            f"{count} element(s):\n{format_violations(violations)}"
        )
    if undecided:
        count = sum(len(v["nodes"]) for v in undecided)
        blocks.append(
            f"axe-core {AXE_VERSION} could not decide {len(undecided)} rule(s) on {count} "
            f"element(s) (incomplete: check them by hand):\n{format_violations(undecided)}"
        )
    if violations or (undecided and incomplete == "fail"):
        raise AccessibilityViolations(f"{where(page)}: " + "\n".join(blocks), violations, undecided)
    if undecided:
        print(f"{where(page)}: {blocks[-1]}")
    return undecided
