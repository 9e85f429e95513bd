"""HTTP caching of our pages: what any cache may keep, how it must key it, and what it must not.

A reading page depends on the article, the interface language and the reader's choices, never
on who the reader is. The choices travel in a small cookie that names the page's *variant*
(`reader_variant`, e.g. `s120`); readers with the same variant and language get the same bytes.
So a page is `public` for a short while (`READER_PAGE_MAX_AGE`, then served stale while it is
revalidated), with a strong ETag of its bytes and its Last-Modified, and answers a conditional
GET with 304. It says how to key it: `Vary: Accept-Language, Cookie`, narrowed by
`Cookie-Indices` to the variant and language cookies (caches that know that header key on those
two only; any other cache varies on the whole Cookie header, which is safe). A response that sets
a cookie or carries a reader's identity is `private, no-store`.
"""

import hashlib
from datetime import datetime

from flask import current_app, request

from reader.i18n import LANGUAGE_COOKIE

VARIANT_COOKIE = "reader_variant"
COOKIE_INDICES = f'"{VARIANT_COOKIE}", "{LANGUAGE_COOKIE}"'


def private(response):
    """Never stored by a shared cache, nor kept by the browser: it is one reader's."""
    response.headers["Cache-Control"] = "private, no-store"
    return response


def cacheable(response, last_modified: datetime | None = None, etag: str | None = None):
    """A public page: cache headers, a strong ETag of its bytes, 304 for a matching request."""
    if response.status_code != 200:
        return response
    control = response.cache_control
    control.public = True
    control.max_age = current_app.config["READER_PAGE_MAX_AGE"]
    control.stale_while_revalidate = current_app.config["READER_PAGE_STALE_SECONDS"]
    response.vary.update(("Accept-Language", "Cookie"))
    response.headers["Cookie-Indices"] = COOKIE_INDICES
    response.set_etag(etag or hashlib.sha256(response.get_data()).hexdigest()[:40])
    if last_modified is not None:
        response.last_modified = last_modified
    response = response.make_conditional(request)
    del response.headers["Date"]  # make_conditional adds one; the server sends its own
    return response


def no_store_with_cookies(response):
    """After every response of ours: one that sets a cookie is never cached, whatever it said."""
    # getlist: Werkzeug's `in` and `get` raise and catch an exception for a missing header.
    headers = response.headers
    if headers.getlist("Set-Cookie") and "private, no-store" not in headers.getlist(
        "Cache-Control"
    ):
        private(response)
    return response
