"""Browser fixtures for the reading pages: one seeded live server per module.

The accessibility checks and the toolbar's page object come from our own QA plugin
(`reader.testing`), the same one portals' QA teams use.
"""

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from reader import create_app
from reader.caching import VARIANT_COOKIE
from reader.cli import import_file
from reader.preferences import Preferences, new_reader_id, store_preferences
from reader.scale import SCALE_STEPS
from reader.testing.server import LiveServer
from reader.tokens import sign_reader_id
from tests.conftest import SEED, SEED_SLUG, _reset_database

# CI has 2 cores shared by Chromium, the live servers and pytest: give a busy machine time to
# answer before an expectation fails (a wrong answer still fails, only later).
expect.set_options(timeout=15_000)

SECOND_SLUG = "mot-bai-khac"
SECOND_ARTICLE = {
    "slug": SECOND_SLUG,
    "title": "Một bài khác để thử cỡ chữ",
    "author": "Thu Hà",
    "published_on": "2020-10-24",
    "language": "vi",
    "body_html": "<p>Đoạn đầu tiên của bài thứ hai, đủ dài để có một dòng chữ thật sự.</p>",
}


def seeded_server(tmp_path_factory):
    """The reader app on a file-backed SQLite database with the seed and a second article."""
    folder = tmp_path_factory.mktemp("reader-browser")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "browser-tests",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'reader.sqlite'}",
        }
    )
    _reset_database(app)
    second = folder / "second-article.json"
    second.write_text(json.dumps(SECOND_ARTICLE), encoding="utf-8")
    with app.app_context():
        import_file(Path(SEED))
        import_file(second)
    return LiveServer(app)


@pytest.fixture(scope="module")
def reader_server(tmp_path_factory):
    server = seeded_server(tmp_path_factory)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def article_url(reader_server):
    return f"{reader_server.url}/articles/{SEED_SLUG}"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN"}


def remember_scale(context, server, scale: int) -> None:
    """Give the context a reader whose stored size is `scale`, as the toolbar would leave it."""
    remember_preferences(context, server, Preferences(scale))


def remember_preferences(context, server, prefs: Preferences) -> None:
    """Give the context a reader whose stored preferences are `prefs`."""
    app = server.app
    with app.test_request_context():
        reader_id = new_reader_id()
        store_preferences(reader_id, prefs)
        value = sign_reader_id(reader_id)
    cookies = {app.config["READER_COOKIE_NAME"]: value, VARIANT_COOKIE: prefs.variant}
    context.add_cookies(
        [
            {"name": name, "value": value, "url": server.url, "httpOnly": True, "sameSite": "Lax"}
            for name, value in cookies.items()
        ]
    )


def body_font_size(page) -> float:
    """The computed font size, in CSS px, of the article's first body paragraph."""
    return page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.reader-article__body p')).fontSize)"
    )


def scale_of(page) -> int:
    return int(page.locator("#reader-scale").get_attribute("data-reader-scale"))


__all__ = [
    "SCALE_STEPS",
    "SEED_SLUG",
    "SECOND_SLUG",
    "body_font_size",
    "remember_preferences",
    "remember_scale",
    "scale_of",
]
