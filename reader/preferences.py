"""Readers' preferences: an anonymous id in a signed cookie, a `ReaderPreference` row behind it.

No account and no tracking: the id is 256 random bits, set only when a reader first changes a
preference, and the row holds nothing but the preferences. Reset deletes the row.
"""

import logging
import secrets
from dataclasses import dataclass

from flask import current_app, g, request
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.exc import SQLAlchemyError

from reader.db import session
from reader.models import ReaderPreference

log = logging.getLogger(__name__)

SCALE_STEPS = (75, 85, 100, 110, 120, 135, 150, 175, 200, 250, 300)  # percent of the default
DEFAULT_SCALE = 100
ACTIONS = ("increase", "decrease", "reset")


@dataclass(frozen=True)
class Preferences:
    font_scale: int = DEFAULT_SCALE

    @property
    def can_increase(self) -> bool:
        return self.font_scale < SCALE_STEPS[-1]

    @property
    def can_decrease(self) -> bool:
        return self.font_scale > SCALE_STEPS[0]

    @property
    def is_default(self) -> bool:
        return self.font_scale == DEFAULT_SCALE

    def after(self, action: str) -> "Preferences":
        index = SCALE_STEPS.index(self.font_scale)
        if action == "increase":
            return Preferences(SCALE_STEPS[min(index + 1, len(SCALE_STEPS) - 1)])
        if action == "decrease":
            return Preferences(SCALE_STEPS[max(index - 1, 0)])
        return Preferences()


class PreferencesUnavailable(Exception):
    """The database could not be reached to read or store preferences."""


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="reader-id")


def sign_reader_id(reader_id: str) -> str:
    return _serializer().dumps(reader_id)


def reader_id_from(value: str | None) -> str | None:
    """The reader id in a signed value, or None when it is missing, tampered or malformed."""
    if not value:
        return None
    try:
        reader_id = _serializer().loads(value)
    except BadSignature:
        return None
    return reader_id if isinstance(reader_id, str) and 32 <= len(reader_id) <= 64 else None


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
    if row is None or row.font_scale not in SCALE_STEPS:
        return Preferences()
    return Preferences(row.font_scale)


def current_preferences() -> Preferences:
    """This request's preferences; the page still renders, at the default, if the db is down."""
    if "reader_preferences" not in g:
        try:
            g.reader_preferences = load_preferences(current_reader_id())
        except PreferencesUnavailable:
            log.exception("Reading preferences failed; rendering at the default size.")
            g.reader_preferences = Preferences()
    return g.reader_preferences


def store_preferences(reader_id: str, prefs: Preferences) -> None:
    """Save the preferences, or delete the row when they are back to the defaults."""
    db_session = session()
    try:
        row = db_session.get(ReaderPreference, reader_id)
        if prefs.is_default:
            if row is not None:
                db_session.delete(row)
        elif row is None:
            db_session.add(ReaderPreference(reader_id=reader_id, font_scale=prefs.font_scale))
        else:
            row.font_scale = prefs.font_scale
        db_session.commit()
    except SQLAlchemyError as error:
        db_session.rollback()
        raise PreferencesUnavailable() from error
    g.reader_preferences = prefs


def change_text_size(reader_id: str | None, action: str) -> tuple[Preferences, str | None]:
    """Apply one toolbar action (see ACTIONS) for this reader, on our pages or a portal's.

    Returns the new preferences and the reader id that now holds them: a new id for a reader's
    first change, None once they are back at the default (their row is then deleted). Raises
    PreferencesUnavailable when the database is down.
    """
    prefs = load_preferences(reader_id).after(action)
    if prefs.is_default:
        if reader_id:
            store_preferences(reader_id, prefs)
        return prefs, None
    store_id = reader_id or new_reader_id()
    store_preferences(store_id, prefs)
    return prefs, store_id
