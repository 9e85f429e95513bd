"""What a page's own structure shows of its article: the <h1>, lead, byline, date, figures.

`extract.extract_text` weighs this against trafilatura's reading of the same page; this module
keeps what hand-written rules do well on Vietnamese portals (the sapo, photos with captions).
"""

import re
from dataclasses import dataclass, field
from datetime import date

from reader.importers.html_body import (
    FIGURE_CLASS,
    classes_match,
    extract_body,
    find_body_container,
    remove_boilerplate,
    text_of,
)
from reader.importers.metadata import iso_date
from reader.store import FigureData

LEAD_CLASS = re.compile(
    r"(^|[-_])(lead|sapo|summary|description|excerpt|standfirst|"
    r"intro|chapeau|dek|tom-?tat)([-_]|$)"
)
AUTHOR_CLASS = re.compile(r"(^|[-_])(author|byline|tac-?gia|author-?name)([-_]|$)")
BYLINE_PREFIX = re.compile(r"^(by|bài và ảnh|bài, ảnh|tác giả|theo|nguồn)\s*:?\s+", re.IGNORECASE)
DMY = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


@dataclass
class PageArticle:
    title: str
    lead: str
    author: str
    published_on: date | None
    scope: object
    explicit: bool = False  # the page marks its body (itemprop=articleBody, an article-body class)
    lead_by_title: bool = False  # the lead stands beside the <h1>, as a sapo does
    blocks: list[str] = field(default_factory=list)
    figures: list[FigureData] = field(default_factory=list)


def ours(doc, base_url: str) -> PageArticle:
    """The article as the page's markup shows it; takes the body out of `doc`."""
    scope = article_scope(doc)
    heading = _first(scope.iter("h1"))
    if heading is None:
        heading = _first(doc.iter("h1"))
    lead_element = find_lead(scope)
    lines = bylines(scope)
    found = PageArticle(
        title=text_of(heading),
        lead=text_of(lead_element),
        author=author_of(lines),
        published_on=_published_on(scope, heading),
        scope=scope,
    )
    found.lead_by_title = _near(lead_element, heading)
    container = find_body_container(scope)
    found.explicit = container is not scope
    for element in [heading, lead_element, *lines, *list(container.iter("time"))]:
        # The title, lead, byline and date are shown on their own; the body must not repeat them.
        if element is not None and element is not container and _inside(element, container):
            element.drop_tree()
    remove_boilerplate(container)
    found.blocks, found.figures = extract_body(container, base_url)
    return found


def _first(elements):
    return next(iter(elements), None)


def article_scope(doc):
    """The element that holds the article: an <article>, a schema.org Article, <main>, <body>."""
    articles = [a for a in doc.iter("article") if text_of(a)]
    with_heading = [a for a in articles if _first(a.iter("h1")) is not None]
    if with_heading or articles:
        return max(with_heading or articles, key=lambda a: len(a.text_content()))
    for element in doc.iter():
        if "Article" in (element.get("itemtype") or ""):
            return element
    mains = [m for m in doc.iter("main") if text_of(m)]  # an empty first <main> is no article
    return mains[0] if mains else next(doc.iter("body"), doc)


def find_lead(scope):
    for element in scope.iter():
        if (
            element is not scope
            and classes_match(element, LEAD_CLASS)
            and text_of(element)
            and not classes_match(element, FIGURE_CLASS)
            and not any(a.tag in ("figure", "table") for a in element.iterancestors())
            and len(element.findall(".//p")) < 2  # a "description" holding paragraphs is the body
        ):
            return element
    return None


def _near(element, heading) -> bool:
    """True when the two share a parent or grandparent."""
    if element is None or heading is None:
        return False
    around = list(heading.iterancestors())[:2]
    return any(a in around for a in list(element.iterancestors())[:2])


def _inside(element, container) -> bool:
    return any(ancestor is container for ancestor in element.iterancestors())


def bylines(scope) -> list:
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


def author_of(lines) -> str:
    for element in lines:
        name = _first(element.xpath(".//*[@itemprop='name']"))
        text = (
            name.get("content")
            if name is not None and name.get("content")
            else text_of(name if name is not None else element)
        )
        text = clean_byline(text)
        if text and len(text) <= 200:
            return text
    return ""


def clean_byline(text: str) -> str:
    return BYLINE_PREFIX.sub("", " ".join((text or "").split())).strip(" ,;|-–")


def _published_on(scope, heading) -> date | None:
    for value in [t.get("datetime") for t in scope.iter("time")]:
        parsed = iso_date(value)
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
