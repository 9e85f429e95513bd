"""Our own Flask-SQLAlchemy object, used when the host app does not bring one, and the
connection settings that keep our write path quick under load.

SQLite: WAL (readers never wait for the writer), `synchronous=NORMAL` (safe in WAL, one fsync
per checkpoint instead of per commit) and a short `busy_timeout`, on every connection.
PostgreSQL: a `statement_timeout` and a `lock_timeout`, so a locked table gives a quick error
(a 503 page) rather than hanging every worker.
"""

import select
from contextlib import contextmanager
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


CURSOR = "reader.cursor"  # execute_alone's cursor, in the pooled connection's `info`


def execute_alone(engine: Engine, statement, values: dict) -> None:
    """Run one INSERT, UPDATE or DELETE in a transaction of its own, with nothing else on the way.

    Through the driver itself, the statement compiled once, in autocommit: on PostgreSQL one
    round trip; on SQLite the write lock is taken and released (the commit included) within one
    call into C, so a worker preempted between statement and commit never holds it while the
    others sleep in their busy handlers. SQLAlchemy's Connection would add its execution context
    and, for autocommit, an isolation level set and reset: more than the write itself costs,
    on every change a reader makes. Each pooled connection keeps one cursor for these writes
    (a psycopg cursor costs more to make than the rest of the call). A failure raises
    SQLAlchemy's error for it (`OperationalError` for a locked database or a lost server), as
    SQLAlchemy itself would.
    """
    sql, names, processors, positional = driver_form(engine.dialect, statement)
    converted = {
        name: values[name] if process is None else process(values[name])
        for name, process in zip(names, processors, strict=True)
    }
    params = tuple(converted.values()) if positional else converted
    dialect = engine.dialect
    driver_error = dialect.loaded_dbapi.Error
    try:
        connection = engine.raw_connection()  # a new connection's set-up may fail too
        try:
            driver = connection.driver_connection
            cursor = connection.info.get(CURSOR)  # kept while the connection lives
            if cursor is None:
                cursor = connection.info[CURSOR] = driver.cursor()
            try:
                with autocommit(dialect.name, driver):
                    cursor.execute(sql, params)
            except driver_error as error:
                if dialect.is_disconnect(error, driver, cursor):
                    connection.invalidate(error)  # never handed out again (nor its cursor)
                raise
        finally:
            connection.close()  # back to the pool
    except driver_error as error:
        raise DBAPIError.instance(sql, params, error, driver_error, dialect=dialect) from error


@contextmanager
def autocommit(dialect_name: str, driver):
    """The driver's own autocommit for a block (no round trip to switch it, with either)."""
    if dialect_name == "sqlite":  # Python's sqlite3: no isolation level is autocommit
        before, driver.isolation_level = driver.isolation_level, None
        try:
            yield
        finally:
            driver.isolation_level = before
    else:  # psycopg
        before, driver.autocommit = driver.autocommit, True
        try:
            yield
        finally:
            if not driver.closed:
                driver.autocommit = before


@lru_cache(maxsize=16)
def driver_form(dialect, statement) -> tuple[str, tuple, tuple, bool]:
    """A statement as its driver takes it: the SQL, its parameters' names (in order when the
    driver's are positional), each one's conversion (SQLAlchemy's own, e.g. a datetime to
    SQLite's text) or None, and whether they are positional."""
    compiled = statement.compile(dialect=dialect)
    names = tuple(compiled.positiontup if compiled.positional else compiled.binds)
    processors = tuple(
        compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    )
    return compiled.string, names, processors, compiled.positional


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
