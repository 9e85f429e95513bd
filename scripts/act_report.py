"""Run the QA kit's checks on every example of ACT rules and write an implementation report.

    .venv/bin/python scripts/act_report.py RULES_FOLDER [--out docs]

RULES_FOLDER holds rule files in the ACT Rules format (`_rules/*.md`, or `*.md` in the folder
itself) and, when examples need them, `test-assets/`: the ACT Rules Community Group's
repository, or a copy of it. Each example (a fenced `html` or `svg` block under a "Passed",
"Failed" or "Inapplicable" heading) is served at http://act.test/ in headless Chromium
(1280x1024) and the kit's check for its rule runs on it: a check that raises has failed the
example. The examples are read, never copied: their licence wants its notice kept with them.

Writes OUT/act-report.json (EARL assertions in JSON-LD, as ACT implementation reports are
published, with each rule's consistency) and OUT/act-report.md (a table per rule). Rules the
kit has no check for are listed as untested.
"""

import argparse
import json
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

ORIGIN = "http://act.test"
VIEWPORT = {"width": 1280, "height": 1024}
HEADING = re.compile(r"^#### (Passed|Failed|Inapplicable) Example (\d+)\s*$")
FENCE = re.compile(r"^```(\w+)\s*$")
EXPECTED = {"Passed": "passed", "Failed": "failed", "Inapplicable": "inapplicable"}
TYPES = {"html": "text/html", "svg": "image/svg+xml"}
PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ACT example</title>'
    "</head><body>{code}</body></html>"
)


def check_text_spacing(page):
    from reader.testing import assert_text_spacing

    assert_text_spacing(page)


def check_zoomed_text(page):
    """59br37 is 1.4.4 at 200% zoom: a 1280x1024 screen zoomed 200% is 640x512 CSS px."""
    from reader.testing import assert_reflows

    page.set_viewport_size({"width": 640, "height": 512})
    assert_reflows(page, width=640)


def check_zoomable(page):
    from reader.testing import assert_zoomable

    assert_zoomable(page)


def check_focus_visible(page):
    from reader.testing import assert_focus_visible

    assert_focus_visible(page)


# Rule id: (the kit's check as named in the report, the function running it).
CHECKS = {
    "24afc2": ("assert_text_spacing", check_text_spacing),
    "9e45ec": ("assert_text_spacing", check_text_spacing),
    "78fd32": ("assert_text_spacing", check_text_spacing),
    "59br37": ("assert_reflows (640x512: 200% zoom)", check_zoomed_text),
    "b4f0c3": ("assert_zoomable", check_zoomable),
    "oj04fd": ("assert_focus_visible", check_focus_visible),
}


def parse_rule(path: Path) -> dict:
    """A rule file's id, name and examples: [{kind, number, language, code}]."""
    text = path.read_text(encoding="utf-8")
    front = text.split("---", 2)[1] if text.startswith("---") else ""
    meta = dict(re.findall(r"^(id|name):\s*(.+)$", front, flags=re.MULTILINE))
    examples, current, code = [], None, None
    for line in text.splitlines():
        if code is not None:
            if line.startswith("```"):
                examples.append({**current, "code": "\n".join(code)})
                current, code = None, None
            else:
                code.append(line)
        elif heading := HEADING.match(line):
            current = {"kind": heading[1], "number": int(heading[2])}
        elif current and (fence := FENCE.match(line)):
            current["language"] = fence[1]
            code = []
    return {
        "id": meta.get("id", path.stem),
        "name": meta.get("name", path.stem),
        "examples": examples,
    }


def rule_files(folder: Path) -> list[Path]:
    inside = folder / "_rules"
    return sorted((inside if inside.is_dir() else folder).glob("*.md"))


def document_of(example: dict) -> tuple[str, str]:
    """The body and content type the example is served with: fragments get a page around them."""
    language, code = example.get("language", "html"), example["code"]
    if language == "html" and not re.match(r"\s*(<!doctype|<html)", code, flags=re.IGNORECASE):
        code = PAGE.format(code=code)
    return code, TYPES.get(language, "text/plain")


def serve(page, folder: Path, example: dict) -> None:
    body, content_type = document_of(example)
    assets = folder / "test-assets"

    def handle(route):
        path = route.request.url.removeprefix(ORIGIN).split("?")[0]
        if path == "/example":
            return route.fulfill(body=body, content_type=content_type)
        file = (folder / path.lstrip("/")).resolve()
        if path.startswith("/test-assets/") and file.is_relative_to(assets.resolve()):
            if file.is_file():
                return route.fulfill(path=str(file))
        return route.fulfill(status=404, body="")

    page.route(f"{ORIGIN}/**", handle)
    page.route(re.compile(r"^(?!http://act\.test/)"), lambda route: route.abort())
    page.goto(f"{ORIGIN}/example")


