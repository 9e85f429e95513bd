"""Our own Flask-SQLAlchemy object, used when the host app does not bring one, and the
connection settings that keep our write path quick under load.

SQLite: WAL (readers never wait for the writer), `synchronous=NORMAL` (safe in WAL, one fsync
per checkpoint instead of per commit) and a short `busy_timeout`, on every connection.
PostgreSQL: a `statement_timeout` and a `lock_timeout`, so a locked table gives a quick error
(a 503 page) rather than hanging every worker.
"""

import select
from functools import lru_cache

from flask import current_app
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, DisconnectionError

db = SQLAlchemy()


def session():
    """The session of whichever `db` the Reader extension was given."""
    return current_app.extensions["reader"].session


def engine_for(model) -> Engine:
    """The engine `model`'s table lives on (a host's `db` may bind it anywhere), looked up once
    per app: a write that needs no ORM session never creates one."""
    engines = current_app.extensions.setdefault("reader.engines", {})
    engine = engines.get(model)
    if engine is None:
        engine = engines[model] = session().get_bind(mapper=model)
    return engine


def execute_alone(engine: Engine, statement, values: dict) -> None:
    """Run one INSERT, UPDATE or DELETE in a transaction of its own, with nothing else on the way.

    Both in autocommit. PostgreSQL: one round trip. SQLite: through the driver itself, with the
    statement compiled once; the write lock is taken and released (the commit included) within
    the one call into C, so a worker preempted between statement and commit never holds it
    while the others sleep in their busy handlers. There SQLAlchemy's Connection and
    execution context would cost more than the write, on every change a reader makes.
    A failure raises SQLAlchemy's error for it (`OperationalError` for a locked database), as
    SQLAlchemy itself would.
    """
    if engine.dialect.name != "sqlite":
        with engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(statement, values)
        return
    sql, names, processors = driver_form(engine.dialect, statement)
    params = tuple(
        values[name] if process is None else process(values[name])
        for name, process in zip(names, processors, strict=True)
    )
    driver_error = engine.dialect.loaded_dbapi.Error
    try:
        connection = engine.raw_connection()  # a new connection's set-up may fail too
        try:
            driver = connection.driver_connection
            cursor, mode = driver.cursor(), driver.isolation_level
            driver.isolation_level = None  # autocommit: the statement is its own transaction
            try:
                cursor.execute(sql, params)
            finally:
                driver.isolation_level = mode
                cursor.close()
        finally:
            connection.close()  # back to the pool
    except driver_error as error:
        raise DBAPIError.instance(
            sql, params, error, driver_error, dialect=engine.dialect
        ) from error


@lru_cache(maxsize=16)
def driver_form(dialect, statement) -> tuple[str, tuple, tuple]:
    """A statement as its driver takes it: the SQL, its parameters' names in order, and each
    one's conversion (SQLAlchemy's own, e.g. a datetime to SQLite's text), or None."""
    compiled = statement.compile(dialect=dialect)
    if not compiled.positional:
        raise ValueError(f"{dialect.name} takes named parameters; use SQLAlchemy instead")
    names = tuple(compiled.positiontup)
    processors = tuple(
        compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    )
    return compiled.string, names, processors


def engine_options(url: str, config) -> dict:
    """Our own app's engine options for this database URL (a new dict for every app)."""
    options = {}
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


def watch_postgresql(engine: Engine) -> None:
    """Before a pooled PostgreSQL connection is used, make sure the server has not closed it
    (restarted, failed over, or an admin's `pg_terminate_backend`), without a round trip.

    An idle connection has nothing to read: when its socket is readable, the server has said
    goodbye (an error and end of file), so the pool drops it and opens another, and the reader
    never sees the dead one. SQLAlchemy's `pool_pre_ping` does the same with a `SELECT 1`: one
    more round trip on every request that uses the database."""
    if engine.dialect.name != "postgresql":
        return

    @event.listens_for(engine, "checkout")
    def on_checkout(connection, _record, _proxy):
        try:
            poller = select.poll()
            poller.register(connection.fileno(), select.POLLIN | select.POLLPRI)
            closed = bool(poller.poll(0))
        except (OSError, ValueError, connection.Error) as error:  # already closed
            raise DisconnectionError(str(error)) from error
        if closed:
            raise DisconnectionError("the server closed this connection")


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
