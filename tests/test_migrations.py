"""Schema changes go through Alembic: upgrade from empty, down to base and up again, no drift."""

import os

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import func, inspect, select

from reader.db import session
from reader.models import Article, Base
from reader.paths import MIGRATIONS_DIR

MODEL_TABLES = set(Base.metadata.tables)


def table_names(app):
    with app.app_context():
        return set(inspect(app.extensions["reader"].db.engine).get_table_names())


def test_the_tests_use_the_database_they_were_given(app):
    """CI's PostgreSQL run must really run on PostgreSQL, not fall back to SQLite."""
    wanted = os.environ.get("DATABASE_URL_TEST", "")
    expected = "postgresql" if wanted.startswith(("postgres://", "postgresql")) else "sqlite"
    with app.app_context():
        assert app.extensions["reader"].db.engine.dialect.name == expected


def test_upgrade_from_empty_creates_every_model_table(app):
    assert {"reader_article", "reader_figure", "reader_preference"} <= MODEL_TABLES
    with app.app_context():
        downgrade(directory=str(MIGRATIONS_DIR), revision="base")
        assert not table_names(app) & MODEL_TABLES
        upgrade(directory=str(MIGRATIONS_DIR))
    assert MODEL_TABLES <= table_names(app)


def test_migrations_match_the_models(app):
    """A model changed without a new migration shows up here as a difference."""
    with app.app_context(), app.extensions["reader"].db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_to_base_and_upgrade_again(app):
    with app.app_context():
        downgrade(directory=str(MIGRATIONS_DIR), revision="base")
        upgrade(directory=str(MIGRATIONS_DIR))
        downgrade(directory=str(MIGRATIONS_DIR), revision="base")
        upgrade(directory=str(MIGRATIONS_DIR))
        session().add(Article(slug="after-migrations", source_key="test:1", title="Still works"))
        session().commit()
        assert session().scalar(select(func.count()).select_from(Article)) == 1
    assert MODEL_TABLES <= table_names(app)


def test_db_upgrade_command_is_idempotent(app, runner):
    """What `make run` does on every start: `flask db upgrade` on an up-to-date schema."""
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert MODEL_TABLES <= table_names(app)


def test_load_demo_only_into_an_empty_database(app, runner):
    first = runner.invoke(args=["load-demo"])
    assert first.exit_code == 0, first.output
    assert "/articles/" in first.output
    second = runner.invoke(args=["load-demo"])
    assert second.exit_code == 0 and "not loaded" in second.output
    with app.app_context():
        assert session().scalar(select(func.count()).select_from(Article)) == 1
