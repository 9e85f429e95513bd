"""Readers' preferences: an anonymous id in a signed cookie, a `ReaderPreference` row behind it.

No account and no tracking: the id is 256 random bits, set only when a reader first changes a
preference, and the row holds nothing but the preferences. Reset deletes the row.

`apply_action` is the one way a preference changes. Our form, the script embed and the iframe
only check where the change came from, call it and answer in their own way (303, htmx fragment,
JSON).
"""

import enum
import logging
import secrets
from dataclasses import dataclass
from functools import lru_cache

from flask import current_app, g, request
from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from reader.caching import VARIANT_COOKIE
from reader.db import session
from reader.models import ReaderPreference, utcnow
from reader.scale import TEXT_SIZES
from reader.tokens import reader_id_from

log = logging.getLogger(__name__)

ACTIONS = ("increase", "decrease", "reset")


@dataclass(frozen=True)
class Preferences:
    font_scale: int = TEXT_SIZES.default

    @property
    def can_increase(self) -> bool:
        return self.font_scale < TEXT_SIZES.largest

    @property
    def can_decrease(self) -> bool:
        return self.font_scale > TEXT_SIZES.smallest

    @property
    def is_default(self) -> bool:
        return self.font_scale == TEXT_SIZES.default

    @property
    def variant(self) -> str:
        """The name of the page these preferences give, for the variant cookie (`s120`)."""
        return f"s{self.font_scale}"

    @classmethod
    def from_variant(cls, value: str | None) -> "Preferences | None":
        """The preferences a variant cookie names, or None for anything else."""
        if not value or not value.startswith("s") or not value[1:].isdigit() or len(value) > 8:
            return None
        scale = int(value[1:])
        return cls(scale) if scale in TEXT_SIZES.steps else None

    def after(self, action: str) -> "Preferences":
        if action == "increase":
            return Preferences(TEXT_SIZES.step(self.font_scale, +1))
        if action == "decrease":
            return Preferences(TEXT_SIZES.step(self.font_scale, -1))
        return Preferences()


class PreferencesUnavailable(Exception):
    """The database could not be reached to read or store preferences."""


class Outcome(enum.Enum):
    CHANGED = "changed"
    UNKNOWN_ACTION = "unknown action"
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class Change:
    """What `apply_action` did: the outcome, the preferences now in force, and the reader id
    that holds them (a new id on a reader's first change; None once back at the defaults)."""

    outcome: Outcome
    prefs: Preferences
    reader_id: str | None


def current_reader_id() -> str | None:
    return reader_id_from(request.cookies.get(current_app.config["READER_COOKIE_NAME"]))


def new_reader_id() -> str:
    return secrets.token_urlsafe(32)


def load_preferences(reader_id: str | None) -> Preferences:
    """The stored preferences, or the defaults; raises PreferencesUnavailable if the db is down."""
    if reader_id is None:
        return Preferences()
    try:
        row = session().get(ReaderPreference, reader_id)
    except SQLAlchemyError as error:
        session().rollback()
        raise PreferencesUnavailable() from error
    if row is None or row.font_scale not in TEXT_SIZES.steps:
        return Preferences()
    return Preferences(row.font_scale)


def preferences_or_default(reader_id: str | None) -> Preferences:
    """The stored preferences; the defaults (and a log line) when the database is down, so the
    page still renders."""
    try:
        return load_preferences(reader_id)
    except PreferencesUnavailable:
        log.exception("Reading preferences failed; rendering at the default size.")
        return Preferences()


def current_preferences() -> Preferences:
    """This request's preferences on our own pages: the variant cookie names them, so a page
    needs no database; a reader who has an id but no variant cookie (it expired, or was set
    before it existed) gets them from the database, and `g.reader_variant_missing` asks the
    view to set the cookie again."""
    if "reader_preferences" not in g:
        prefs = Preferences.from_variant(request.cookies.get(VARIANT_COOKIE))
        if prefs is None:
            reader_id = current_reader_id()
            prefs = preferences_or_default(reader_id)
            g.reader_variant_missing = reader_id is not None and not prefs.is_default
        g.reader_preferences = prefs
    return g.reader_preferences


