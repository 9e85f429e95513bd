"""The reading pages: the list of articles, one article, and its print view."""

from flask import abort, current_app, render_template, request, url_for
from flask_babel import get_locale
from sqlalchemy import select

from reader.blueprint import bp
from reader.db import session
from reader.models import Article
from reader.preferences import current_preferences
from reader.qr import qr_svg
from reader.toolbar import toolbar_params


@bp.get("/")
def index():
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
    return render_template("reader/index.html", pagination=pagination,
                           prefs=current_preferences())


def get_article(slug: str) -> Article:
    article = session().scalars(select(Article).where(Article.slug == slug)).first()
    if article is None:
        abort(404)
    return article


def article_context(article: Article) -> dict:
    """What every view of one article renders: its address and QR code, and the toolbar."""
    prefs = current_preferences()
    address = url_for("reader.article", slug=article.slug, _external=True)
    params = toolbar_params(
        prefs, next_url=url_for("reader.article", slug=article.slug), share_url=address,
        share_title=article.title, print_url=url_for("reader.print_view", slug=article.slug),
        lang=get_locale().language if get_locale().language != article.language else None)
    return {"article": article, "prefs": prefs, "address": address, "qr": qr_svg(address),
            "toolbar_params": params}


@bp.get("/articles/<slug>")
def article(slug):
    return render_template("reader/article.html", **article_context(get_article(slug)))


@bp.get("/articles/<slug>/print")
def print_view(slug):
    return render_template("reader/print.html", **article_context(get_article(slug)))
