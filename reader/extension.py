"""`Reader`: what a Flask app mounts to get the reader's pages, toolbar, static files and CLI.

It follows Flask-SQLAlchemy's extension pattern: `Reader(app)` or `reader.init_app(app)`, config
keys prefixed `READER_` set with `setdefault`, state in `app.extensions["reader"]`, and a
`RuntimeError` when the same app registers it twice. Our own app is built with it.

On a host portal it sets no key but the `READER_*` ones of `reader.config.DEFAULTS` (its
documented keys), adds its template globals under `reader_*` names, and leaves the host's
Babel, CSRF and database settings as they are:

- translations come from our own Flask-Babel domain; Babel is set up only if the host has none;
- our views guard themselves (the cross-origin check, the embed's token), so a host's
  `CSRFProtect` (mounted before us) exempts our blueprint rather than demanding a session token
  that would make every page uncacheable;
- the database is the host's `db` when given, else our own `SQLAlchemy` object.
"""

from pathlib import Path

from flask import Flask
from flask_babel import Babel, get_locale
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

from reader import cli, errors, static_files
from reader.abuse import Limits
from reader.caching import no_store_with_cookies
from reader.choices import CHOICES
from reader.config import DEFAULTS
from reader.db import db as own_db
from reader.edge import KnownHosts
from reader.embed import EMBED_COOKIE
from reader.fast_pages import FastPages
from reader.i18n import (
    LANGUAGE_NAMES,
    format_article_date,
    gettext,
    language_url,
    remember_language,
    select_locale,
)
from reader.models import Base
from reader.page_cache import PageCache
from reader.paths import MIGRATIONS_DIR, STATIC_DIR
from reader.refused_loops import RefusedLoops
from reader.routes import create_blueprint
from reader.scale import TEXT_SIZES
from reader.security import set_security_headers
from reader.tokens import new_reader_token
from reader.toolbar import share_links

TEMPLATE_GLOBALS = {
    "reader_gettext": gettext,
    "reader_share_links": share_links,
    "reader_text_sizes": TEXT_SIZES,
    "reader_choices": CHOICES,
    "reader_language_names": LANGUAGE_NAMES,
    "reader_language_url": language_url,
    "reader_locale": get_locale,
    "reader_format_date": format_article_date,
    "reader_new_reader_token": new_reader_token,
}


def static_root(app: Flask) -> Path:
    """Where the built static files live: READER_STATIC_ROOT, else the instance folder's."""
    return Path(app.config["READER_STATIC_ROOT"] or Path(app.instance_path) / "reader-static")


def count_host(app: Flask, environ) -> None:
    """An answer from memory still counts for its Host (`edge.KnownHosts`), so a flood of
    made-up Hosts never outnumbers the real one, whose hits mostly skip Flask."""
    if app.extensions.get("reader.public_url"):
        return
    hosts = app.extensions.setdefault("reader.known_hosts", KnownHosts())
    hosts.admit((environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")).lower())


class Reader:
    """Mounts the reader on a Flask app; `db` is the host's Flask-SQLAlchemy object, if any.

    `standalone=True` is for our own app: every response then gets our security headers and
    language cookie, errors get our pages, `flask db` runs our migrations, and whole public
    pages are answered from memory in front of Flask (reader/fast_pages.py).

    `serve_static` (default: `standalone`) builds fingerprinted, precompressed copies of our
    static files and wraps `app.wsgi_app` in WhiteNoise for our static prefix only
    (reader/static_files.py). A host portal gets it only by asking: without it, our static
    files are served by the blueprint's own static view under their plain names, as Flask does.
    """

    def __init__(
        self,
        app: Flask | None = None,
        *,
        db: SQLAlchemy | None = None,
        standalone: bool = False,
        url_prefix: str | None = None,
        serve_static: bool | None = None,
    ):
        self.db = db
        self.standalone = standalone
        self.serve_static = standalone if serve_static is None else serve_static
        self.url_prefix = url_prefix
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        if "reader" in app.extensions:
            raise RuntimeError("Reader is already registered on this Flask app.")
        for key, value in DEFAULTS.items():
            app.config.setdefault(key, value)
        if self.db is None:  # our own database; a host passes its `db` instead
            self.db = own_db
            own_db.init_app(app)
        elif "sqlalchemy" not in app.extensions:
            self.db.init_app(app)
        app.extensions["reader"] = self
        app.extensions["reader.limits"] = Limits(app.config)
        app.extensions["reader.pages"] = PageCache(
            app.config["READER_PAGE_CACHE_BYTES"], app.config["READER_PAGE_VERSION_SECONDS"]
        )
        if "babel" not in app.extensions:
            Babel(app, locale_selector=select_locale)

        blueprint = create_blueprint(headers_hooks=not self.standalone)
        app.register_blueprint(blueprint, url_prefix=self.url_prefix)
        if "csrf" in app.extensions:
            app.extensions["csrf"].exempt(blueprint)
        for name, value in TEMPLATE_GLOBALS.items():
            app.add_template_global(value, name)
        cli.register(app)
        if self.standalone and app.config["READER_PAGE_CACHE_BYTES"]:
            app.wsgi_app = app.extensions["reader.fast_pages"] = FastPages(
                app.wsgi_app,
                app.config["READER_PAGE_VERSION_SECONDS"],
                app.config["READER_COOKIE_NAME"],
                app.config["READER_PAGE_CACHE_BYTES"],
                on_hit=lambda environ: count_host(app, environ),
                embed_cookie=EMBED_COOKIE,
            )
        if self.standalone:
            app.wsgi_app = RefusedLoops(app.wsgi_app)
        if self.serve_static:
            self.static_manifest = static_files.serve(
                app,
                f"{(self.url_prefix or '').rstrip('/')}/static/reader/",
                static_root(app),
                STATIC_DIR / "reader",
                app.config["READER_STATIC_MAX_AGE"],
            )
        if self.standalone:  # the whole app is ours
            app.after_request(no_store_with_cookies)  # registered first, so it runs last
            app.after_request(set_security_headers)
            app.after_request(remember_language)
            for status, handler in errors.HANDLERS.items():
                app.register_error_handler(status, handler)
            Migrate(app, self.db, directory=str(MIGRATIONS_DIR))

    @property
    def session(self):
        return self.db.session

    def create_all(self) -> None:
        """Create the reader's tables on a host's database (hosts with Alembic migrate instead)."""
        Base.metadata.create_all(self.db.engine)
