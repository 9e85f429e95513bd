"""The write path under contention: connection settings, one upsert, a quick 503 when locked."""

import re
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from reader.cli import import_file
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


def test_on_postgresql_a_size_change_is_committed_durably(app, monkeypatch):
    """No asynchronous commit: the write that a 303 or a fragment reports is on disk, and seen
    by every other connection the moment it is reported."""
    from reader import db, preferences

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
    assert change.outcome is Outcome.CHANGED
    (write,) = statements
    assert write.startswith("INSERT INTO reader_preference") and "ON CONFLICT" in write
    assert "synchronous_commit" not in write
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SHOW synchronous_commit").scalar() == "on"
        stored = connection.execute(
            text("SELECT font_scale FROM reader_preference WHERE reader_id = :id"),
            {"id": change.reader_id},
        ).scalar()
    assert stored == 110


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
