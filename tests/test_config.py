"""Configuration: DATABASE_URL, the secret key kept in the instance folder, READER_* overrides."""

import os
import stat

import pytest
from flask import Flask

from reader import create_app
from reader.config import DEFAULTS, configure, normalize_database_url


@pytest.fixture
def clean_env(monkeypatch):
    """No DATABASE_URL, SECRET_KEY or READER_* from the machine running the tests."""
    for key in list(os.environ):
        if key in ("DATABASE_URL", "SECRET_KEY") or key.startswith("READER_"):
            monkeypatch.delenv(key)
    return monkeypatch


def bare_app(instance_path):
    return Flask("reader_config_test", instance_path=str(instance_path))


@pytest.mark.parametrize(
    "given, expected",
    [
        (
            "postgres://u:p@db.example:5432/reader",
            "postgresql+psycopg://u:p@db.example:5432/reader",
        ),
        ("postgresql://u@localhost/reader", "postgresql+psycopg://u@localhost/reader"),
        ("postgresql+psycopg://u@localhost/reader", "postgresql+psycopg://u@localhost/reader"),
        ("sqlite:////var/lib/reader/reader.sqlite", "sqlite:////var/lib/reader/reader.sqlite"),
    ],
)
def test_database_url_selects_the_database(clean_env, tmp_path, given, expected):
    clean_env.setenv("DATABASE_URL", given)
    app = bare_app(tmp_path)
    configure(app)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == expected
    assert normalize_database_url(given) == expected


def test_without_database_url_sqlite_lives_in_the_instance_folder(clean_env, tmp_path):
    app = bare_app(tmp_path)
    configure(app)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/reader.sqlite"


def test_create_app_reads_database_url_and_secret_key(clean_env):
    clean_env.setenv("DATABASE_URL", "postgres://reader@127.0.0.1:5999/reader")
    clean_env.setenv("SECRET_KEY", "from-the-environment")
    app = create_app()
    assert (
        app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://reader@127.0.0.1:5999/reader"
    )
    assert app.config["SECRET_KEY"] == "from-the-environment"
    with app.app_context():
        assert app.extensions["reader"].db.engine.dialect.driver == "psycopg"


def test_secret_key_is_generated_once_into_the_instance_folder(clean_env, tmp_path):
    first = bare_app(tmp_path)
    configure(first)
    key = first.config["SECRET_KEY"]
    assert len(key) >= 32
    path = tmp_path / "secret_key"
    assert path.read_text().strip() == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no temporary files left

    second = bare_app(tmp_path)
    configure(second)
    assert second.config["SECRET_KEY"] == key  # sessions survive a restart

    (tmp_path / "other").mkdir()
    elsewhere = bare_app(tmp_path / "other")
    configure(elsewhere)
    assert elsewhere.config["SECRET_KEY"] != key  # never a constant in the code


def test_secret_key_from_the_environment_writes_no_file(clean_env, tmp_path):
    clean_env.setenv("SECRET_KEY", "s3cret")
    app = bare_app(tmp_path)
    configure(app)
    assert app.config["SECRET_KEY"] == "s3cret"
    assert not (tmp_path / "secret_key").exists()


def test_reader_settings_from_the_environment_override_defaults(clean_env, tmp_path):
    clean_env.setenv("READER_ARTICLES_PER_PAGE", "25")
    clean_env.setenv("READER_MAX_IMPORT_BYTES", "5000000")
    clean_env.setenv("READER_COOKIE_NAME", "my_reader")
    clean_env.setenv("READER_LANGUAGES", '["en", "vi"]')
    app = bare_app(tmp_path)
    configure(app)
    assert app.config["READER_ARTICLES_PER_PAGE"] == 25
    assert app.config["READER_MAX_IMPORT_BYTES"] == 5_000_000
    assert app.config["READER_COOKIE_NAME"] == "my_reader"
    assert app.config["READER_LANGUAGES"] == ["en", "vi"]
    assert app.config["READER_DEFAULT_LANGUAGE"] == DEFAULTS["READER_DEFAULT_LANGUAGE"]


def test_test_config_wins_over_the_environment(clean_env, tmp_path):
    clean_env.setenv("READER_ARTICLES_PER_PAGE", "25")
    app = bare_app(tmp_path)
    configure(app, {"READER_ARTICLES_PER_PAGE": 3, "SECRET_KEY": "t"})
    assert app.config["READER_ARTICLES_PER_PAGE"] == 3
    assert app.config["SECRET_KEY"] == "t"


def test_reader_settings_reach_the_pages(clean_env, tmp_path):
    """READER_ARTICLES_PER_PAGE from the environment changes how many articles a page lists."""
    from flask_migrate import upgrade

    from reader.db import session
    from reader.paths import MIGRATIONS_DIR
    from reader.store import ArticleData, save_article

    clean_env.setenv("READER_ARTICLES_PER_PAGE", "2")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "t",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/r.sqlite",
        }
    )
    with app.app_context():
        upgrade(directory=str(MIGRATIONS_DIR))
        for n in range(3):
            save_article(session(), ArticleData(title=f"Story {n}"))
        session().commit()
    page = app.test_client().get("/", headers={"Accept-Language": "en"}).text
    assert page.count('class="reader-list__item"') == 2
    assert "Page 1 of 2" in page
    with app.app_context():
        app.extensions["reader"].db.engine.dispose()
