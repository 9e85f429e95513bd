"""The iframe embed: one of our articles with its toolbar, framable by registered portals only.

Inside a portal's iframe our SameSite=Lax cookies do not travel, so the frame keeps the reader
id in the same `Partitioned` cookie as the script embed (one jar per portal, kept when
third-party cookies are blocked), and its form carries a token signed for that reader id instead
of Flask-WTF's session token. A page elsewhere gets a token for no reader, which matches no one
else's cookie.
"""

from flask import current_app, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale
from itsdangerous import BadSignature, URLSafeSerializer

from reader.articles import get_article
from reader.blueprint import bp
from reader.embed import EMBED_COOKIE, keep_reader_cookie
from reader.portals import is_registered, registered_origins
from reader.preferences import (
    ACTIONS,
    SCALE_STEPS,
    Preferences,
    PreferencesUnavailable,
    change_text_size,
    load_preferences,
    reader_id_from,
)
from reader.qr import qr_svg
from reader.security import content_security_policy
from reader.toolbar import NOT_SAVED, STALE_PAGE, TOOLBAR_ID, UNKNOWN_ACTION, is_htmx, problem

NO_READER = "-"


def frame_ancestors() -> str:
    return " ".join(sorted(registered_origins())) or "'none'"


def framable(response):
    """Only registered portals may frame this response (no X-Frame-Options, which knows no list)."""
    response.headers["Content-Security-Policy"] = content_security_policy(
        **{"frame-ancestors": frame_ancestors()})
    return response


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="reader-embed-frame")


def frame_token(reader_id: str | None) -> str:
    return _serializer().dumps(reader_id or NO_READER)


def frame_reader_id() -> str | None:
    return reader_id_from(request.cookies.get(EMBED_COOKIE))


def frame_preferences(reader_id: str | None) -> Preferences:
    try:
        return load_preferences(reader_id)
    except PreferencesUnavailable:
        current_app.logger.exception("Reading a framed reader's preferences failed.")
        return Preferences()


def frame_params(slug: str, prefs: Preferences, reader_id: str | None, title: str = "") -> dict:
    """The toolbar macro's params, pointed at the frame's own POST and token."""
    return {
        "id": TOOLBAR_ID,
        "scale": prefs.font_scale,
        "min_scale": SCALE_STEPS[0],
        "max_scale": SCALE_STEPS[-1],
        "action_url": url_for("reader.embed_article_text_size", slug=slug),
        "next_url": url_for("reader.embed_article", slug=slug),
        "csrf_token": frame_token(reader_id),
        "print_url": url_for("reader.embed_article_print", slug=slug),
        "share_url": url_for("reader.article", slug=slug, _external=True),
        "share_title": title,
        "links_target": "_top",  # share sites refuse to be framed: leave the portal's frame
    }


def render_frame(template: str, slug: str):
    article = get_article(slug)
    reader_id = frame_reader_id()
    prefs = frame_preferences(reader_id)
    params = frame_params(slug, prefs, reader_id, article.title)
    if get_locale().language != article.language:
        params["lang"] = get_locale().language
    address = url_for("reader.article", slug=slug, _external=True)
    html = render_template(template, article=article, prefs=prefs, address=address,
                           qr=qr_svg(address), toolbar_params=params)
    return framable(make_response(html))


@bp.get("/embed/articles/<slug>")
def embed_article(slug):
    return render_frame("reader/embed/article.html", slug)


@bp.get("/embed/articles/<slug>/print")
def embed_article_print(slug):
    return render_frame("reader/embed/print.html", slug)


def frame_problem(status: int, message: str, slug: str):
    return framable(problem(status, message, url_for("reader.embed_article", slug=slug)))


def origin_allowed() -> bool:
    """Our own frame posting, or a registered portal; a missing Origin leaves it to the token."""
    origin = request.headers.get("Origin")
    own = request.host_url.rstrip("/")
    return origin is None or origin == own or is_registered(origin)


@bp.post("/embed/articles/<slug>/text-size")
def embed_article_text_size(slug):
    get_article(slug)
    reader_id = frame_reader_id()
    token = request.form.get("csrf_token") or request.headers.get("X-CSRFToken")
    try:
        token_ok = _serializer().loads(token or "") == (reader_id or NO_READER)
    except BadSignature:
        token_ok = False
    if not (token_ok and origin_allowed()):
        return frame_problem(400, STALE_PAGE, slug)
    action = request.form.get("action")
    if action not in ACTIONS:
        return frame_problem(400, UNKNOWN_ACTION, slug)
    try:
        prefs, store_id = change_text_size(reader_id, action)
    except PreferencesUnavailable:
        current_app.logger.exception("Storing a framed reader's text size failed.")
        return frame_problem(503, NOT_SAVED, slug)
    if is_htmx():
        # The next token must match the cookie the browser will hold (none without HTTPS).
        params = frame_params(slug, prefs, store_id if request.is_secure else None)
        response = make_response(render_template(
            "reader/components/toolbar/response.html", params=params))
    else:
        response = redirect(url_for("reader.embed_article", slug=slug) + f"#{TOOLBAR_ID}", 303)
    keep_reader_cookie(response, store_id)
    return framable(response)
