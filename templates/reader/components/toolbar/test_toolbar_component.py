"""The toolbar component's own tests: its parameters file, every named example rendered, and
every example checked with axe-core in Chromium, in a page styled like ours."""

import json
import re

import pytest
from flask import render_template_string
from flask_babel import force_locale
from lxml import html
from playwright.sync_api import expect

from reader import create_app
from reader.choices import CHOICES
from reader.components import COMPONENTS_DIR, load_spec, readme_text
from reader.scale import TEXT_SIZES
from reader.testing import assert_accessible
from reader.testing.server import LiveServer

FOLDER = COMPONENTS_DIR / "toolbar"
SPEC = load_spec("toolbar")
EXAMPLES = {example["name"]: example for example in SPEC["examples"]}
DOCUMENTED = {param["name"] for param in SPEC["params"]}
REQUIRED = {param["name"] for param in SPEC["params"] if param["required"]}
TYPES = {"string": str, "integer": int, "number": (int, float), "object": dict, "boolean": bool}

# The page an example is shown in: our styles and scripts, a heading, a paragraph it sizes.
PREVIEW = """<!doctype html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Toolbar example: {{ name }}</title>
  <link rel="stylesheet" href="{{ url_for('reader.static', filename='reader.css') }}">
  <link rel="stylesheet" href="{{ url_for('reader.static', filename='toolbar.css') }}">
  <script src="{{ url_for('reader.static', filename='vendor/htmx.min.js') }}" defer></script>
  <script src="{{ url_for('reader.static', filename='toolbar.js') }}" defer></script>
</head>
<body class="reader-page">
{% from "reader/components/toolbar/macro.html" import reader_toolbar, reader_scale %}
{{ reader_scale(params.scale) }}
<main id="main" class="reader-main">
  <h1>Ví dụ thanh công cụ đọc</h1>
  {{ reader_toolbar(params) }}
  <p>Đoạn văn bản của bài viết, đủ dài để cỡ chữ có ý nghĩa khi người đọc thay đổi nó.</p>
</main>
</body>
</html>"""
MACRO = (
    '{% from "reader/components/toolbar/macro.html" import reader_toolbar %}'
    "{{ reader_toolbar(params) }}"
)


def render(app, name: str, template: str = MACRO) -> str:
    example = EXAMPLES[name]
    with app.test_request_context(), force_locale(example["locale"]):
        return render_template_string(template, params=example["params"], name=name)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("toolbar-component")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "component",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'reader.sqlite'}",
        }
    )

    def example_page(name):
        example = EXAMPLES[name]
        with force_locale(example["locale"]):
            return render_template_string(PREVIEW, params=example["params"], name=name)

    app.add_url_rule("/component/toolbar/<name>", "toolbar_example", example_page)
    return app


@pytest.fixture(scope="module")
def preview_server(app):
    server = LiveServer(app)
    yield server
    server.stop()


def test_every_parameter_is_described_with_a_known_type():
    for param in SPEC["params"]:
        assert set(param) == {"name", "type", "required", "description"}, param
        assert param["type"] in TYPES and isinstance(param["required"], bool), param
        assert len(param["description"]) > 20, param["name"]


def test_the_macros_read_exactly_the_documented_parameters():
    read = set()
    for template in ("macro.html", "response.html"):
        read |= set(re.findall(r"\bparams\.(\w+)", (FOLDER / template).read_text("utf-8")))
    assert read == DOCUMENTED


def test_every_example_gives_the_required_parameters_with_their_types():
    types = {param["name"]: TYPES[param["type"]] for param in SPEC["params"]}
    for name, example in EXAMPLES.items():
        params = example["params"]
        assert REQUIRED <= set(params) and set(params) <= DOCUMENTED, name
        for key, value in params.items():
            assert isinstance(value, types[key]), (name, key)
        assert params["scale"] in TEXT_SIZES.steps, name


def test_toolbar_params_gives_the_documented_parameters(app):
    from reader.preferences import Preferences
    from reader.toolbar import toolbar_params

    with app.test_request_context():
        params = toolbar_params(Preferences(120), next_url="/articles/a")
    assert REQUIRED <= set(params) <= DOCUMENTED
    assert (params["min_scale"], params["max_scale"], params["default_scale"]) == (
        TEXT_SIZES.smallest,
        TEXT_SIZES.largest,
        TEXT_SIZES.default,
    )


