"""HTML pages, whole portal pages or just the article: metadata from the markup, then the body.

The page is read with lxml; what the reader sees in the end is only what `store.compose_body`
keeps after sanitizing, so this module cares about finding the article, not about safety.
"""

import re
from datetime import date, datetime

import lxml.html
from lxml import etree

from reader.importers.html_body import (
    FIGURE_CLASS,
    classes_match,
    extract_body,
    find_body_container,
    remove_boilerplate,
    text_of,
)
from reader.importers.source import ImportProblem
from reader.store import ArticleData

LEAD_CLASS = re.compile(
    r"(^|[-_])(lead|sapo|summary|description|excerpt|standfirst|"
    r"intro|chapeau|dek|tom-?tat)([-_]|$)"
)
AUTHOR_CLASS = re.compile(r"(^|[-_])(author|byline|tac-?gia|author-?name)([-_]|$)")
BYLINE_PREFIX = re.compile(r"^(by|bài và ảnh|bài, ảnh|tác giả|theo|nguồn)\s*:?\s+", re.IGNORECASE)
DMY = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
NEVER_CONTENT = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "form",
    "button",
    "select",
    "textarea",
    "input",
)


def parse(text: str) -> list[ArticleData]:
    try:
        doc = lxml.html.document_fromstring(XML_DECLARATION.sub("", text))
    except (etree.ParserError, ValueError):
        raise ImportProblem("the HTML holds no elements to read") from None
    for element in list(doc.iter(etree.Comment, etree.ProcessingInstruction, *NEVER_CONTENT)):
        element.drop_tree()
    page_url = _page_url(doc)
    scope = _article_scope(doc)
    heading = _first(scope.iter("h1"))
    if heading is None:
        heading = _first(doc.iter("h1"))
    title = (
        (text_of(heading) if heading is not None else "")
        or _meta(doc, "og:title")
        or text_of(_first(doc.iter("title")))
    )
    if not title:
        raise ImportProblem("no title found in the HTML (no <h1>, og:title or <title>)")
    lead_element = _find_lead(scope)
    bylines = _bylines(scope)
    data = ArticleData(
        title=title,
        lead=text_of(lead_element) or _meta(doc, "description") or _meta(doc, "og:description"),
        author=_author(doc, bylines),
        published_on=_published_on(doc, scope, heading),
        language=_language(doc, scope),
        source_url=page_url if page_url.startswith(("http://", "https://")) else "",
    )
    container = find_body_container(scope)
    for element in [heading, lead_element, *bylines, *list(container.iter("time"))]:
        # The title, lead, byline and date are shown on their own; the body must not repeat them.
        if element is not None and element is not container and _inside(element, container):
            element.drop_tree()
    remove_boilerplate(container)
    data.body_html, data.figures = extract_body(container, _base_url(doc, page_url))
    if not data.body_html and not data.figures:
        raise ImportProblem("no article text found in the HTML")
    return [data]


def _first(elements):
    return next(iter(elements), None)


def _meta(doc, name: str) -> str:
    for meta in doc.iter("meta"):
        if name.lower() in (
            (meta.get("name") or "").lower(),
            (meta.get("property") or "").lower(),
            (meta.get("itemprop") or "").lower(),
        ):
            return " ".join((meta.get("content") or "").split())
    return ""


def _page_url(doc) -> str:
    for link in doc.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return link.get("href").strip()
    return _meta(doc, "og:url")


def _base_url(doc, page_url: str) -> str:
    from urllib.parse import urljoin

    base = _first(b.get("href") for b in doc.iter("base") if b.get("href"))
    try:
        return urljoin(page_url, base.strip()) if base else page_url
    except ValueError:  # e.g. a malformed IPv6 host: links stay as written
        return ""


def _article_scope(doc):
    """The element that holds the article: an <article>, a schema.org Article, <main>, <body>."""
    articles = [a for a in doc.iter("article") if text_of(a)]
    with_heading = [a for a in articles if _first(a.iter("h1")) is not None]
    if with_heading or articles:
        return max(with_heading or articles, key=lambda a: len(a.text_content()))
    for element in doc.iter():
        if "Article" in (element.get("itemtype") or ""):
            return element
    return next((e for tag in ("main", "body") for e in doc.iter(tag)), doc)


def _find_lead(scope):
    for element in scope.iter():
        if (
            element is not scope
            and classes_match(element, LEAD_CLASS)
            and text_of(element)
            and not classes_match(element, FIGURE_CLASS)
            and not any(a.tag in ("figure", "table") for a in element.iterancestors())
        ):
            return element
    return None


def _inside(element, container) -> bool:
    return any(ancestor is container for ancestor in element.iterancestors())


def _bylines(scope) -> list:
    found = []
    for element in scope.iter():
        if element is scope or any(element in b.iterancestors() for b in found):
            continue
        rel = (element.get("rel") or "").lower().split()
        if (
            "author" in rel
            or element.get("itemprop") == "author"
            or classes_match(element, AUTHOR_CLASS)
        ):
            found.append(element)
    return found


def _author(doc, bylines) -> str:
    for element in bylines:
        name = _first(element.xpath(".//*[@itemprop='name']"))
        text = (
            name.get("content")
            if name is not None and name.get("content")
            else text_of(name if name is not None else element)
        )
        text = BYLINE_PREFIX.sub("", text).strip(" ,;-–")
        if text and len(text) <= 200:
            return text
    author = _meta(doc, "author") or _meta(doc, "article:author")
    return "" if author.startswith(("http://", "https://")) else author


def _published_on(doc, scope, heading) -> date | None:
    candidates = [t.get("datetime") for t in scope.iter("time")]
    candidates += [_meta(doc, "article:published_time"), _meta(doc, "datePublished")]
    for element in doc.xpath("//*[@itemprop='datePublished']"):
        candidates += [element.get("datetime"), element.get("content"), text_of(element)]
    for value in candidates:
        parsed = _iso_date(value)
        if parsed:
            return parsed
    return _date_near(heading) if heading is not None else None


def _date_near(heading) -> date | None:
    """A day/month/year in the blocks next to the title, then next to its parent, nearest first."""
    element = heading
    for _ in range(3):
        parent = element.getparent()
        if parent is None:
            break
        siblings = [s for s in parent if isinstance(s.tag, str)]
        here = siblings.index(element)
        for there in sorted(range(len(siblings)), key=lambda j: abs(j - here))[1:7]:
            for match in DMY.finditer(text_of(siblings[there])):
                day, month, year = (int(g) for g in match.groups())
                try:
                    return date(year, month, day)
                except ValueError:
                    continue
        element = parent
    return None


def _iso_date(value) -> date | None:
    value = (value or "").strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None


def _language(doc, scope) -> str:
    for element in (scope, *scope.iterancestors()):
        tag = (
            (element.get("lang") or element.get("{http://www.w3.org/XML/1998/namespace}lang") or "")
            .strip()
            .replace("_", "-")
        )
        if tag:
            return tag if BCP47.match(tag) else "vi"
    return "vi"
