"""Readers' preferences: an anonymous id in a signed cookie, a `ReaderPreference` row behind it.

No account and no tracking: the id is 256 random bits, set only when a reader first changes a
preference, and the row holds nothing but the preferences: the size and the other choices
(reader/choices.py) in their compact form. "Reset all" (or any change back to every default)
deletes the row, and the id
dies with it: an id whose row is gone is never read nor given a row again (`live_reader`), so a
new one is issued. The id is signed with where it was issued (`reader/tokens.py`). A row unused
for `READER_PREFERENCE_TTL_DAYS` is deleted by `prune_preferences` (`flask --app reader prune`);
its last use is recorded at most once a day (`note_use`), never on every page.

`apply_action` is the one way a preference changes. Our form, the script embed and the iframe
only check where the change came from, call it and answer in their own way (303, htmx fragment,
JSON).
"""

import enum
import logging
import re
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, timedelta
from functools import lru_cache

from flask import current_app, g, request
from sqlalchemy import bindparam, delete, func, literal_column, or_, select, true, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from reader.caching import VARIANT_COOKIE
from reader.choices import CHOICES, CHOICES_BY_NAME
from reader.db import engine_for, execute_alone, session
from reader.models import ReaderPreference, utcnow
from reader.scale import TEXT_SIZES
from reader.tokens import SITE, reader_id_from

log = logging.getLogger(__name__)

SIZE_ACTIONS = ("increase", "decrease", "reset")
RESET_ALL = "reset-all"
# One action per value of each choice, e.g. "theme:d"; "reset-all" goes back to every default.
ACTIONS = (
    *SIZE_ACTIONS,
    RESET_ALL,
    *(f"{choice.name}:{code}" for choice in CHOICES for code in choice.codes),
)
VARIANT_PATTERN = re.compile(
    r"s(?P<font_scale>\d{2,3})"
    + "".join(rf"(?:-{c.key}(?P<{c.name}>{'|'.join(c.codes)}))?" for c in CHOICES)
)


@dataclass(frozen=True)
class Preferences:
    font_scale: int = TEXT_SIZES.default
    line_height: str = CHOICES_BY_NAME["line_height"].default
    spacing: str = CHOICES_BY_NAME["spacing"].default
    width: str = CHOICES_BY_NAME["width"].default
    theme: str = CHOICES_BY_NAME["theme"].default
    font: str = CHOICES_BY_NAME["font"].default
    speech_rate: str = CHOICES_BY_NAME["speech_rate"].default

    @property
    def can_increase(self) -> bool:
        return self.font_scale < TEXT_SIZES.largest

    @property
    def can_decrease(self) -> bool:
        return self.font_scale > TEXT_SIZES.smallest

    @property
    def is_default(self) -> bool:
        return self == Preferences()

    @property
    def choice_values(self) -> dict[str, str]:
        """Each reading choice's value by name, for the toolbar and the marker's classes."""
        return {c.name: getattr(self, c.name) for c in CHOICES}

    @property
    def choices(self) -> str:
        """The choices other than the size, as stored: only those not at their default
        (`l20-td`, or "" when all are)."""
        return "-".join(
            f"{c.key}{getattr(self, c.name)}" for c in CHOICES if getattr(self, c.name) != c.default
        )

    @property
    def variant(self) -> str:
        """The name of the page these preferences give, for the variant cookie (`s120`,
        `s120-l20-td`): the size, then each choice not at its default, in one order."""
        return "-".join(filter(None, (f"s{self.font_scale}", self.choices)))

    @classmethod
    def from_variant(cls, value: str | None) -> "Preferences | None":
        """The preferences a variant cookie names, or None for anything else (only the one
        way of writing each variant is accepted, so equal choices are one cached page)."""
        if not value or len(value) > 40:
            return None
        match = VARIANT_PATTERN.fullmatch(value)
        if match is None or int(match["font_scale"]) not in TEXT_SIZES.steps:
            return None
        prefs = cls(
            int(match["font_scale"]),
            **{c.name: match[c.name] for c in CHOICES if match[c.name] is not None},
        )
        return prefs if prefs.variant == value else None

    @classmethod
    def from_stored(cls, font_scale: int, choices: str | None) -> "Preferences":
        """A stored row's preferences; a size or choices no longer offered read as defaults."""
        if font_scale not in TEXT_SIZES.steps:
            font_scale = TEXT_SIZES.default
        variant = "-".join(filter(None, (f"s{font_scale}", choices)))
        return cls.from_variant(variant) or cls(font_scale)

    def after(self, action: str) -> "Preferences":
        if action == "increase":
            return replace(self, font_scale=TEXT_SIZES.step(self.font_scale, +1))
        if action == "decrease":
            return replace(self, font_scale=TEXT_SIZES.step(self.font_scale, -1))
        if action == "reset":
            return replace(self, font_scale=TEXT_SIZES.default)
        name, _, code = action.partition(":")
        if name in CHOICES_BY_NAME and code in CHOICES_BY_NAME[name].codes:
            return replace(self, **{name: code})
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


USE_RESOLUTION = timedelta(days=1)  # a row's last use is written at most this often


def current_reader_id() -> str | None:
    """Our own pages' reader: the `reader_id` cookie, when it was issued by our site."""
    return reader_id_from(request.cookies.get(current_app.config["READER_COOKIE_NAME"]), SITE)


