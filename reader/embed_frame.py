"""The iframe embed: one of our articles with its toolbar, framable by registered portals only.

Inside a portal's iframe our SameSite=Lax cookies do not travel, so the frame keeps the reader
id in a `Partitioned` cookie of its own (`reader_frame_id`: one jar per portal, kept when
third-party cookies are blocked). Its ids are issued for the iframe (`tokens.FRAME`) and read
nowhere else; the browser's partition keeps each portal's apart (a navigation carries no
`Origin`, so the server cannot tell which portal frames it). Its form is our own page posting
to us, so the same cross-origin check as our pages guards it: the portal's page itself, or any
other site, cannot post it.
"""

from dataclasses import replace

from flask import make_response, redirect, render_template, request, url_for

from reader.abuse import guard_write
from reader.articles import article_version, get_article, reading_context
from reader.caching import private
from reader.embed import keep_reader_cookie
from reader.portals import registered_origins
from reader.preferences import Outcome, apply_action, preferences_or_default
from reader.scale import DEFAULT_SCALE
from reader.security import content_security_policy, cross_origin_request
from reader.tokens import FRAME, new_reader_token, reader_id_from
from reader.toolbar import (
    CROSS_SITE,
    change_message,
    changed_fragment,
    is_htmx,
    landing,
    new_reader_proof,
    problem,
    refusal,
    refused_write,
)

FRAME_COOKIE = "reader_frame_id"


def frame_ancestors() -> str:
    return " ".join(sorted(registered_origins())) or "'none'"


def framable(response):
    """Only registered portals may frame this response (no X-Frame-Options, which knows no list)."""
    response.headers["Content-Security-Policy"] = content_security_policy(
        **{"frame-ancestors": frame_ancestors()}
    )
    return response


def frame_reader_id() -> str | None:
    return reader_id_from(request.cookies.get(FRAME_COOKIE), FRAME)


def frame_toolbar(slug: str) -> dict:
    """The toolbar's arguments in a frame: its own POST, links out of the frame."""
    return {
        "next_url": url_for("reader.embed_article", slug=slug),
        "print_url": url_for("reader.embed_article_print", slug=slug),
        "action_url": url_for("reader.embed_article_text_size", slug=slug),
        "links_target": "_top",  # share sites refuse to be framed: leave the portal's frame
        "new_reader_token": new_reader_token(),
    }


def render_frame(template: str, slug: str, normal_size: bool = False):
    article = get_article(slug)
    prefs = preferences_or_default(frame_reader_id())
    shown = replace(prefs, font_scale=DEFAULT_SCALE) if normal_size else prefs
    context = reading_context(article, shown, **frame_toolbar(slug))
    context["reader_scale_chosen"] = prefs.font_scale
    # The frame's page follows the reader id in its partitioned cookie: this reader's alone.
    return framable(private(make_response(render_template(template, **context))))


def embed_article(slug):
    """GET /embed/articles/<slug>: the article and its toolbar, for a portal's iframe."""
    return render_frame("reader/embed/article.html", slug)


def embed_article_print(slug):
    """GET /embed/articles/<slug>/print: at the reader's size, or the normal one (?size=normal)."""
    return render_frame("reader/embed/print.html", slug, request.args.get("size") == "normal")


def embed_article_text_size(slug):
    """POST from the iframe's toolbar: its origin checked, then the one change path."""
    back = url_for("reader.embed_article", slug=slug)
    if cross_origin_request():
        return framable(problem(403, CROSS_SITE, back))
    reader_id, refused = guard_write(FRAME, frame_reader_id(), new_reader_proof())
    if refused:  # before any query: a refused loop costs no database work
        return framable(refused_write(refused, back))
    article_version(slug)  # 404 for no such article (from the page cache's versions)
    action = request.form.get("action")
    change = apply_action(reader_id, action)
    if change.outcome is not Outcome.CHANGED:
        return framable(problem(*refusal(change.outcome), back))
    if is_htmx():
        response = changed_fragment(
            change.prefs, action, change_message(action, change.prefs), **frame_toolbar(slug)
        )
    else:
        response = redirect(f"{back}#{landing(action)}", 303)
    keep_reader_cookie(private(response), change.reader_id, FRAME_COOKIE, FRAME)
    return framable(response)
