"""scripts/act_report.py on rule files of our own in the ACT format (tests/fixtures/act-rules):
it parses them, serves their test assets, runs the kit's checks and writes both reports."""

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
RULES = ROOT / "tests" / "fixtures" / "act-rules"


def load_script():
    spec = importlib.util.spec_from_file_location("act_report", ROOT / "scripts" / "act_report.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_parse_rule_reads_every_example():
    rule = load_script().parse_rule(RULES / "_rules" / "letter-spacing-24afc2.md")
    assert rule["id"] == "24afc2"
    assert [(e["kind"], e["number"], e["language"]) for e in rule["examples"]] == [
        ("Passed", 1, "html"),
        ("Failed", 1, "html"),
        ("Inapplicable", 1, "html"),
    ]
    assert "large.css" in rule["examples"][1]["code"]


def test_consistency_in_act_terms():
    consistency = load_script().consistency
    right = [
        {"expected": "passed", "outcome": "passed"},
        {"expected": "failed", "outcome": "failed"},
    ]
    missed = {"expected": "failed", "outcome": "passed"}
    alarm = {"expected": "inapplicable", "outcome": "failed"}
    assert consistency(right) == "consistent"
    assert consistency([*right, missed]) == "partially consistent"
    assert consistency([right[0], missed]) == "untested"
    assert consistency([*right, alarm]) == "inconsistent"


def test_report_on_our_own_rule_files(browser, tmp_path):
    rules = load_script().write_report(RULES, tmp_path, source="our fixtures", browser=browser)
    verdicts = {rule["id"]: rule["consistency"] for rule in rules}
    assert verdicts == {"24afc2": "consistent", "b4f0c3": "consistent", "abc123": "untested"}
    report = json.loads((tmp_path / "act-report.json").read_text(encoding="utf-8"))
    assert report["@context"] == "https://act-rules.github.io/earl-context.json"
    assert report["consistency"]["24afc2"]["check"] == "assert_text_spacing"
    outcomes = {
        (item["source"], item["assertions"][0]["result"]["outcome"]) for item in report["@graph"]
    }
    assert ("https://act-rules.github.io/rules/24afc2#failed-example-1", "earl:failed") in outcomes
    assert ("https://act-rules.github.io/rules/b4f0c3#passed-example-1", "earl:passed") in outcomes
    table = (tmp_path / "act-report.md").read_text(encoding="utf-8")
    assert "| 24afc2 Letter spacing in style attributes (our own examples) |" in table
    assert "| consistent | 1/1 | 1/1 | 1/1 |" in table
    assert "| abc123 A rule the kit has no check for | none | untested |" in table
