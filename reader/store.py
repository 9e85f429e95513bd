"""Saving imported articles: sanitize once, place the figures, and update rather than duplicate."""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

import lxml.html
from markupsafe import escape
from sqlalchemy import select

from reader.models import Article, Figure, utcnow
from reader.sanitize import sanitize_html, url_is_allowed

LIMITS = {"title": 500, "author": 200, "source_url": 2000, "slug": 190, "language": 35}
MAX_IMAGE_URL = 2000
MAX_POSITION = 100_000
MAX_SOURCE_KEY = 500  # the column's size; longer source URLs are keyed by their hash
MAX_FIGURES = 500  # per article; the longest photo reports have a few hundred
# Elements in a body: a long article has a couple of thousand; sanitizing takes about 0.3 ms each.
MAX_BODY_ELEMENTS = 10_000
# Top-level elements the sanitizer keeps that belong inside a paragraph, not beside it.
INLINE = frozenset({"a", "em", "strong", "i", "b", "br", "img"})
_BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_START_TAG = re.compile(r"<[A-Za-z]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # PostgreSQL refuses NUL in text


@dataclass
class FigureData:
    position: int  # how many body blocks stand before it
    caption: str = ""
    image_url: str = ""
    alt_text: str = ""


@dataclass
class ArticleData:
    title: str
    lead: str = ""
    body_html: str = ""
    figures: list[FigureData] = field(default_factory=list)
    author: str = ""
    published_on: date | None = None
    language: str = ""  # a BCP 47 tag, or "" when neither the source nor detection can tell
    source_url: str = ""
    slug: str = ""


class InvalidArticle(ValueError):
    """The source parsed, but what it holds is not an article we can store."""


def slugify(text: str, max_length: int = 100) -> str:
    """Lowercase words joined by hyphens: Vietnamese without its marks ("dai-hoi-dang"), and
    scripts that have no ASCII spelling (Chinese, Japanese, Thai...) in their own letters."""
    plain = "".join(map(_slug_letters, unicodedata.normalize("NFKC", text).lower()))
    slug = ""
    for word in re.findall(r"[^\W_]+", plain):
        if len(slug) + len(word) + 1 > max_length:
            if not slug:  # one long word, as a sentence in Chinese is: its start
                slug = word[:max_length]
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "article"


def _slug_letters(char: str) -> str:
    if char == "đ":
        return "d"
    if char.isascii():
        return char
    base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
    if base:
        return base  # "ế" is "e", "ﬁ" is "fi"
    return char if unicodedata.category(char)[0] in "LN" else " "


def one_line(text: str) -> str:
    return " ".join(_CONTROL.sub("", text or "").split())


def validate(data: ArticleData) -> None:
    """Checks the article and tidies its plain-text fields; raises InvalidArticle."""
    data.title, data.lead, data.author = map(one_line, (data.title, data.lead, data.author))
    data.source_url = one_line(data.source_url)
    if not data.title:
        raise InvalidArticle("the article has no title")
    for name, limit in LIMITS.items():
        value = getattr(data, name) or ""
        if len(value) > limit:
            raise InvalidArticle(f"{name} is longer than {limit} characters")
    if len(data.figures) > MAX_FIGURES:
        raise InvalidArticle(
            f"the article has {len(data.figures):,} figures, over the limit of {MAX_FIGURES}"
        )
    elements = _element_count(data.body_html)
    if elements > MAX_BODY_ELEMENTS:
        raise InvalidArticle(
            f"the body has {elements:,} HTML elements, over the limit of {MAX_BODY_ELEMENTS:,}"
        )
    if data.language and not _BCP47.match(data.language):
        raise InvalidArticle(f"language {data.language!r} is not a BCP 47 tag such as 'vi'")
    if data.source_url and not (
        url_is_allowed(data.source_url) and data.source_url.startswith(("http://", "https://"))
    ):
        raise InvalidArticle("source_url must be an http or https address")
    if data.slug and slugify(data.slug, LIMITS["slug"]) != data.slug:
        raise InvalidArticle("slug may hold only lowercase letters, digits and hyphens")
    for figure in data.figures:
        figure.caption, figure.alt_text = one_line(figure.caption), one_line(figure.alt_text)
        figure.image_url = one_line(figure.image_url)
        if not 0 <= figure.position <= MAX_POSITION:
            raise InvalidArticle(f"a figure's position must be from 0 to {MAX_POSITION}")
        if figure.image_url and not url_is_allowed(figure.image_url):
            raise InvalidArticle("a figure's image must be an http, https or relative address")
        if len(figure.image_url) > MAX_IMAGE_URL:
            raise InvalidArticle(
                f"a figure's image address is longer than {MAX_IMAGE_URL} characters"
            )


def _element_count(html: str) -> int:
    """Start tags in the HTML, counted in one pass without building a tree."""
    return len(_START_TAG.findall(html or ""))


def compose_body(body_html: str, figures: list[FigureData]) -> str:
    """The body with each figure placed before the block it stood before, then sanitized."""
    blocks = _blocks(sanitize_html(body_html))
    for figure in reversed(sorted(figures, key=lambda f: f.position)):  # same place: in order
        blocks.insert(max(0, min(figure.position, len(blocks))), figure_html(figure))
    return sanitize_html("\n".join(blocks))


def _blocks(body: str) -> list[str]:
    """The body's top-level blocks; loose text and inline elements are gathered into a <p>."""
    if not body:
        return []
    container = lxml.html.fragment_fromstring(body, create_parent="div")
    blocks, inline = [], []

    def end_paragraph():
        text = "".join(inline).strip()
        if text:
            blocks.append(f"<p>{text}</p>")
        inline.clear()

    inline.append(str(escape(container.text or "")))
    for child in container:
        if child.tag in INLINE:
            inline.append(lxml.html.tostring(child, encoding="unicode", with_tail=False))
        else:
            end_paragraph()
            blocks.append(lxml.html.tostring(child, encoding="unicode", with_tail=False))
        inline.append(str(escape(child.tail or "")))
    end_paragraph()
    return blocks


def figure_html(figure: FigureData) -> str:
    image = ""
    if figure.image_url:
        image = f'<img src="{escape(figure.image_url)}" alt="{escape(figure.alt_text)}">'
    caption = f"<figcaption>{escape(figure.caption)}</figcaption>" if figure.caption else ""
    return f"<figure>{image}{caption}</figure>"


def save_article(session, data: ArticleData) -> tuple[Article, bool]:
    """Insert or update the article from this source; returns it and whether it was new."""
    validate(data)
    source_key = identity(data)
    article = session.scalars(select(Article).where(Article.source_key == source_key)).first()
    created = article is None
    if created:
        article = Article(
            source_key=source_key, slug=_free_slug(session, data.slug or slugify(data.title))
        )
        session.add(article)
    elif data.slug and data.slug != article.slug:
        article.slug = _free_slug(session, data.slug)
    article.title = data.title
    article.lead = data.lead
    article.body_html = compose_body(data.body_html, data.figures)
    article.author = data.author
    article.published_on = data.published_on
    article.language = data.language
    article.source_url = data.source_url
    article.updated_at = utcnow()  # a new version: cached pages of the old one age out
    article.figures = [
        Figure(position=f.position, caption=f.caption, image_url=f.image_url, alt_text=f.alt_text)
        for f in data.figures
    ]
    return article, created


def identity(data: ArticleData) -> str:
    """What makes two imports the same article: its address, else what it says.

    Never its title or slug: different articles share those (two reports titled alike, two
    Chinese titles that once slugged to the same ASCII).
    """
    if data.source_url:
        key = data.source_url
        if len(key) <= MAX_SOURCE_KEY:
            return key
        return "sha256:" + hashlib.sha256(key.encode()).hexdigest()
    text = "\n".join([data.title, data.lead, data.body_html, data.author])
    text += "".join(f"\n{f.position} {f.image_url} {f.caption}" for f in data.figures)
    return "content:" + hashlib.sha256(text.encode()).hexdigest()


def _free_slug(session, wanted: str) -> str:
    slug, n = wanted, 1
    while session.scalars(select(Article.id).where(Article.slug == slug)).first() is not None:
        n += 1
        slug = f"{wanted}-{n}"
    return slug
