"""Configuration: one place for defaults, the database URL and the secret key."""

import json
import os
import secrets
import tempfile
from pathlib import Path

from reader.db import engine_options

# Every key the Reader extension reads, with its default. `Reader.init_app` sets these on any app
# (with `setdefault`: a host's own values win) and no other key.
DEFAULTS = {
    # The largest file `flask import` accepts, in bytes.
    "READER_MAX_IMPORT_BYTES": 2_000_000,
    # The largest request body our own app accepts (its MAX_CONTENT_LENGTH); over it: 413.
    "READER_MAX_REQUEST_BYTES": 64 * 1024,
    # Articles on each page of the list.
    "READER_ARTICLES_PER_PAGE": 10,
    # The anonymous reader-id cookie, and how long it (and the variant cookie) lives:
    # 400 days, the longest Chromium accepts.
    "READER_COOKIE_NAME": "reader_id",
    "READER_COOKIE_MAX_AGE": 400 * 24 * 3600,
    # Languages of the page chrome, and the one used when the browser asks for none of them.
    "READER_LANGUAGES": ("vi", "en"),
    "READER_DEFAULT_LANGUAGE": "vi",
    # How long a shared cache may serve a reading page as fresh, then stale while it asks again
    # (seconds): an import shows within the first, and a busy article costs one render per
    # variant and language each time.
    "READER_PAGE_MAX_AGE": 60,
    "READER_PAGE_STALE_SECONDS": 300,
    # Rendered pages each process keeps in memory (reader/page_cache.py), in bytes; 0: none.
    "READER_PAGE_CACHE_BYTES": 32 * 1024 * 1024,
    # How long a process trusts what it last read of an article's version (seconds): an import
    # shows within it; 0 asks the database on every request.
    "READER_PAGE_VERSION_SECONDS": 1.0,
    # Where the fingerprinted, precompressed static files are built and served from (None: the
    # app's instance folder, `reader-static/`), and how long a file under its own, unhashed name
    # (`/static/reader/embed.js`) may be cached before it is revalidated, in seconds.
    "READER_STATIC_ROOT": None,
    "READER_STATIC_MAX_AGE": 300,
    # How long our own app's database may keep a request waiting, in milliseconds: SQLite's
    # busy timeout; PostgreSQL's statement and lock timeouts. (A host's engine is the host's.)
    "READER_DB_BUSY_TIMEOUT_MS": 1000,
    "READER_DB_STATEMENT_TIMEOUT_MS": 5000,
    "READER_DB_LOCK_TIMEOUT_MS": 1000,
    # PostgreSQL: whether a reader's preference change waits for its WAL to reach the disk.
    # False: it commits asynchronously (reader/preferences.py, `preference_writes`).
    "READER_DB_SYNCHRONOUS_PREFERENCE_COMMIT": False,
    # Our own app's public address (`https://reader.example`, optionally with a path prefix):
    # absolute URLs, share links and QR codes use it, and requests for other hosts get 400.
    # Unset (None): the request's own Host, as `make run` on any loopback address needs.
    "READER_PUBLIC_URL": None,
    # How many proxies in front of our own app set `X-Forwarded-For/-Proto/-Host/-Prefix`
    # (Werkzeug's ProxyFix trusts that many); 0 trusts none of those headers.
    "READER_PROXY_FIX": 0,
    # `Strict-Transport-Security: max-age` (seconds) when READER_PUBLIC_URL is https; 0: none.
    "READER_HSTS_SECONDS": 365 * 24 * 3600,
    # Abuse limits (reader/abuse.py): where the counts live (a `limits` storage URI, as
    # Flask-Limiter's storage_uri: memory://, redis://host:6379, memcached://host:11211), and
    # the limits themselves, per client address and per place (our site, the iframe, one
    # portal), in the `limits` notation ("120 per minute; 1000 per hour").
    "READER_RATELIMIT_ENABLED": True,
    "READER_RATELIMIT_STORAGE_URI": "memory://",
    "READER_RATELIMIT_WRITES_PER_ADDRESS": "120 per minute",
    "READER_RATELIMIT_NEW_READERS_PER_ADDRESS": "20 per minute",
    "READER_RATELIMIT_WRITES_PER_PLACE": "6000 per minute",
    "READER_RATELIMIT_NEW_READERS_PER_PLACE": "600 per minute",
    # How long the script embed's token lives (seconds): embed.js fetches a new one when it has
    # expired. How long the new-reader token of our pages and the iframe is accepted (seconds).
    "READER_EMBED_TOKEN_MAX_AGE": 3600,
    "READER_NEW_READER_TOKEN_MAX_AGE": 24 * 3600,
    # Preference rows unused this many days are deleted by `flask --app reader prune`.
    "READER_PREFERENCE_TTL_DAYS": 400,
}


def app_defaults() -> dict:
    """Our own app's settings of Flask and its extensions (never set on a host's app); the
    session cookie's Secure flag follows the request or READER_PUBLIC_URL (reader/edge.py)."""
    return {"BABEL_DEFAULT_LOCALE": "vi", "SESSION_COOKIE_SAMESITE": "Lax"}


def database_url(app):
    """DATABASE_URL when set (PostgreSQL through psycopg 3), else SQLite in the instance folder."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + os.path.join(app.instance_path, "reader.sqlite")
    return normalize_database_url(url)


def normalize_database_url(url: str) -> str:
    """Hosts hand out `postgres://` or `postgresql://`; SQLAlchemy needs psycopg 3 named."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def secret_key(app):
    """SECRET_KEY from the environment, else one generated once into the instance folder."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = Path(app.instance_path) / "secret_key"
    if not path.exists():
        # Written whole to a private temporary file, then linked into place: two workers starting
        # at once both end up reading the one key that won, never a half-written file.
        fd, tmp = tempfile.mkstemp(dir=app.instance_path, prefix=".secret_key.")
        try:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    return path.read_text().strip()


def configure(app, test_config=None):
    """Our own app: defaults, then READER_* from the environment, then the test config; the
    database URL, request limit and secret key last."""
    app.config.update({**DEFAULTS, **app_defaults()})  # a fresh app: over Flask's own defaults
    for key, value in os.environ.items():  # READER_X=... in the environment overrides a default
        if key.startswith("READER_"):
            app.config[key] = _loads(value)
    if test_config:
        app.config.update(test_config)
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", database_url(app))
    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS",
        engine_options(app.config["SQLALCHEMY_DATABASE_URI"], app.config),
    )
    if app.config.get("MAX_CONTENT_LENGTH") is None:
        # Every form we accept is a few hundred bytes: refuse big bodies unread (413).
        app.config["MAX_CONTENT_LENGTH"] = app.config["READER_MAX_REQUEST_BYTES"]
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secret_key(app)


def _loads(value):
    try:
        return json.loads(value)
    except ValueError:
        return value
