"""The reading pages: the list of articles, one article, and its print view.

Each view first asks the database only for the version of what it shows (one small query), then
takes the page from the page cache or renders it once (reader/page_cache.py).
"""

import re
from dataclasses import replace
from datetime import UTC, datetime

from flask import abort, current_app, g, make_response, render_template, request, url_for
from flask_babel import get_locale
from sqlalchemy import bindparam, func, select

from reader.caching import cacheable, private
from reader.db import session
from reader.edge import host_is_known
from reader.fast_pages import NOT_KEPT
from reader.models import Article
from reader.page_cache import Page, PageCache
from reader.preferences import Preferences, current_preferences, keep_variant
from reader.qr import qr_svg
from reader.scale import DEFAULT_SCALE
from reader.tokens import new_reader_token, new_reader_window
from reader.toolbar import toolbar_params

# What a page shows, in one small query each (built once: no SQL is compiled per request).
ARTICLE_VERSION = select(Article.id, Article.updated_at).where(Article.slug == bindparam("slug"))
LIST_VERSION = select(func.count(Article.id), func.max(Article.updated_at))


def index():
    """GET /: the articles, newest first, a page at a time."""
    page = request.args.get("page", 1, type=int)
    if page < 1:
        abort(404)
    count, changed = pages().version(
        ("list",), lambda: tuple(session().execute(LIST_VERSION).one())
    )
    per_page = current_app.config["READER_ARTICLES_PER_PAGE"]
    if page > 1 and (page - 1) * per_page >= count:
        abort(404)

    def render():
        query = select(Article).order_by(
            Article.published_on.desc().nulls_last(), Article.created_at.desc(), Article.id.desc()
        )
        db = current_app.extensions["reader"].db
        pagination = db.paginate(query, page=page, per_page=per_page, error_out=False)
        return render_template(
            "reader/index.html", pagination=pagination, prefs=current_preferences()
        )

    return our_page(rendered((count, changed), render), changed)


def pages() -> PageCache:
    return current_app.extensions["reader.pages"]


def rendered(version: tuple, render):
    """This request's page from the page cache, rendered by `render()` when it is not there."""
    cache = pages()
    if not host_is_known():
        request.environ[NOT_KEPT] = True  # nor in front of Flask (reader/fast_pages.py)
        return cache.page(render().encode())
    key = (
        request.endpoint,
        request.full_path,
        request.host_url,
        str(get_locale()),
        current_preferences().variant,
        new_reader_window(),  # the form's new-reader token changes once an hour
        *version,
    )
    return cache.get(key) or cache.put(key, render().encode())


def get_article(slug: str) -> Article:
    article = session().scalars(select(Article).where(Article.slug == slug)).first()
    if article is None:
        abort(404)
    return article


WORDS_PER_MINUTE = 200
TAG = re.compile(r"<[^>]+>")


def reading_minutes(article: Article) -> int:
    """About how long the article takes to read, in whole minutes (at least one)."""
    words = len(
        " ".join((article.title, article.lead or "", TAG.sub(" ", article.body_html))).split()
    )
    return max(1, round(words / WORDS_PER_MINUTE))


def reading_context(article: Article, prefs: Preferences, **toolbar) -> dict:
    """What every view of one article renders: its address and QR code, and the toolbar's
    params (`toolbar` gives the page's own: `next_url`, `print_url`, and for the iframe its
    action and link target)."""
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
        "reading_minutes": reading_minutes(article),
        "address": address,
        "qr": qr_svg(address) if host_is_known() else qr_svg.__wrapped__(address),
        "toolbar_params": params,
    }


def article_version(slug: str) -> tuple[int, datetime]:
    """The article's id and the time it was last imported; 404 when there is none."""

    def load():
        found = session().execute(ARTICLE_VERSION, {"slug": slug}).first()
        return tuple(found) if found else None

    version = pages().version(("article", slug), load)
    if version is None:
        abort(404)
    return version


def reading_page(template: str, slug: str, normal_size: bool = False):
    """One of our own views of an article, with the toolbar posting to our own form;
    `normal_size` renders it at the default size, whatever the reader's."""
    version = article_version(slug)

    def render():
        prefs = current_preferences()
        context = reading_context(
            get_article(slug),
            replace(prefs, font_scale=DEFAULT_SCALE) if normal_size else prefs,
            next_url=url_for("reader.article", slug=slug),
            print_url=url_for("reader.print_view", slug=slug),
            new_reader_token=new_reader_token(),
        )
        return render_template(template, **context, reader_scale_chosen=prefs.font_scale)

    return our_page(rendered(version, render), version[1])


def our_page(page: Page, last_modified):
    """A page of ours any cache may keep; a returning reader's variant cookie set again. It
    changes when its data does, and each hour with the new-reader token in its form."""
    hour = datetime.fromtimestamp(new_reader_window(), UTC)
    if last_modified is not None:
        last_modified = max(_aware(last_modified), hour)
    response = make_response(page.body)
    if g.get("reader_variant_missing"):
        return keep_variant(private(response), current_preferences())
    return cacheable(response, last_modified, page.etag)


def article(slug):
    """GET /articles/<slug>: one article with its toolbar."""
    return reading_page("reader/article.html", slug)


def print_view(slug):
    """GET /articles/<slug>/print: the clean copy, with the address and a QR code; at the
    reader's size, or at the normal size with `?size=normal`."""
    return reading_page("reader/print.html", slug, request.args.get("size") == "normal")


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
