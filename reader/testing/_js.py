"""The kit's browser-side JavaScript: the files in reader/testing/js/, read from the package.

Each file is one JavaScript expression, most of them a function expression that page.evaluate
or page.wait_for_function calls with its argument. Modules load their scripts once, at import:
`SCALE_JS = _js.load("scale.js")`. Only the standard library here: the pytest plugin stays light.
"""

import json
from functools import cache
from importlib.resources import files

FOLDER = "js"


@cache
def load(name: str) -> str:
    """The text of reader/testing/js/`name`, ending in a newline (so that a last line comment
    ends before whatever bind or call puts after it)."""
    text = files(__package__).joinpath(FOLDER, name).read_text(encoding="utf-8")
    return text if text.endswith("\n") else text + "\n"


def names() -> list[str]:
    """Every script file the package ships, sorted."""
    return sorted(
        entry.name
        for entry in files(__package__).joinpath(FOLDER).iterdir()
        if entry.name.endswith(".js")
    )


def bind(function: str, *arguments: str) -> str:
    """A function expression that calls `function` with `arguments` (JavaScript source, such
    as another file's function) first, then with whatever it is called with itself."""
    return f"(...rest) => ({function})({', '.join([*arguments, '...rest'])})"


def call(function: str, *values) -> str:
    """A script calling `function` with `values` (as JSON): for add_init_script, which passes
    no argument."""
    return f"({function})({', '.join(json.dumps(value) for value in values)})"
