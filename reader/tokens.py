"""Every signed value the reader hands out, and every salt it signs with, in one place.

- the reader id, signed together with where it was issued (`SITE`, `FRAME` or a portal origin):
  an id is only read back where it was issued, so a portal never gets another place's reader;
- the script embed's token, signed for one portal origin with its issue time; it expires after
  `READER_EMBED_TOKEN_MAX_AGE` seconds and embed.js fetches a new one without the reader noticing;
- the "new reader" token of our pages and the iframe: the start of the current hour, signed. It
  is the same for every reader in that hour, so pages stay cacheable and byte-identical, and it
  proves a request that creates a preference row came from a page we served recently (it
  permits nothing else: see `abuse.guard_write`).

Our own pages and the iframe carry nothing of one reader's: their forms are guarded by the
cross-origin check (`security.cross_origin_request`).
"""

import hmac
import time
from functools import lru_cache

from flask import current_app
from itsdangerous import (
    BadSignature,
    SignatureExpired,
    URLSafeSerializer,
    URLSafeTimedSerializer,
)
from itsdangerous.encoding import base64_encode
from itsdangerous.serializer import Serializer

READER_ID_SALT = "reader-id"
EMBED_TOKEN_SALT = "reader-embed-token"
NEW_READER_SALT = "reader-new-reader"

SITE = "site"  # our own pages (the `reader_id` cookie)
FRAME = "frame"  # the iframe embed (its own partitioned cookie, kept per portal by the browser)
NEW_READER_WINDOW = 3600  # seconds: the new-reader token changes once an hour


class Uncompressed:
    """itsdangerous' URL-safe payload without its zlib attempt. What we sign (a random id and
    where it was issued, an origin, an hour) never compresses, and zlib sets up its whole
    compressor (a quarter of a megabyte) for those 60 bytes: about 37 of the 44 µs that
    signing a reader id took (measured in one process). The tokens are the same bytes as
    before; a compressed one (a leading ".") still loads."""

    def dump_payload(self, obj) -> bytes:
        return base64_encode(Serializer.dump_payload(self, obj))


class ReaderSerializer(Uncompressed, URLSafeSerializer):
    pass


class ReaderTimedSerializer(Uncompressed, URLSafeTimedSerializer):
    pass


def _serializer(salt: str) -> URLSafeSerializer:
    return _serializer_for(current_app.secret_key, salt)


@lru_cache(maxsize=16)
def _serializer_for(secret_key, salt: str) -> URLSafeSerializer:
    return ReaderSerializer(secret_key, salt=salt)


def _loads(salt: str, token: str | None):
    """The signed value, or None when the token is missing, tampered or malformed."""
    if not token:
        return None
    try:
        return _serializer(salt).loads(token)
    except BadSignature:
        return None


def sign_reader_id(reader_id: str, issuer: str = SITE) -> str:
    return _serializer(READER_ID_SALT).dumps([reader_id, issuer])


def reader_id_from(value: str | None, issuer: str = SITE) -> str | None:
    """The reader id in a signed value issued for `issuer`; None when it is missing, tampered,
    malformed or issued for another place (our site, the iframe, another portal)."""
    loaded = _loads(READER_ID_SALT, value)
    if not (isinstance(loaded, list) and len(loaded) == 2 and loaded[1] == issuer):
        return None
    reader_id = loaded[0]
    return reader_id if isinstance(reader_id, str) and 32 <= len(reader_id) <= 64 else None


def _timed(salt: str) -> URLSafeTimedSerializer:
    return _timed_for(current_app.secret_key, salt)


@lru_cache(maxsize=16)
def _timed_for(secret_key, salt: str) -> URLSafeTimedSerializer:
    return ReaderTimedSerializer(secret_key, salt=salt)


@lru_cache(maxsize=16)
def _clock(secret_key, salt: str):
    """The signer whose clock (`get_timestamp`) the timed tokens are signed and checked by."""
    return _timed_for(secret_key, salt).make_signer()


def embed_token(origin: str) -> str:
    return _timed(EMBED_TOKEN_SALT).dumps(origin)


def token_minute() -> int:
    """The minute of the embed token's own clock (what `embed_token` would sign now)."""
    return int(_clock(current_app.secret_key, EMBED_TOKEN_SALT).get_timestamp() // 60)


# Embed tokens already verified: (key, token) -> (origin, issue time). The same token is sent by
# every reader of a portal page in that minute, so most checks need no signature again; the age
# is checked each time, on the signer's clock.
VERIFIED_EMBED_TOKENS: dict[tuple, tuple[str, int]] = {}
MAX_VERIFIED = 4096  # past it the list starts again


def embed_token_valid(token: str | None, origin: str) -> bool:
    """Signed by us for this origin, within `READER_EMBED_TOKEN_MAX_AGE` seconds."""
    if not token:
        return False
    secret_key = current_app.secret_key
    max_age = current_app.config["READER_EMBED_TOKEN_MAX_AGE"]
    known = VERIFIED_EMBED_TOKENS.get((secret_key, token))
    if known is None:
        try:
            value, issued = _timed(EMBED_TOKEN_SALT).loads(
                token, max_age=max_age, return_timestamp=True
            )
        except (SignatureExpired, BadSignature):
            return False
        known = (value, int(issued.timestamp()))
        if len(VERIFIED_EMBED_TOKENS) >= MAX_VERIFIED:
            VERIFIED_EMBED_TOKENS.clear()
        VERIFIED_EMBED_TOKENS[(secret_key, token)] = known
    age = _clock(secret_key, EMBED_TOKEN_SALT).get_timestamp() - known[1]
    return known[0] == origin and 0 <= age <= max_age


def new_reader_token(now: float | None = None) -> str:
    """The same for everyone within the hour: the hour's start, signed (once an hour)."""
    return _signed_window(current_app.secret_key, new_reader_window(now))


@lru_cache(maxsize=8)
def _signed_window(secret_key, window: int) -> str:
    return _serializer_for(secret_key, NEW_READER_SALT).dumps(window)


def new_reader_window(now: float | None = None) -> int:
    """The start of the hour the new-reader token was issued in (part of a page's cache key)."""
    now = time.time() if now is None else now
    return int(now // NEW_READER_WINDOW * NEW_READER_WINDOW)


def new_reader_token_valid(token: str | None, now: float | None = None) -> bool:
    """Issued by us at most `READER_NEW_READER_TOKEN_MAX_AGE` seconds ago.

    Almost every token is this hour's or the last one's: those are compared with the tokens we
    sign once an hour anyway, without decoding; any other goes through the signer."""
    if not token:
        return False
    now = time.time() if now is None else now
    max_age = current_app.config["READER_NEW_READER_TOKEN_MAX_AGE"]
    for window in (new_reader_window(now), new_reader_window(now) - NEW_READER_WINDOW):
        if (
            now - window <= max_age
            and token.isascii()
            and hmac.compare_digest(token, _signed_window(current_app.secret_key, window))
        ):
            return True
    issued = _loads(NEW_READER_SALT, token)
    if isinstance(issued, bool) or not isinstance(issued, int):
        return False
    return -60 <= now - issued <= max_age
