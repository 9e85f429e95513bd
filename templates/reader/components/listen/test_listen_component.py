"""The Listen component's own tests: its parameters file, every named example rendered, and every
example checked with axe-core in Chromium (with a fake voice, so that it is shown), in a page
styled like ours; and what a reader without JavaScript gets (nothing)."""

import gzip
import re

import pytest
from flask import render_template_string
from flask_babel import force_locale
from lxml import html
from playwright.sync_api import expect

from reader import create_app
from reader.components import COMPONENTS_DIR, load_spec, readme_text
from reader.paths import STATIC_DIR
from reader.testing import assert_accessible
from reader.testing.server import LiveServer
from reader.testing.speech import VIETNAMESE_VOICE, FakeSpeech

FOLDER = COMPONENTS_DIR / "listen"
SPEC = load_spec("listen")
EXAMPLES = {example["name"]: example for example in SPEC["examples"]}
DOCUMENTED = {param["name"] for param in SPEC["params"]}
REQUIRED = {param["name"] for param in SPEC["params"] if param["required"]}
TYPES = {"string": str, "integer": int, "number": (int, float), "object": dict, "boolean": bool}
DEFAULT_TARGET = ".reader-article__title, .reader-article__lead, .reader-article__body"
LABELS = {
    "vi": ("Nghe bài viết", "Tạm dừng", "Nghe tiếp", "Dừng", "Nghe đọc bài viết"),
    "en": ("Listen", "Pause", "Resume", "Stop", "Read aloud"),
}
MESSAGES = {
    "vi": ("Đang đọc bài viết.", "Đã tạm dừng.", "Đã dừng đọc.", "Đã đọc hết bài viết."),
    "en": (
        "Reading the article aloud.",
        "Paused.",
        "Stopped.",
        "Finished: the whole article has been read.",
    ),
}

# The page an example is shown in: our styles and script, an article like ours (and a portal's,
# for the example that reads its own markup).
PREVIEW = """<!doctype html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Listen example: {{ name }}</title>
  <link rel="stylesheet" href="{{ url_for('reader.static', filename='reader.css') }}">
  <link rel="stylesheet" href="{{ url_for('reader.static', filename='listen.css') }}">
  <script src="{{ url_for('reader.static', filename='listen.js') }}" defer></script>
</head>
<body class="reader-page">
{% from "reader/components/listen/macro.html" import reader_listen %}
<main id="main" class="reader-main">
  <article class="reader-article" id="portal-article">
    {{ reader_listen(params) }}
    <h1 class="reader-article__title">Ví dụ nghe bài viết</h1>
    <p class="reader-article__lead">Lời dẫn của bài viết. Câu thứ hai của lời dẫn.</p>
    <div class="reader-article__body content"><p>Đoạn văn bản của bài viết, đủ dài.</p></div>
  </article>
</main>
</body>
</html>"""
MACRO = (
    '{% from "reader/components/listen/macro.html" import reader_listen %}'
    "{{ reader_listen(params) }}"
)


def render(app, name: str) -> str:
    example = EXAMPLES[name]
    with app.test_request_context(), force_locale(example["locale"]):
        return render_template_string(MACRO, params=example["params"])


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("listen-component")
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

    app.add_url_rule("/component/listen/<name>", "listen_example", example_page)
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


def test_the_macro_reads_exactly_the_documented_parameters():
    read = set(re.findall(r"\bparams\.(\w+)", (FOLDER / "macro.html").read_text("utf-8")))
    assert read == DOCUMENTED


def test_every_example_gives_the_required_parameters_with_their_types():
    types = {param["name"]: TYPES[param["type"]] for param in SPEC["params"]}
    for name, example in EXAMPLES.items():
        params = example["params"]
        assert REQUIRED <= set(params) and set(params) <= DOCUMENTED, name
        for key, value in params.items():
            expected = types[key]
            assert isinstance(value, expected), (name, key)
            assert expected is bool or not isinstance(value, bool), (name, key)


