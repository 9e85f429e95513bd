"""The write path under contention: connection settings, one upsert, a quick 503 when locked."""

import re
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from reader.cli import import_file
from reader.models import utcnow
from reader.preferences import Outcome, apply_action, new_reader_id
from tests.conftest import SEED


def test_every_connection_gets_our_settings(app):
    with app.app_context():
        engine = app.extensions["reader"].db.engine
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
                assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 1000
            else:
                assert connection.exec_driver_sql("SHOW statement_timeout").scalar() == "5s"
                assert connection.exec_driver_sql("SHOW lock_timeout").scalar() == "1s"


def test_two_tabs_of_one_reader_never_get_a_false_503(app):
    """Tabs racing to create the same reader's row (after a reset) all succeed: one upsert."""
    reader_id = new_reader_id()
    outcomes, start = [], threading.Barrier(6)

    def tab(action):
        with app.test_request_context():
            start.wait()
            for _ in range(15):
                outcomes.append(apply_action(reader_id, action).outcome)
                outcomes.append(apply_action(reader_id, "reset").outcome)

    threads = [threading.Thread(target=tab, args=(a,)) for a in ("increase", "decrease") * 3]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == 6 * 30 and set(outcomes) == {Outcome.CHANGED}


def test_a_locked_table_gives_a_quick_503_not_a_hung_worker(app):
    with app.app_context():
        import_file(Path(SEED))
        engine = app.extensions["reader"].db.engine
    client = app.test_client()
    with engine.connect() as locker:
        if engine.dialect.name == "sqlite":
            locker.exec_driver_sql("BEGIN IMMEDIATE")  # holds the write lock
        else:
            locker.execute(text("BEGIN"))
            locker.execute(text("LOCK TABLE reader_preference IN ACCESS EXCLUSIVE MODE"))
        started = time.monotonic()
        response = client.post(
            "/reader/text-size",
            data={"action": "increase"},
            headers={"Accept-Language": "en"},
        )
        waited = time.monotonic() - started
        locker.rollback()
    assert response.status_code == 503 and "could not be saved" in response.text
    assert waited < 4, f"the request waited {waited:.1f} s for the lock"
    with app.test_request_context():  # and the next write goes through
        assert apply_action(None, "increase").outcome is Outcome.CHANGED


@pytest.mark.parametrize("synchronous", [False, True])
def test_on_postgresql_a_preference_change_waits_for_no_disk_flush_unless_asked(
    app, monkeypatch, synchronous
):
    """By default a preference change commits asynchronously (that statement's transaction
    only); `READER_DB_SYNCHRONOUS_PREFERENCE_COMMIT` makes it wait for the disk. Either way the
    change is seen by every other connection the moment it is reported."""
    from reader import db, preferences

    app.config["READER_DB_SYNCHRONOUS_PREFERENCE_COMMIT"] = synchronous
    with app.app_context():
        engine = app.extensions["reader"].db.engine
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's synchronous_commit")
    statements, real = [], db.execute_alone

    def recorded(engine, statement, values):
        statements.append(db.driver_form(engine.dialect, statement)[0])
        real(engine, statement, values)

    monkeypatch.setattr(preferences, "execute_alone", recorded)
    with app.test_request_context():
        change = apply_action(None, "increase")
        reset = apply_action(change.reader_id, "reset")
    assert change.outcome is reset.outcome is Outcome.CHANGED
    upsert, delete = statements
    assert upsert.startswith("INSERT INTO reader_preference") and "ON CONFLICT" in upsert
    assert delete.startswith("DELETE FROM reader_preference")
    assert ("synchronous_commit" in upsert) is ("synchronous_commit" in delete) is not synchronous
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SHOW synchronous_commit").scalar() == "on"
        stored = connection.execute(
            text("SELECT font_scale FROM reader_preference WHERE reader_id = :id"),
            {"id": change.reader_id},
        ).scalar()
    assert stored is None  # the reset's delete is seen too
    with app.test_request_context():
        change = apply_action(None, "increase")
    with engine.connect() as connection:
        stored = connection.execute(
            text("SELECT font_scale FROM reader_preference WHERE reader_id = :id"),
            {"id": change.reader_id},
        ).scalar()
    assert stored == 110


def test_on_postgresql_the_asynchronous_commit_is_that_transactions_alone(app):
    """The setting lives in the write's own transaction: inside it PostgreSQL reports it off,
    after it every statement on that connection commits synchronously again."""
    from reader.preferences import preference_writes

    with app.app_context():
        engine = app.extensions["reader"].db.engine
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's synchronous_commit")
    writes = preference_writes("postgresql", False)
    reader_id = new_reader_id()
    row = {"reader_id": reader_id, "font_scale": 120, "choices": "", "updated_at": utcnow()}
    show = "SHOW synchronous_commit"
    with engine.connect() as connection:
        connection.execute(writes.upsert, row)
        assert connection.exec_driver_sql(show).scalar() == "off"
        connection.commit()
        assert connection.exec_driver_sql(show).scalar() == "on"
        assert connection.execute(writes.delete, {"reader_id": reader_id}).rowcount == 1
        assert connection.exec_driver_sql(show).scalar() == "off"
        connection.commit()
        assert connection.exec_driver_sql(show).scalar() == "on"


def test_a_write_reads_back_through_the_orm_as_it_was_stored(app):
    """The write goes around SQLAlchemy's Connection on SQLite (`db.execute_alone`): the row it
    leaves must read back exactly, the time included (SQLAlchemy's own conversion is used)."""
    from datetime import UTC, datetime, timedelta

    from reader.db import session
    from reader.models import ReaderPreference
    from reader.preferences import Preferences, store_preferences

    reader_id = new_reader_id()
    before = datetime.now(UTC)
    with app.test_request_context():
        store_preferences(reader_id, Preferences(150, line_height="20", theme="d"))
        row = session().get(ReaderPreference, reader_id)
        assert (row.font_scale, row.choices) == (150, "l20-td")
        stored = row.updated_at if row.updated_at.tzinfo else row.updated_at.replace(tzinfo=UTC)
        assert before - timedelta(seconds=1) <= stored <= datetime.now(UTC)
        engine = app.extensions["reader"].db.engine
        if engine.dialect.name == "sqlite":  # stored as SQLAlchemy stores it (no "+00:00"), so
            with engine.connect() as connection:  # `prune` compares like with like
                raw = connection.exec_driver_sql(
                    "SELECT updated_at FROM reader_preference WHERE reader_id = ?", (reader_id,)
                ).scalar()
            assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}", raw), raw
        store_preferences(reader_id, Preferences())  # back to every default: the row goes
        session().expire_all()
        assert session().get(ReaderPreference, reader_id) is None
