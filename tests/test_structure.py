"""The package's shape: no import cycles, a light `import reader`, the steps defined once."""

import ast
import subprocess
import sys
from pathlib import Path

from reader.paths import PACKAGE_DIR, STATIC_DIR, TEMPLATES_DIR
from reader.scale import TEXT_SIZES, scale_css

HEAVY = ("flask", "flask_babel", "flask_sqlalchemy", "flask_wtf", "sqlalchemy", "playwright")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Each module of `reader` and the modules of `reader` it imports, anywhere in its code
    (function-level imports too: a cycle hidden in a function is still a cycle)."""
    paths = [p for p in PACKAGE_DIR.rglob("*.py") if "migrations" not in p.parts]
    modules = {module_name(p): p for p in paths}
    graph = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                edges |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(
                        package.split(".")[: len(package.split(".")) - node.level + 1]
                        + ([base] if base else [])
                    )
                edges.add(base)
                edges |= {f"{base}.{alias.name}" for alias in node.names}
        graph[name] = {e for e in edges if e in modules and e != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        state[node] = "done"
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_import_graph_has_no_cycle():
    graph = import_graph()
    assert {"reader.extension", "reader.routes", "reader.toolbar", "reader.testing.plugin"} <= set(
        graph
    )
    assert "reader.toolbar" in graph["reader.routes"]  # the walk sees real edges
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph))


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def loaded_modules(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE_DIR.parent,
    )
    # -X importtime writes one line per imported module: "import time: self | cumulative | name"
    return {
        line.rsplit("|", 1)[1].strip()
        for line in out.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def test_import_reader_and_its_pytest_plugin_load_no_flask_sqlalchemy_or_playwright():
    loaded = loaded_modules("import reader, reader.testing, reader.testing.plugin, reader.scale")
    assert "reader.testing.plugin" in loaded and "pytest" in loaded
    heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY)
    assert heavy == [], heavy


def test_create_app_still_loads_on_first_use():
    loaded = loaded_modules("import reader; reader.create_app")
    assert "flask" in loaded and "reader.extension" in loaded


def test_the_scale_rules_in_the_stylesheet_are_generated_from_the_steps():
    stylesheet = (STATIC_DIR / "reader" / "toolbar.css").read_text(encoding="utf-8")
    assert scale_css() in stylesheet, "run `make css` after changing reader/scale.py"
    for step in TEXT_SIZES.steps:
        assert f".reader-scale--{step} ~ *" in stylesheet


def test_no_template_or_script_repeats_a_step():
    """The steps, the default and the limits come from reader/scale.py, never a literal."""
    sources = [
        *TEMPLATES_DIR.rglob("*.html"),
        STATIC_DIR / "reader" / "embed.js",
        STATIC_DIR / "reader" / "toolbar.js",
    ]
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for literal in (
            "default(75)",
            "default(100)",
            "default(300)",
            "=== 100",
            "== 100",
            "scale: 100",
            "applyScale(100)",
        ):
            assert literal not in text, f"{path.name} repeats a step: {literal}"
