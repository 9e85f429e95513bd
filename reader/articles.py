"""The reading pages: the list of articles, one article, and its print view."""

from flask import abort, current_app, g, make_response, render_template, request, url_for
from flask_babel import get_locale
from sqlalchemy import select

from reader.caching import cacheable, private
from reader.db import session
from reader.models import Article
from reader.preferences import Preferences, current_preferences, keep_variant
from reader.qr import qr_svg
from reader.toolbar import toolbar_params


def index():
    """GET /: the articles, newest first, a page at a time."""
    page = request.args.get("page", 1, type=int)
    if page < 1:
        abort(404)
    query = select(Article).order_by(
        Article.published_on.desc().nulls_last(), Article.created_at.desc(), Article.id.desc()
    )
    db = current_app.extensions["reader"].db
    pagination = db.paginate(
        query, page=page, per_page=current_app.config["READER_ARTICLES_PER_PAGE"], error_out=False
    )
    if page > 1 and not pagination.items:
        abort(404)
    response = make_response(
        render_template("reader/index.html", pagination=pagination, prefs=current_preferences())
    )
    changed = [a.updated_at for a in pagination.items if a.updated_at]
    return our_page(response, max(changed) if changed else None)


def get_article(slug: str) -> Article:
    article = session().scalars(select(Article).where(Article.slug == slug)).first()
    if article is None:
        abort(404)
    return article


def reading_context(article: Article, prefs: Preferences, **toolbar) -> dict:
    """What every view of one article renders: its address and QR code, and the toolbar's
    params (`toolbar` gives the page's own: `next_url`, `print_url`, and for the iframe its
    action and token)."""
    address = url_for("reader.article", slug=article.slug, _external=True)
    language = get_locale().language
    params = toolbar_params(
        prefs,
        share_url=address,
        share_title=article.title,
        lang=language if language != article.language else None,
        **toolbar,
    )
    return {
        "article": article,
        "prefs": prefs,
        "address": address,
        "qr": qr_svg(address),
        "toolbar_params": params,
    }


def reading_page(template: str, slug: str):
    """One of our own views of an article, with the toolbar posting to our own form."""
    article = get_article(slug)
    context = reading_context(
        article,
        current_preferences(),
        next_url=url_for("reader.article", slug=slug),
        print_url=url_for("reader.print_view", slug=slug),
    )
    return our_page(make_response(render_template(template, **context)), article.updated_at)


def our_page(response, last_modified):
    """A page of ours any cache may keep; a returning reader's variant cookie set again."""
    if g.get("reader_variant_missing"):
        return keep_variant(private(response), current_preferences())
    return cacheable(response, last_modified)


def article(slug):
    """GET /articles/<slug>: one article with its toolbar."""
    return reading_page("reader/article.html", slug)


def print_view(slug):
    """GET /articles/<slug>/print: the clean copy, with the address and a QR code."""
    return reading_page("reader/print.html", slug)