def test_the_readme_tables_are_generated_from_the_parameters_file():
    current = (FOLDER / "README.md").read_text(encoding="utf-8")
    assert current == readme_text("toolbar"), "run `make docs` after changing params.json"
    for param in DOCUMENTED:
        assert f"| `{param}` |" in current
    for name in EXAMPLES:
        assert f"### {name}\n" in current


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_named_example_renders(app, name):
    params = EXAMPLES[name]["params"]
    section = html.fragment_fromstring(render(app, name))
    prefix = params.get("id", "reader-toolbar")
    assert section.get("id") == prefix and section.get("data-module") == "reader-toolbar"
    for suffix in ("size", "choices", "options", "decrease", "increase", "reset", "status"):
        assert section.xpath(f".//*[@id='{prefix}-{suffix}']"), suffix
    form = section.get_element_by_id(f"{prefix}-size")
    assert form.get("action") == params["action_url"] and form.get("method") == "post"
    tokens = [params["csrf_token"]] if params.get("csrf_token") else []
    assert form.xpath("./input[@name='csrf_token']/@value") == tokens
    for button in form.iter("button"):
        headers = button.get("hx-headers")
        assert (json.loads(headers) if headers else None) == (
            {"X-CSRFToken": params["csrf_token"]} if tokens else None
        )
    buttons = {b.get("value"): b for b in section.iter("button") if b.get("value")}
    ends = {
        "decrease": TEXT_SIZES.smallest,
        "increase": TEXT_SIZES.largest,
        "reset": TEXT_SIZES.default,
    }
    for action, end in ends.items():
        disabled = buttons[action].get("aria-disabled") == "true"
        assert disabled is (params["scale"] == end), (action, params["scale"])
    status = section.get_element_by_id(f"{prefix}-status").text
    assert f"{params['scale']}%" in status
    if params.get("lang"):
        assert section.get("lang") == params["lang"]
    # The row holds only the size buttons and the Options disclosure; the default size is in
    # the panel, away from "Larger text".
    row = section.xpath("./div[@class='reader-toolbar__row']")[0]
    assert [b.get("value") for b in row.xpath("./form//button")] == ["decrease", "increase"]
    assert row.xpath("./details[@id=$id]/summary", id=f"{prefix}-options")
    choices = params.get("choices", {})
    for choice in CHOICES:
        pressed = [
            b.get("value")
            for b in section.xpath(".//button[@aria-pressed='true']")
            if b.get("value").startswith(choice.name + ":")
        ]
        assert pressed == [f"{choice.name}:{choices.get(choice.name, choice.default)}"], name
    if EXAMPLES[name]["locale"] == "en":
        assert [buttons[a].text_content().strip() for a in ("decrease", "increase", "reset")] == [
            "A− Smaller text",
            "A+ Larger text",
            "A Default size",
        ]
    else:
        assert "Tăng cỡ chữ" in section.text_content()
    for cls in params.get("classes", "").split():
        assert cls in section.get("class").split()
    for key, value in params.get("attributes", {}).items():
        assert section.get(key) == value
    assert bool(section.xpath(".//a[@data-reader-print]")) is bool(params.get("print_url"))
    assert bool(section.xpath(".//details[@data-reader-share-menu]")) is bool(
        params.get("share_url")
    )
    # Share links open in a new tab (said to screen readers), or where the host says; mail opens
    # the mail program.
    links = section.xpath(".//a[@rel='noopener noreferrer']")
    target = params.get("links_target") or "_blank"
    for link in links:
        mail = link.get("href").startswith("mailto:")
        assert link.get("target") == (None if mail else target)
        hint = link.xpath(".//*[@class='reader-visually-hidden']")
        assert bool(hint) is (target == "_blank" and not mail)
    assert bool(links) is bool(params.get("share_url"))


def test_the_status_names_the_ends(app):
    assert "(lớn nhất)" in render(app, "largest") and "(nhỏ nhất)" in render(app, "smallest")


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN"}


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_named_example_passes_axe_in_chromium(page, preview_server, name):
    page.goto(f"{preview_server.url}/component/toolbar/{name}")
    prefix = EXAMPLES[name]["params"].get("id", "reader-toolbar")
    expect(page.locator(f"#{prefix}-status")).to_contain_text("%")
    assert_accessible(page)
