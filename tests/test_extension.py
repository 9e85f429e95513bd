"""The Reader extension on a bare host Flask app that brings its own `db`."""

import re
from pathlib import Path

import pytest
from flask import render_template_string
from sqlalchemy import inspect, select
from sqlalchemy.orm import Mapped, mapped_column

from reader import Reader
from reader.cli import import_file
from reader.models import Article
from tests.conftest import SEED, SEED_SLUG

MACRO_USE = """{% from "reader/components/toolbar/macro.html" import reader_toolbar %}
<main>{{ reader_toolbar(params) }}</main>"""


@pytest.fixture
def host_db(host_app):
    return host_app.extensions["test_host_db"]


@pytest.fixture
def mounted(host_app, host_db):
    reader = Reader(host_app, db=host_db)
    with host_app.app_context():
        reader.create_all()
    return reader


def test_create_all_puts_our_tables_in_the_hosts_database(host_app, host_db, mounted):
    class Note(host_db.Model):  # the host's own model, on the host's own base
        id: Mapped[int] = mapped_column(primary_key=True)

    with host_app.app_context():
        host_db.create_all()
        tables = set(inspect(host_db.engine).get_table_names())
        assert {
            "reader_article",
            "reader_figure",
            "reader_preference",
            "reader_portal",
            "note",
        } <= tables
        assert mounted.session is host_db.session
        assert host_app.extensions["reader"] is mounted
        assert str(host_db.engine.url).endswith("host.sqlite")


def test_blueprint_pages_and_static_files_are_served(host_app, mounted):
    with host_app.app_context():
        import_file(Path(SEED))
        assert host_app.extensions["test_host_db"].session.scalar(select(Article.slug)) == SEED_SLUG
    client = host_app.test_client()
    page = client.get(f"/articles/{SEED_SLUG}")
    assert page.status_code == 200 and 'id="reader-toolbar"' in page.text
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]  # our headers, ours only
    script = client.get("/static/reader/embed.js")
    assert script.status_code == 200 and "ReaderEmbed" in script.text
    script.close()
    assert client.get("/embed/toolbar").status_code == 403  # no portal registered on this host


def test_host_routes_keep_their_own_headers(host_app, mounted):
    @host_app.get("/host-page")
    def host_page():
        return "host"

    response = host_app.test_client().get("/host-page")
    assert response.status_code == 200 and "Content-Security-Policy" not in response.headers


def test_a_hosts_own_security_headers_do_not_stop_ours(host_app, mounted):
    """A host that sets some security headers app-wide (as Flask-Talisman does) still gets every
    one of ours on our responses; a header it set is left as it set it."""

    @host_app.after_request
    def host_headers(response):
        response.headers["Permissions-Policy"] = "camera=()"
        return response

    response = host_app.test_client().get("/")
    assert response.headers["Permissions-Policy"] == "camera=()"
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"):
        assert name in response.headers, name
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers.getlist("Permissions-Policy") == ["camera=()"]


def test_host_templates_call_the_toolbar_macro(host_app, mounted):
    params = {
        "id": "tools",
        "scale": 120,
        "action_url": "/reader/text-size",
        "next_url": "/news/1",
        "csrf_token": "tok",
        "print_url": "/news/1/print",
        "share_url": "https://h/n/1",
        "share_title": "News",
        "min_scale": 75,
        "max_scale": 300,
    }
    with host_app.test_request_context("/news/1"):
        html = render_template_string(MACRO_USE, params=params)
    assert 'id="tools"' in html and 'action="/reader/text-size"' in html
    assert 'name="csrf_token" value="tok"' in html and "https://www.facebook.com/sharer" in html


def test_cli_is_registered_on_the_host(host_app, mounted):
    runner = host_app.test_cli_runner()
    result = runner.invoke(
        args=["portal", "add", "--origin", "https://portal.example", "--name", "P"]
    )
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["portal", "list"]).output == "https://portal.example\tP\n"
    assert "import" in host_app.cli.list_commands(None)
    pruned = runner.invoke(args=["prune"])
    assert pruned.exit_code == 0 and "Deleted 0 reader preference row(s)" in pruned.output


def test_init_app_later_with_a_url_prefix(host_app, host_db):
    reader = Reader(db=host_db, url_prefix="/reader")
    assert "reader" not in host_app.extensions
    reader.init_app(host_app)
    with host_app.app_context():
        reader.create_all()
    client = host_app.test_client()
    response = client.get("/reader/static/reader/embed.js")
    assert response.status_code == 200
    response.close()
    assert client.get("/reader/embed/toolbar").status_code == 403
    assert client.get("/embed/toolbar").status_code == 404


def test_double_registration_raises(host_app, host_db, mounted):
    with pytest.raises(RuntimeError, match="already registered"):
        mounted.init_app(host_app)
    with pytest.raises(RuntimeError, match="already registered"):
        Reader(host_app, db=host_db)