def keep_variant(response, prefs: Preferences):
    """Set (or, at the defaults, delete) the variant cookie that selects the cached page."""
    if prefs.is_default:
        response.delete_cookie(VARIANT_COOKIE)
    else:
        response.set_cookie(
            VARIANT_COOKIE,
            prefs.variant,
            httponly=True,
            samesite="Lax",
            max_age=current_app.config["READER_COOKIE_MAX_AGE"],
            secure=request.is_secure,
        )
    return response


def store_preferences(reader_id: str, prefs: Preferences) -> None:
    """Save the preferences in one statement: an upsert (`INSERT … ON CONFLICT DO UPDATE`), so
    two tabs of one reader never collide; a delete once they are back to the defaults.

    The statement runs alone, in its own implicit transaction (autocommit): one round trip on
    PostgreSQL, and SQLite's write lock held only while the statement runs in C. Both
    statements are built once per dialect; no ORM unit of work (there is no object to track).
    """
    if prefs.is_default:
        statement, values = DELETE_PREFERENCE, {"reader_id": reader_id}
    else:
        values = {"reader_id": reader_id, "font_scale": prefs.font_scale, "updated_at": utcnow()}
    try:
        engine = session().get_bind(mapper=ReaderPreference)
        if not prefs.is_default:
            statement = upsert(engine.dialect.name)
        with engine.connect() as connection:
            autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
            autocommit.execute(statement, values)
    except SQLAlchemyError as error:
        raise PreferencesUnavailable() from error
    g.reader_preferences = prefs


DELETE_PREFERENCE = delete(ReaderPreference).where(
    ReaderPreference.reader_id == bindparam("reader_id")
)
COLUMNS = ("reader_id", "font_scale", "updated_at")


@lru_cache(maxsize=4)
def upsert(dialect: str):
    """The dialect's INSERT … ON CONFLICT (SQLite and PostgreSQL both have it), built once.

    On PostgreSQL the row comes from a SELECT over `set_config('synchronous_commit', 'off',
    true)`: a text size is not worth a disk flush per click, so this one statement's commit
    returns before its WAL reaches the disk (asynchronous commit: a crash may forget the last
    fraction of a second of size changes, and never corrupts anything). The setting is local
    to the statement's own transaction: imports and everything else stay synchronous.
    """
    table = ReaderPreference.__table__
    params = [bindparam(name, type_=table.c[name].type) for name in COLUMNS]
    if dialect == "postgresql":
        async_commit = select(func.set_config("synchronous_commit", "off", True)).subquery()
        statement = postgresql.insert(table).from_select(
            COLUMNS, select(*params).select_from(async_commit)
        )
    else:
        statement = {"sqlite": sqlite.insert}[dialect](table).values(
            dict(zip(COLUMNS, params, strict=True))
        )
    return statement.on_conflict_do_update(
        index_elements=[table.c.reader_id],
        set_={
            "font_scale": statement.excluded.font_scale,
            "updated_at": statement.excluded.updated_at,
        },
    )


def apply_action(reader_id: str | None, action: str | None) -> Change:
    """Apply one toolbar action (see ACTIONS) for this reader, on our pages or a portal's.

    The caller has already authenticated the request; this checks the action, stores the result
    and says what happened. It never raises for a refused action or a database outage.
    """
    if action not in ACTIONS:
        return Change(Outcome.UNKNOWN_ACTION, Preferences(), reader_id)
    try:
        prefs = load_preferences(reader_id).after(action)
        store_id = None if prefs.is_default else reader_id or new_reader_id()
        if store_id or reader_id:
            store_preferences(store_id or reader_id, prefs)
    except PreferencesUnavailable:
        log.exception("Storing a reader's preferences failed.")
        return Change(Outcome.UNAVAILABLE, Preferences(), reader_id)
    return Change(Outcome.CHANGED, prefs, store_id)
