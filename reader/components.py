"""Components documented like GOV.UK Frontend's: each folder under templates/reader/components/
holds a `params.json` (every parameter: name, type, required, description; and named examples).

The component's README tables are generated from it (`make docs`, i.e. `python -m
reader.components`), and its tests render every example. Standard library only.
"""

import json
import sys

from reader.paths import TEMPLATES_DIR

COMPONENTS_DIR = TEMPLATES_DIR / "reader" / "components"
PARAMS_BEGIN = "<!-- params: generated from params.json by `make docs` -->"
EXAMPLES_BEGIN = "<!-- examples: generated from params.json by `make docs` -->"
END = "<!-- end of generated part -->"


# The types a parameter may be documented with, and the Python values of each.
TYPES = {"string": str, "integer": int, "number": (int, float), "object": dict, "boolean": bool}


def load_spec(name: str) -> dict:
    return json.loads((COMPONENTS_DIR / name / "params.json").read_text(encoding="utf-8"))


def spec_problems(name: str) -> list[str]:
    """What is wrong with a component's parameters file and README, for its tests: a parameter
    not fully described, an example missing a required parameter or giving one that is not
    documented or of the wrong type, README tables that `make docs` would change."""
    spec, problems = load_spec(name), []
    for param in spec["params"]:
        if set(param) != {"name", "type", "required", "description"}:
            problems.append(f"parameter {param.get('name')}: keys {sorted(param)}")
        elif param["type"] not in TYPES or not isinstance(param["required"], bool):
            problems.append(f"parameter {param['name']}: type or required")
        elif len(param["description"]) <= 20:
            problems.append(f"parameter {param['name']}: description too short")
    types = {p["name"]: TYPES.get(p.get("type"), object) for p in spec["params"]}
    required = {p["name"] for p in spec["params"] if p.get("required")}
    for example in spec["examples"]:
        params = example["params"]
        if not required <= set(params) <= set(types):
            problems.append(f"example {example['name']}: parameters {sorted(params)}")
        for key, value in params.items():
            expected = types.get(key, object)
            # JSON's true is no number: a boolean only where one is documented.
            if not isinstance(value, expected) or (
                isinstance(value, bool) and expected is not bool
            ):
                problems.append(f"example {example['name']}: {key} is not {expected}")
    if (COMPONENTS_DIR / name / "README.md").read_text(encoding="utf-8") != readme_text(name):
        problems.append("README.md is out of date: run `make docs`")
    return problems


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def params_table(spec: dict) -> str:
    rows = ["| name | type | required | what it does |", "|---|---|---|---|"]
    rows += [
        f"| `{p['name']}` | {p['type']} | {'yes' if p['required'] else 'no'} | "
        f"{_cell(p['description'])} |"
        for p in spec["params"]
    ]
    return "\n".join(rows)


def examples_section(spec: dict) -> str:
    parts = []
    for example in spec["examples"]:
        params = json.dumps(example["params"], ensure_ascii=False, indent=1)
        parts += [
            f"### {example['name']}",
            "",
            example["description"],
            "",
            f"Interface language: `{example['locale']}`.",
            "",
            "```json",
            params,
            "```",
            "",
        ]
    return "\n".join(parts).rstrip()


def _replace(text: str, begin: str, body: str) -> str:
    start = text.index(begin) + len(begin)
    end = text.index(END, start)
    return f"{text[:start]}\n{body}\n{text[end:]}"


def readme_text(name: str) -> str:
    """The component's README with both generated parts brought up to date."""
    spec = load_spec(name)
    text = (COMPONENTS_DIR / name / "README.md").read_text(encoding="utf-8")
    text = _replace(text, PARAMS_BEGIN, params_table(spec))
    return _replace(text, EXAMPLES_BEGIN, examples_section(spec))


def main(names: list[str]) -> None:
    for name in names or [p.name for p in COMPONENTS_DIR.iterdir() if p.is_dir()]:
        (COMPONENTS_DIR / name / "README.md").write_text(readme_text(name), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
