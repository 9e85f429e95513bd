"""Fixtures: `app`, `client`, `runner` (Flask tutorial style), a live server, a bare host app."""

import os

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from flask_sqlalchemy import SQLAlchemy

from reader import create_app
from reader.cli import import_file
from reader.config import normalize_database_url
from reader.paths import MIGRATIONS_DIR
from reader.testing.server import LiveServer

SEED = os.path.join(os.path.dirname(__file__), "fixtures", "backan-portal-article.txt")
SEED_SLUG = "day-manh-cong-tac-tuyen-truyen-dai-hoi-dang-cac-cap-tao-su-dong-thuan-trong-xa-hoi"


def _reset_database(app):
    """Empty the database: a fresh SQLite file, or all tables dropped on PostgreSQL."""
    from reader.models import Base

    db = app.extensions["reader"].db
    with app.app_context():
        Base.metadata.drop_all(db.engine)
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade(directory=str(MIGRATIONS_DIR))


class PageClient(FlaskClient):
    """A test client whose form POSTs carry what our pages' toolbar form does: the hour's
    new-reader token (`reader_new`), unless a test gives its own (or "" for none)."""

    def post(self, *args, **kwargs):
        data = kwargs.get("data")
        if isinstance(data, dict) and "reader_new" not in data:
            from reader.tokens import new_reader_token

            with self.application.app_context():
                kwargs["data"] = {**data, "reader_new": new_reader_token()}
        return super().post(*args, **kwargs)


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": normalize_database_url(
                os.environ.get("DATABASE_URL_TEST", "")
            )
            or "sqlite:///" + str(tmp_path / "reader.sqlite"),
        }
    )
    app.test_client_class = PageClient
    _reset_database(app)
    yield app
    with app.app_context():
        app.extensions["reader"].db.engine.dispose()


@pytest.fixture
def seeded_app(app):
    from pathlib import Path

    with app.app_context():
        import_file(Path(SEED))
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def host_app(tmp_path):
    """A bare portal app with its own `db`, for mounting the Reader extension."""
    host = Flask("host_portal")
    host.config.update(
        TESTING=True,
        SECRET_KEY="host-secret",
        SQLALCHEMY_DATABASE_URI="sqlite:///" + str(tmp_path / "host.sqlite"),
    )
    host_db = SQLAlchemy(host)
    host.extensions["test_host_db"] = host_db
    return host


@pytest.fixture
def live_server(seeded_app):
    server = LiveServer(seeded_app)
    yield server
    server.stop()


def take_the_database_down(monkeypatch):
    """The preferences' queries fail as they do when the database server is unreachable."""
    from sqlalchemy.exc import OperationalError

    from reader import preferences

    real = preferences.session

    class Down:
        def __getattr__(self, name):
            return getattr(real(), name)

        def get(self, *args, **kwargs):
            raise OperationalError("SELECT reader_preference", {}, ConnectionError("down"))

        def execute(self, *args, **kwargs):
            raise OperationalError("INSERT INTO reader_preference", {}, ConnectionError("down"))

    def engine_for(model):  # the write runs on the engine, alone
        raise OperationalError("connect", {}, ConnectionError("down"))

    monkeypatch.setattr(preferences, "session", Down)
    monkeypatch.setattr(preferences, "engine_for", engine_for)
