"""Our own Flask-SQLAlchemy object, used when the host app does not bring one, and the
connection settings that keep our write path quick under load.

SQLite: WAL (readers never wait for the writer), `synchronous=NORMAL` (safe in WAL, one fsync
per checkpoint instead of per commit) and a short `busy_timeout`, on every connection.
PostgreSQL: a `statement_timeout` and a `lock_timeout`, so a locked table gives a quick error
(a 503 page) rather than hanging every worker.
"""

from flask import current_app
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine

db = SQLAlchemy()


def session():
    """The session of whichever `db` the Reader extension was given."""
    return current_app.extensions["reader"].session


def engine_options(url: str, config) -> dict:
    """Our own app's engine options for this database URL (a new dict for every app)."""
    options = {"pool_pre_ping": True}
    if url.startswith("postgresql"):
        statement, lock = (
            config["READER_DB_STATEMENT_TIMEOUT_MS"],
            config["READER_DB_LOCK_TIMEOUT_MS"],
        )
        options["connect_args"] = {
            "options": f"-c statement_timeout={int(statement)} -c lock_timeout={int(lock)}",
            # An unreachable server (not a refused connection) fails within 2 s, libpq's
            # shortest, rather than after the operating system's TCP timeout: a quick 503.
            "connect_timeout": 2,
        }
    elif url.startswith("sqlite"):
        options["connect_args"] = {"timeout": config["READER_DB_BUSY_TIMEOUT_MS"] / 1000}
    return options


def tune_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """WAL, synchronous=NORMAL and the busy timeout on each new SQLite connection."""
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return

    @event.listens_for(engine, "connect")
    def on_connect(connection, _record):
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()