def portal_with_its_own_settings(tmp_path):
    """A portal with its own CSRFProtect, Babel (English, its own catalog) and engine options."""
    from flask import Flask
    from flask_babel import Babel
    from flask_sqlalchemy import SQLAlchemy
    from flask_wtf import CSRFProtect

    host = Flask("settled_portal")
    engine_options = {"pool_recycle": 1800}
    host.config.update(
        TESTING=True,
        SECRET_KEY="portal-secret",
        WTF_CSRF_TIME_LIMIT=600,
        BABEL_DEFAULT_LOCALE="en",
        BABEL_TRANSLATION_DIRECTORIES="portal-translations",
        SQLALCHEMY_DATABASE_URI="sqlite:///" + str(tmp_path / "portal.sqlite"),
        SQLALCHEMY_ENGINE_OPTIONS=engine_options,
    )
    csrf = CSRFProtect(host)
    Babel(host, locale_selector=lambda: "vi")
    return host, SQLAlchemy(host), csrf, engine_options


def test_init_app_sets_only_reader_keys_and_leaves_the_hosts_settings(tmp_path):
    from reader.config import DEFAULTS

    host, host_db, csrf, engine_options = portal_with_its_own_settings(tmp_path)
    before = dict(host.config)
    babel, gettext_before = host.extensions["babel"], host.jinja_env.globals["gettext"]
    Reader(host, db=host_db)
    added = set(host.config) - set(before)
    assert added == set(DEFAULTS) and all(key.startswith("READER_") for key in added)
    assert {k: v for k, v in host.config.items() if k in before} == before
    assert host.config["SQLALCHEMY_ENGINE_OPTIONS"] is engine_options == {"pool_recycle": 1800}
    assert host.config["WTF_CSRF_TIME_LIMIT"] == 600
    assert host.config["BABEL_TRANSLATION_DIRECTORIES"] == "portal-translations"
    assert host.extensions["babel"] is babel and host.extensions["csrf"] is csrf
    assert host.jinja_env.globals["gettext"] is gettext_before  # the host's `_` stays its own
    assert not any(name in host.jinja_env.globals for name in ("get_locale", "format_date"))


def test_our_app_settings_are_not_shared_between_apps(tmp_path):
    from reader import create_app

    first = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "a",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'a.sqlite'}",
        }
    )
    second = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "b",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'b.sqlite'}",
        }
    )
    assert first.config["BABEL_DEFAULT_LOCALE"] == "vi"
    assert first.config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]["timeout"] == 1
    assert (
        first.config["SQLALCHEMY_ENGINE_OPTIONS"] is not second.config["SQLALCHEMY_ENGINE_OPTIONS"]
    )


def test_on_a_portal_with_csrf_and_babel_our_toolbar_works_and_speaks_vietnamese(tmp_path):
    """The host's CSRFProtect keeps guarding its own forms; ours guard themselves."""
    host, host_db, csrf, _ = portal_with_its_own_settings(tmp_path)

    @host.post("/portal-form")
    def portal_form():
        return "saved"

    reader = Reader(host, db=host_db)
    with host.app_context():
        reader.create_all()
        import_file(Path(SEED))
    client = host.test_client()
    assert client.post("/portal-form").status_code == 400  # the host's CSRF still applies
    page = client.get(f"/articles/{SEED_SLUG}")
    assert "Tăng cỡ chữ" in page.text and "Cỡ chữ 100%" in page.text  # our catalog, vi
    assert "Set-Cookie" not in page.headers and page.cache_control.public
    token = re.search(r'name="reader_new" value="([^"]+)"', page.text).group(1)
    changed = client.post(
        "/reader/text-size",
        data={"action": "increase", "next": f"/articles/{SEED_SLUG}", "reader_new": token},
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert changed.status_code == 303
    assert "Cỡ chữ 110%" in client.get(f"/articles/{SEED_SLUG}").text
    forged = client.post(
        "/reader/text-size",
        data={"action": "increase"},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert forged.status_code == 403 and "không được gửi từ" in forged.text


def test_no_checkout_costs_a_round_trip():
    """A cut PostgreSQL connection is noticed without a `SELECT 1` per request
    (`db.watch_postgresql`, proven in tests/test_outage.py); a SQLite file has none to lose."""
    from reader.config import DEFAULTS
    from reader.db import engine_options

    postgresql = engine_options("postgresql+psycopg://u@localhost/db", DEFAULTS)
    assert "pool_pre_ping" not in postgresql
    assert "statement_timeout=" in postgresql["connect_args"]["options"]
    assert "pool_pre_ping" not in engine_options("sqlite:////tmp/x.sqlite", DEFAULTS)
