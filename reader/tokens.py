"""Every signed value the reader hands out, and every salt it signs with, in one place.

- the reader id, in our cookie, the embed's partitioned cookie and the portal's localStorage;
- the script embed's token, signed for one portal origin.

Our own pages and the iframe need no token: their forms are guarded by the cross-origin check
(`security.cross_origin_request`), so no page carries anything of one reader's.
"""

from functools import lru_cache

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

READER_ID_SALT = "reader-id"
EMBED_TOKEN_SALT = "reader-embed-token"


def _serializer(salt: str) -> URLSafeSerializer:
    return _serializer_for(current_app.secret_key, salt)


@lru_cache(maxsize=16)
def _serializer_for(secret_key, salt: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt=salt)


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


def embed_token(origin: str) -> str:
    return _embed_token(current_app.secret_key, origin)


@lru_cache(maxsize=1024)
def _embed_token(secret_key, origin: str) -> str:
    """The same bytes every time for one key and origin: signed once per process."""
    return _serializer_for(secret_key, EMBED_TOKEN_SALT).dumps(origin)


def embed_token_valid(token: str | None, origin: str) -> bool:
    return _loads(EMBED_TOKEN_SALT, token) == origin
