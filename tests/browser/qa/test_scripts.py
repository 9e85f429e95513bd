"""The kit's browser-side JavaScript (reader/testing/js/): every file used, every file valid."""

import ast
import re
import sys
from pathlib import Path

import pytest

from reader.testing import _js

KIT = Path(_js.__file__).resolve().parent
LOAD = re.compile(r"""_js\.load\(["']([^"']+)["']\)""")

# Compiles a file's text as an expression, as page.evaluate and _js.bind/_js.call use it, without
# running it; the newline keeps a trailing line comment from swallowing the parenthesis.
COMPILE_JS = """src => {
  try { return typeof new Function('return (' + src + '\\n);')(); }
  catch (error) { return error.name + ': ' + error.message; }
}"""


def kit_sources() -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in sorted(KIT.rglob("*.py"))}


def test_every_script_is_loaded_by_a_module_and_every_load_exists():
    loaded = {name for text in kit_sources().values() for name in LOAD.findall(text)}
    assert _js.names(), "no scripts found in reader/testing/js/"
    assert set(_js.names()) - loaded == set(), "scripts no module loads"
    assert loaded - set(_js.names()) == set(), "scripts loaded but missing"


def test_no_javascript_left_in_python_strings():
    """Arrow functions belong in reader/testing/js/; only the loader's glue builds one."""
    offenders = [
        path.relative_to(KIT)
        for path, text in kit_sources().items()
        if "=>" in text and path.name != "_js.py"
    ]
    assert offenders == []


def test_the_loader_imports_only_the_standard_library():
    tree = ast.parse((KIT / "_js.py").read_text(encoding="utf-8"))
    modules = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    modules |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert {name.split(".")[0] for name in modules} <= sys.stdlib_module_names


@pytest.mark.parametrize("name", _js.names())
def test_script_compiles_in_chromium_as_a_function_expression(page, name):
    text = _js.load(name)
    assert text.startswith("//"), f"{name} has no comment header"
    assert page.evaluate(COMPILE_JS, text) == "function"


def test_bind_and_call_glue(page):
    pair = _js.bind("// a comment\n(a, b) => [a, b]\n", "1")
    assert page.evaluate(pair, 2) == [1, 2]
    page.add_init_script(_js.call("(key, value) => { window[key] = value; }", "seeded", {"a": 1}))
    page.route(
        "http://qa.test/",
        lambda route: route.fulfill(
            body="<!doctype html><title>QA page</title>", content_type="text/html"
        ),
    )
    page.goto("http://qa.test/")
    assert page.evaluate("() => window.seeded") == {"a": 1}