def test_script_and_styles_stay_within_their_budget():
    """listen.js and listen.css together: at most 2.5 KB with gzip -9 (as served compressed)."""
    sizes = [
        len(gzip.compress((STATIC_DIR / "reader" / name).read_bytes(), compresslevel=9))
        for name in ("listen.js", "listen.css")
    ]
    assert sum(sizes) <= 2560, sizes


def test_the_readme_tables_are_generated_from_the_parameters_file():
    current = (FOLDER / "README.md").read_text(encoding="utf-8")
    assert current == readme_text("listen"), "run `make docs` after changing params.json"
    for param in DOCUMENTED:
        assert f"| `{param}` |" in current
    for name in EXAMPLES:
        assert f"### {name}\n" in current


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_named_example_renders(app, name):
    example = EXAMPLES[name]
    params = example["params"]
    section = html.fragment_fromstring(render(app, name))
    prefix = params.get("id", "reader-listen")
    play_label, pause, resume, stop_label, region = LABELS[example["locale"]]
    # Hidden until listen.js finds a voice: without JavaScript there is nothing to press.
    assert section.tag == "section" and section.get("hidden") is not None
    assert section.get("id") == prefix and section.get("data-module") == "reader-listen"
    assert section.get("aria-label") == region
    assert section.get("data-reader-listen-lang") == params["lang"]
    assert float(section.get("data-reader-listen-rate")) == params.get("rate", 1)
    assert section.get("data-reader-listen-target") == params.get("target", DEFAULT_TARGET)
    assert (section.get("data-reader-listen-network-voices") is not None) is bool(
        params.get("network_voices")
    )
    assert section.get("lang") == params.get("ui_lang")
    play = section.get_element_by_id(f"{prefix}-play")
    stop = section.get_element_by_id(f"{prefix}-stop")
    assert play.get("type") == stop.get("type") == "button"
    assert play.text_content() == play.get("data-label-play") == play_label
    assert (play.get("data-label-pause"), play.get("data-label-resume")) == (pause, resume)
    assert stop.text_content() == stop_label and stop.get("aria-disabled") == "true"
    status = section.get_element_by_id(f"{prefix}-status")
    assert status.get("role") == "status" and status.text_content() == ""
    said = tuple(status.get(f"data-{key}") for key in ("playing", "paused", "stopped", "finished"))
    assert said == MESSAGES[example["locale"]]
    for cls in params.get("classes", "").split():
        assert cls in section.get("class").split()
    for key, value in params.get("attributes", {}).items():
        assert section.get(key) == value


def test_the_values_are_escaped(app):
    params = {"lang": 'vi"><script>', "target": "a[title='x']", "attributes": {"data-x": "<b>"}}
    with app.test_request_context(), force_locale("vi"):
        out = render_template_string(MACRO, params=params)
    assert "<script>" not in out and "<b>" not in out
    section = html.fragment_fromstring(out)
    assert section.get("data-reader-listen-lang") == 'vi"><script>'
    assert section.get("data-reader-listen-target") == "a[title='x']"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN"}


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_named_example_passes_axe_in_chromium(page, preview_server, name):
    example = EXAMPLES[name]
    network = dict(VIETNAMESE_VOICE, localService=not example["params"].get("network_voices"))
    speech = FakeSpeech(page, [network])
    page.goto(f"{preview_server.url}/component/listen/{name}")
    play_label, pause, *_ = LABELS[example["locale"]]
    play = page.get_by_role("button", name=play_label, exact=True)
    expect(play).to_be_visible()
    assert_accessible(page)
    play.click()
    spoken = speech.wait_for_spoken(1)[0]
    assert spoken["text"] == "Ví dụ nghe bài viết" and spoken["lang"] == "vi-VN"
    assert spoken["rate"] == example["params"].get("rate", 1)
    expect(page.get_by_role("button", name=pause, exact=True)).to_be_focused()
    assert_accessible(page)  # playing: the labels changed, a sentence highlighted


def test_without_javascript_nothing_is_shown(browser, preview_server):
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(f"{preview_server.url}/component/listen/default")
        expect(page.locator("[data-module=reader-listen]")).to_be_hidden()
        expect(page.get_by_role("button")).to_have_count(0)
    finally:
        context.close()