def live_reader(reader_id: str | None) -> str | None:
    """The id while its row exists; None once it is gone (reset or pruned): a dead id is never
    read nor recreated, the reader gets a new one. Kept as it is when the database is down (the
    caller then reports the outage)."""
    if reader_id is None:
        return None
    try:
        row = session().get(ReaderPreference, reader_id)
    except SQLAlchemyError:
        session().rollback()
        return reader_id
    return reader_id if row is not None else None


def note_use(row: ReaderPreference) -> None:
    """Record that a row was read, at most once a day (one small UPDATE), for `prune`."""
    now = utcnow()
    last = max(_aware(t) for t in (row.updated_at, row.last_used_at) if t is not None)
    if now - last < USE_RESOLUTION:
        return
    db_session = session()
    try:
        db_session.execute(
            update(ReaderPreference)
            .where(ReaderPreference.reader_id == row.reader_id)
            .values(last_used_at=now)
            .execution_options(synchronize_session=False)
        )
        db_session.commit()
    except SQLAlchemyError:
        db_session.rollback()
        log.warning("Recording a reader's last use failed.", exc_info=True)


def _aware(moment):
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def prune_preferences(ttl_days: float) -> int:
    """Delete the rows neither changed nor read for `ttl_days`; returns how many."""
    cutoff = utcnow() - timedelta(days=ttl_days)
    db_session = session()
    result = db_session.execute(
        delete(ReaderPreference).where(
            ReaderPreference.updated_at < cutoff,
            or_(ReaderPreference.last_used_at.is_(None), ReaderPreference.last_used_at < cutoff),
        )
    )
    db_session.commit()
    return result.rowcount


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
    if row is None:
        return Preferences()
    prefs = Preferences.from_stored(row.font_scale, row.choices)
    note_use(row)
    return prefs


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

    The statement runs alone in its own transaction (`db.execute_alone`): no ORM session nor
    unit of work (there is no object to track), and on SQLite the write lock is held only while
    it runs. Both statements are built once per dialect (see `preference_writes` for how they
    commit).
    """
    try:
        engine = engine_for(ReaderPreference)
        writes = preference_writes(
            engine.dialect.name,
            current_app.config["READER_DB_SYNCHRONOUS_PREFERENCE_COMMIT"],
        )
        if prefs.is_default:
            statement, values = writes.delete, {"reader_id": reader_id}
        else:
            statement = writes.upsert
            values = {
                "reader_id": reader_id,
                "font_scale": prefs.font_scale,
                "choices": prefs.choices,
                "updated_at": utcnow(),
            }
        execute_alone(engine, statement, values)
    except SQLAlchemyError as error:
        raise PreferencesUnavailable() from error
    g.reader_preferences = prefs


COLUMNS = ("reader_id", "font_scale", "choices", "updated_at")


@dataclass(frozen=True)
class PreferenceWrites:
    upsert: object
    delete: object


@lru_cache(maxsize=8)
def preference_writes(dialect: str, synchronous_commit: bool) -> PreferenceWrites:
    """The dialect's upsert (INSERT … ON CONFLICT: SQLite and PostgreSQL both have it) and
    delete of one reader's row, built once.

    On PostgreSQL, unless `READER_DB_SYNCHRONOUS_PREFERENCE_COMMIT` is set, each statement turns
    `synchronous_commit` off for its own transaction (`set_config(…, true)`, evaluated once in
    the statement): its commit returns before the WAL reaches the disk. A size step is not worth
    a disk flush of its own: the flush cost 15% of the write's throughput and made its slow
    tail, and what a database crash may forget is the last fraction of a second of changes
    (never half of one, never anything else: imports and every other write stay synchronous).
    SQLite's `synchronous=NORMAL` (reader/db.py) takes the same kind of risk for an operating
    system crash.
    """
    table = ReaderPreference.__table__
    params = [bindparam(name, type_=table.c[name].type) for name in COLUMNS]
    insert = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}[dialect]
    delete_row = delete(table).where(table.c.reader_id == bindparam("reader_id"))
    if dialect == "postgresql" and not synchronous_commit:
        no_flush = select(  # constants in the SQL: the only parameters are the row's
            func.set_config(literal_column("'synchronous_commit'"), literal_column("'off'"), true())
        )
        row = select(*params).select_from(no_flush.subquery())
        upsert = insert(table).from_select(COLUMNS, row)
        delete_row = delete_row.where(no_flush.scalar_subquery().is_not(None))
    else:
        upsert = insert(table).values(dict(zip(COLUMNS, params, strict=True)))
    upsert = upsert.on_conflict_do_update(
        index_elements=[table.c.reader_id],
        set_={
            "font_scale": upsert.excluded.font_scale,
            "choices": upsert.excluded.choices,
            "updated_at": upsert.excluded.updated_at,
        },
    )
    return PreferenceWrites(upsert, delete_row)


def apply_action(reader_id: str | None, action: str | None) -> Change:
    """Apply one toolbar action (see ACTIONS) for this reader, on our pages or a portal's.

    The caller has already authenticated the request; this checks the action, stores the result
    and says what happened. It never raises for a refused action or a database outage.
    """
    if action not in ACTIONS:
        return Change(Outcome.UNKNOWN_ACTION, Preferences(), reader_id)
    try:
        reader_id = live_reader(reader_id)  # a dead id (reset, pruned) gets no row again
        prefs = load_preferences(reader_id).after(action)
        store_id = None if prefs.is_default else reader_id or new_reader_id()
        if store_id or reader_id:
            store_preferences(store_id or reader_id, prefs)
    except PreferencesUnavailable:
        log.exception("Storing a reader's preferences failed.")
        return Change(Outcome.UNAVAILABLE, Preferences(), reader_id)
    return Change(Outcome.CHANGED, prefs, store_id)
