"""When the database cannot be reached: a quick 503 in the reader's language, never a bare 500.

A page that needs the database (an article, the list, the iframe) answers `503 Service
Unavailable` with `Retry-After` as soon as its query fails; how soon is bounded by the
connection settings of `reader/db.py` (SQLite's busy timeout, PostgreSQL's statement and lock
timeouts: 1 s by default). Nothing is kept broken: the failed session is rolled back and the
next request opens a fresh connection (PostgreSQL's are checked before use), so the reader
recovers by itself once the database is back. Pages that only lack a reader's preferences
render at the defaults (`preferences.preferences_or_default`).
"""

import logging

from flask import current_app, render_template, request
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from reader.caching import private
from reader.i18n import gettext as _
from reader.portals import ORIGINS_KEY
from reader.security import content_security_policy

log = logging.getLogger(__name__)

# What a database that is down, locked or out of connections raises (not our own bugs).
OUTAGES = (OperationalError, InterfaceError, PoolTimeout)
RETRY_AFTER_SECONDS = 30


def temporarily_unavailable(response):
    """A 503 that says when to try again, never kept by a cache."""
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return private(response)


def last_known_origins() -> frozenset[str]:
    """The portals as last read (no new query: the database has just failed)."""
    known = current_app.extensions["reader.pages"].versions.get(ORIGINS_KEY)
    return known[1] if known else frozenset()


def try_again() -> dict:
    """A link back to the page that failed, for a GET (a POST goes back to the list)."""
    if request.method != "GET":
        return {}
    page = request.script_root + request.full_path.rstrip("?")
    return {"back_url": page, "back_label": _("Try again")}


def database_unavailable(error):
    """Our views' handler for OUTAGES: log it, free the session, answer the 503 page."""
    log.warning("The database is unavailable (%s: %s).", type(error).__name__, error)
    try:
        current_app.extensions["reader"].session.rollback()
    except Exception:  # the connection may be gone too; the session is removed at teardown
        log.debug("Rollback after an outage failed.", exc_info=True)
    response = current_app.make_response(
        render_template(
            "reader/error.html",
            title=_("Temporarily unavailable"),
            message=_(
                "The reader cannot reach its articles right now. Please try again in a moment."
            ),
            **try_again(),
        )
    )
    if (request.endpoint or "").startswith("reader.embed_article"):
        # The portal's frame shows it (the portals last known), not the browser's refusal.
        ancestors = " ".join(sorted(last_known_origins())) or "'none'"
        response.headers["Content-Security-Policy"] = content_security_policy(
            **{"frame-ancestors": ancestors}
        )
    return temporarily_unavailable(response)