def outcome_of(browser, folder: Path, example: dict, check) -> tuple[str, str]:
    """('failed', the message's first lines), ('passed', '') or ('cantTell', the error)."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        serve(page, folder, example)
        check(page)
        return "passed", ""
    except AssertionError as failure:
        return "failed", "\n".join(str(failure).splitlines()[:3])
    except Exception as error:  # noqa: BLE001  (the check broke: say so, go on)
        return "cantTell", f"{type(error).__name__}: {str(error).splitlines()[0]}"
    finally:
        context.close()


def consistency(results: list[dict]) -> str:
    """ACT's terms: a false alarm on a Passed or Inapplicable example is inconsistent; every
    Failed example failed is consistent; else, with some failure caught, partially consistent."""
    if any(r["expected"] != "failed" and r["outcome"] == "failed" for r in results):
        return "inconsistent"
    failed = [r for r in results if r["expected"] == "failed"]
    if all(r["outcome"] == "failed" for r in failed):
        return "consistent"
    return "partially consistent" if any(r["outcome"] == "failed" for r in failed) else "untested"


def run(folder: Path, browser=None) -> list[dict]:
    """Every rule of `folder` with its examples' outcomes, in `browser` (else a Chromium of
    its own)."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        from reader.testing.plugin import CHROMIUM_ARGS, system_chromium

        with sync_playwright() as playwright:
            own = playwright.chromium.launch(executable_path=system_chromium(), args=CHROMIUM_ARGS)
            try:
                return run(folder, own)
            finally:
                own.close()
    rules = []
    for path in rule_files(folder):
        rule = parse_rule(path)
        name, check = CHECKS.get(rule["id"], (None, None))
        results = []
        for example in rule["examples"] if check else []:
            outcome, message = outcome_of(browser, folder, example, check)
            results.append(
                {
                    "example": f"{example['kind']} Example {example['number']}",
                    "expected": EXPECTED[example["kind"]],
                    "outcome": outcome,
                    "message": message,
                }
            )
        verdict = consistency(results) if check else "untested"
        rules.append(
            {
                **rule,
                "check": name,
                "results": results,
                "consistency": verdict,
                "browser": f"Chromium {browser.version}",
            }
        )
        print(f"{rule['id']}: {verdict}", file=sys.stderr)
    return rules


def earl(rules: list[dict], source: str) -> dict:
    """EARL assertions in JSON-LD, one per example, plus each rule's consistency."""
    assertor = {"@type": "earl:Assertor", "title": "reader.testing (the reader QA kit)"}
    graph = []
    for rule in rules:
        for result in rule["results"]:
            anchor = result["example"].lower().replace(" ", "-")
            graph.append(
                {
                    "@type": "earl:TestSubject",
                    "source": f"https://act-rules.github.io/rules/{rule['id']}#{anchor}",
                    "assertions": [
                        {
                            "@type": "earl:Assertion",
                            "mode": "earl:automatic",
                            "assertedBy": assertor,
                            "test": {"@type": "earl:TestCase", "title": rule["check"]},
                            "result": {
                                "@type": "earl:TestResult",
                                "outcome": f"earl:{result['outcome']}",
                                "info": result["message"],
                            },
                            "expected": f"earl:{result['expected']}",
                        }
                    ],
                }
            )
    return {
        "@context": "https://act-rules.github.io/earl-context.json",
        "assertor": assertor,
        "rules_source": source,
        "browser": rules[0]["browser"] if rules else None,
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "consistency": {
            r["id"]: {"name": r["name"], "check": r["check"], "consistency": r["consistency"]}
            for r in rules
        },
        "@graph": graph,
    }


def markdown(rules: list[dict], source: str) -> str:
    lines = [
        "# ACT Rules implementation report",
        "",
        f"The QA kit's checks on every example of the ACT rules in {source}, in "
        f"{rules[0]['browser'] if rules else 'Chromium'} at 1280x1024, written by "
        "`scripts/act_report.py` (with `act-report.json`, EARL assertions). A check fails an "
        "example when it raises. **Consistent**: every Failed example failed, no Passed or "
        "Inapplicable one did; **partially consistent**: no false alarm, some failures "
        "missed; **inconsistent**: a false alarm.",
        "",
        "| rule | check | consistency | Passed | Failed caught | Inapplicable |",
        "|---|---|---|---|---|---|",
    ]
    for rule in rules:
        if not rule["check"]:
            lines.append(f"| {rule['id']} {rule['name']} | none | untested | | | |")
            continue
        cells = []
        for kind in ("passed", "failed", "inapplicable"):
            mine = [r for r in rule["results"] if r["expected"] == kind]
            right = [r for r in mine if (r["outcome"] == "failed") == (kind == "failed")]
            cells.append(f"{len(right)}/{len(mine)}")
        lines.append(
            f"| {rule['id']} {rule['name']} | `{rule['check']}` | {rule['consistency']} | "
            + " | ".join(cells)
            + " |"
        )
    lines += ["", "## Each example", ""]
    for rule in rules:
        if not rule["results"]:
            continue
        lines += [f"### {rule['id']} {rule['name']}", "", "| example | expected | outcome |"]
        lines.append("|---|---|---|")
        for r in rule["results"]:
            mark = "" if (r["outcome"] == "failed") == (r["expected"] == "failed") else " ✗"
            lines.append(f"| {r['example']} | {r['expected']} | {r['outcome']}{mark} |")
        lines.append("")
    return "\n".join(lines)


def write_report(folder: Path, out: Path, source: str | None = None, browser=None) -> list:
    """Run every rule of `folder`; write out/act-report.json and out/act-report.md."""
    commit = folder / "COMMIT"
    source = source or (
        f"act-rules/act-rules.github.io at commit {commit.read_text().strip()}"
        if commit.is_file()
        else folder.name
    )
    rules = run(folder, browser)
    out.mkdir(parents=True, exist_ok=True)
    (out / "act-report.json").write_text(
        json.dumps(earl(rules, source), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (out / "act-report.md").write_text(markdown(rules, source) + "\n", encoding="utf-8")
    return rules


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rules_folder", type=Path)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "docs")
    parser.add_argument("--source", help="how the report names the rules (default: the commit)")
    args = parser.parse_args(argv)
    folder = args.rules_folder.resolve()
    if not rule_files(folder):
        parser.error(f"no rule files (*.md) in {folder} or {folder / '_rules'}")
    rules = write_report(folder, args.out, args.source)
    tested = [r for r in rules if r["check"]]
    return 0 if all(r["consistency"] == "consistent" for r in tested) else 1


if __name__ == "__main__":
    sys.exit(main())
