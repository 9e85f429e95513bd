"""What every component's tests share: an app that shows each named example of the component
(the test module's `COMPONENT`) in the module's `PREVIEW` page at
`/component/<component>/<example>`, and a live server for the browser checks."""

import pytest
from flask import abort, render_template_string
from flask_babel import force_locale

from reader import create_app
from reader.components import load_spec
from reader.testing.server import LiveServer


@pytest.fixture(scope="module")
def app(request, tmp_path_factory):
    component, preview = request.module.COMPONENT, request.module.PREVIEW
    examples = {example["name"]: example for example in load_spec(component)["examples"]}
    folder = tmp_path_factory.mktemp(f"{component}-component")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "component",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'reader.sqlite'}",
        }
    )

    def example_page(name):
        example = examples.get(name) or abort(404)
        with force_locale(example["locale"]):
            return render_template_string(preview, params=example["params"], name=name)

    app.add_url_rule(f"/component/{component}/<name>", f"{component}_example", example_page)
    return app


@pytest.fixture(scope="module")
def preview_server(app):
    server = LiveServer(app)
    yield server
    server.stop()
