"""`Reader`: what a Flask app mounts to get the reader's pages, toolbar, static files and CLI.

It follows Flask-SQLAlchemy's extension pattern: `Reader(app)` or `reader.init_app(app)`, config
keys prefixed `READER_` set with `setdefault`, state in `app.extensions["reader"]`, and a
`RuntimeError` when the same app registers it twice. Our own app is built with it.
"""

from pathlib import Path

from flask import Flask
from flask_babel import Babel
from flask_sqlalchemy import SQLAlchemy

from reader.config import DEFAULTS

PACKAGE_DIR = Path(__file__).resolve().parent


def asset_dir(name: str) -> Path:
    """`templates` or `static`: inside the package when installed, beside it in a checkout."""
    installed = PACKAGE_DIR / name
    return installed if installed.is_dir() else PACKAGE_DIR.parent / name


TEMPLATES_DIR = asset_dir("templates")
STATIC_DIR = asset_dir("static")
TRANSLATIONS_DIR = PACKAGE_DIR / "translations"
MIGRATIONS_DIR = PACKAGE_DIR / "migrations"


class Reader:
    """Mounts the reader on a Flask app; `db` is the host's Flask-SQLAlchemy object, if any."""

    def __init__(self, app: Flask | None = None, *, db: SQLAlchemy | None = None,
                 standalone: bool = False, url_prefix: str | None = None):
        self.db = db
        self.standalone = standalone
        self.url_prefix = url_prefix
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        if "reader" in app.extensions:
            raise RuntimeError("Reader is already registered on this Flask app.")
        for key, value in DEFAULTS.items():
            app.config.setdefault(key, value)
        if self.db is None:  # our own database; a host passes its `db` instead
            from reader.db import db

            self.db = db
            db.init_app(app)
        elif "sqlalchemy" not in app.extensions:
            self.db.init_app(app)
        app.extensions["reader"] = self

        _init_babel(app)
        from reader import cli, views

        views.register(app, self)
        cli.register(app)
        if self.standalone:
            from flask_migrate import Migrate

            Migrate(app, self.db, directory=str(MIGRATIONS_DIR))

    @property
    def session(self):
        return self.db.session

    def create_all(self) -> None:
        """Create the reader's tables on a host's database (hosts with Alembic migrate instead)."""
        from reader.models import Base

        Base.metadata.create_all(self.db.engine)


def _init_babel(app: Flask) -> None:
    from reader.i18n import select_locale

    directories = app.config.get("BABEL_TRANSLATION_DIRECTORIES", "translations")
    if str(TRANSLATIONS_DIR) not in directories.split(";"):
        app.config["BABEL_TRANSLATION_DIRECTORIES"] = f"{directories};{TRANSLATIONS_DIR}"
    if "babel" not in app.extensions:
        Babel(app, locale_selector=select_locale)
