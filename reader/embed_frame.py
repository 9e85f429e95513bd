"""The iframe embed: one of our articles with its toolbar, framable by registered portals only.

Inside a portal's iframe our SameSite=Lax cookies do not travel, so the frame keeps the reader
id in the same `Partitioned` cookie as the script embed (one jar per portal, kept when
third-party cookies are blocked), and its form carries a token signed for that reader id
(`tokens.frame_token`) instead of our pages' session token. A page elsewhere gets a token for
no reader, which matches no one else's cookie.
"""

from flask import make_response, redirect, render_template, request, url_for

from reader.articles import get_article, reading_context
from reader.embed import EMBED_COOKIE, keep_reader_cookie
from reader.portals import is_registered, registered_origins
from reader.preferences import Outcome, apply_action, preferences_or_default
from reader.security import content_security_policy
from reader.tokens import frame_token, frame_token_valid, reader_id_from
from reader.toolbar import (
    STALE_PAGE,
    TOOLBAR_ID,
    changed_fragment,
    is_htmx,
    problem,
    refusal,
    toolbar_params,
)


def frame_ancestors() -> str:
    return " ".join(sorted(registered_origins())) or "'none'"


def framable(response):
    """Only registered portals may frame this response (no X-Frame-Options, which knows no list)."""
    response.headers["Content-Security-Policy"] = content_security_policy(
        **{"frame-ancestors": frame_ancestors()}
    )
    return response


def frame_reader_id() -> str | None:
    return reader_id_from(request.cookies.get(EMBED_COOKIE))


def frame_toolbar(slug: str, reader_id: str | None) -> dict:
    """The toolbar's arguments in a frame: its own POST, its own token, links out of the frame."""
    return {
        "next_url": url_for("reader.embed_article", slug=slug),
        "print_url": url_for("reader.embed_article_print", slug=slug),
        "action_url": url_for("reader.embed_article_text_size", slug=slug),
        "token": frame_token(reader_id),
        "links_target": "_top",  # share sites refuse to be framed: leave the portal's frame
    }


def render_frame(template: str, slug: str):
    article = get_article(slug)
    reader_id = frame_reader_id()
    context = reading_context(
        article, preferences_or_default(reader_id), **frame_toolbar(slug, reader_id)
    )
    return framable(make_response(render_template(template, **context)))


def embed_article(slug):
    """GET /embed/articles/<slug>: the article and its toolbar, for a portal's iframe."""
    return render_frame("reader/embed/article.html", slug)


def embed_article_print(slug):
    return render_frame("reader/embed/print.html", slug)


def origin_allowed() -> bool:
    """Our own frame posting, or a registered portal; a missing Origin leaves it to the token."""
    origin = request.headers.get("Origin")
    own = request.host_url.rstrip("/")
    return origin is None or origin == own or is_registered(origin)


def embed_article_text_size(slug):
    """POST from the iframe's toolbar: its token and origin checked, then the one change path."""
    get_article(slug)
    back = url_for("reader.embed_article", slug=slug)
    reader_id = frame_reader_id()
    token = request.form.get("csrf_token") or request.headers.get("X-CSRFToken")
    if not (frame_token_valid(token, reader_id) and origin_allowed()):
        return framable(problem(400, STALE_PAGE, back))
    change = apply_action(reader_id, request.form.get("action"))
    if change.outcome is not Outcome.CHANGED:
        return framable(problem(*refusal(change.outcome), back))
    if is_htmx():
        # The next token must match the cookie the browser will hold (none without HTTPS).
        next_id = change.reader_id if request.is_secure else None
        response = changed_fragment(toolbar_params(change.prefs, **frame_toolbar(slug, next_id)))
    else:
        response = redirect(f"{back}#{TOOLBAR_ID}", 303)
    keep_reader_cookie(response, change.reader_id)
    return framable(response)
