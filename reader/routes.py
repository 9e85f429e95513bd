"""Every URL of the reader, in one table: `create_blueprint()` builds the `reader` blueprint.

Views are plain functions in their own modules (articles, the toolbar's POST, the two embeds);
this module wires them, so nothing registers itself by being imported.
"""

from flask import Blueprint, request

from reader import articles, embed, embed_frame, outage, toolbar
from reader.caching import no_store_with_cookies
from reader.edge import refuse_unusable_host
from reader.paths import STATIC_DIR, TEMPLATES_DIR
from reader.security import set_security_headers

# (rule, view, methods): the endpoint is the view's name, e.g. `reader.article`.
ROUTES = [
    ("/", articles.index, ["GET"]),
    ("/articles/<slug>", articles.article, ["GET"]),
    ("/articles/<slug>/print", articles.print_view, ["GET"]),
    ("/reader/text-size", toolbar.text_size, ["POST"]),
    ("/embed/toolbar", embed.embed_toolbar, ["GET"]),
    ("/embed/text-size", embed.embed_text_size, ["POST"]),
    ("/embed/articles/<slug>", embed_frame.embed_article, ["GET"]),
    ("/embed/articles/<slug>/print", embed_frame.embed_article_print, ["GET"]),
    ("/embed/articles/<slug>/text-size", embed_frame.embed_article_text_size, ["POST"]),
]
PREFLIGHT_RULES = ["/embed/toolbar", "/embed/text-size"]  # the script embed's CORS preflights


def create_blueprint(headers_hooks: bool = True) -> Blueprint:
    """A new `reader` blueprint (one per app: nothing is shared between apps). `headers_hooks`:
    our security and caching headers on the blueprint's responses, for a host portal (our own
    app sets them on every response itself, so its blueprint does not again)."""
    bp = Blueprint(
        "reader",
        __name__,
        template_folder=str(TEMPLATES_DIR),
        static_folder=str(STATIC_DIR / "reader"),
        static_url_path="/static/reader",
    )
    for rule in PREFLIGHT_RULES:  # before the GET rules, whose automatic OPTIONS would answer
        bp.add_url_rule(rule, "embed_preflight", embed.preflight, methods=["OPTIONS"])
    for rule, view, methods in ROUTES:
        bp.add_url_rule(rule, view_func=view, methods=methods)
    bp.before_request(refuse_unusable_host)  # no share link or QR code from an absurd Host
    for error in outage.OUTAGES:  # a database that is down: our 503 page, on a host portal too
        bp.register_error_handler(error, outage.database_unavailable)
    if headers_hooks:  # on a host portal, for our own responses
        bp.after_request(set_security_headers)
        bp.after_request(no_store_with_cookies)
    bp.after_request(fonts_for_portals)
    return bp


def fonts_for_portals(response):
    """Our font files may be used by any page: a portal's script embed loads them cross-origin
    (fonts are fetched in CORS mode), for a reader who chose the easy-to-read font."""
    if request.endpoint == "reader.static" and request.path.endswith(".woff2"):
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response
