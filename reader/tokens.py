"""Every signed value the reader hands out, and every salt it signs with, in one place.

- the reader id, in our cookie, the embed's partitioned cookie and the portal's localStorage;
- the page token of our toolbar forms (Flask-WTF's session token, checked by us);
- the script embed's token, signed for one portal origin;
- the iframe embed's token, signed for the reader id in the frame's cookie.

A security fix to any of them is made here, once, for all three ways of changing a preference.
"""

from flask import current_app
from flask_wtf.csrf import CSRFError, generate_csrf, validate_csrf
from itsdangerous import BadSignature, URLSafeSerializer
from wtforms.validators import ValidationError

READER_ID_SALT = "reader-id"
EMBED_TOKEN_SALT = "reader-embed-token"
FRAME_TOKEN_SALT = "reader-embed-frame"
NO_READER = "-"  # what a frame token is signed for before the reader has an id


def _serializer(salt: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=salt)


def _loads(salt: str, token: str | None):
    """The signed value, or None when the token is missing, tampered or malformed."""
    if not token:
        return None
    try:
        return _serializer(salt).loads(token)
    except BadSignature:
        return None


def sign_reader_id(reader_id: str) -> str:
    return _serializer(READER_ID_SALT).dumps(reader_id)


def reader_id_from(value: str | None) -> str | None:
    """The reader id in a signed value, or None when it is missing, tampered or malformed."""
    reader_id = _loads(READER_ID_SALT, value)
    return reader_id if isinstance(reader_id, str) and 32 <= len(reader_id) <= 64 else None


def page_token() -> str:
    """The token of our own pages' toolbar forms (kept in the session by Flask-WTF)."""
    return generate_csrf()


def page_token_valid(token: str | None) -> bool:
    """Checked with our own time limit, the reader cookie's lifetime: readers keep tabs open,
    and a host's `WTF_CSRF_TIME_LIMIT` is the host's, for its own forms."""
    try:
        validate_csrf(token, time_limit=current_app.config["READER_COOKIE_MAX_AGE"])
    except (ValidationError, CSRFError):
        return False
    return True


def embed_token(origin: str) -> str:
    return _serializer(EMBED_TOKEN_SALT).dumps(origin)


def embed_token_valid(token: str | None, origin: str) -> bool:
    return _loads(EMBED_TOKEN_SALT, token) == origin


def frame_token(reader_id: str | None) -> str:
    return _serializer(FRAME_TOKEN_SALT).dumps(reader_id or NO_READER)


def frame_token_valid(token: str | None, reader_id: str | None) -> bool:
    return _loads(FRAME_TOKEN_SALT, token) == (reader_id or NO_READER)
