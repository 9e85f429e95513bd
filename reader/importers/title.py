"""An HTML page's article title: what its metadata states, else its <title> without the site name.

The order and the <title> rules are Mozilla Readability's (`_getArticleMetadata`,
`_getArticleTitle`): measured on its test pages they name the article better than trafilatura's
choice or the first <h1> (see docs/operations.md, "Importing"). Two differences: a page whose
short <title> ("Tin") is shorter than its one <h1> is titled by its <h1>, and so is a
page whose stated title is its <h1> cut short.
"""

import re

from reader.importers.metadata import ARTICLE_TYPES, named_meta

# A <title>'s parts: "Headline - Site", "Site » Section » Headline".
SEPARATOR = re.compile(r"\s[|\-–—\\/>»]\s")
HIERARCHICAL = re.compile(r"\s[\\/>»]\s")
LEADING_PART = re.compile(r"^[^|\-–—\\/>»]*[|\-–—\\/>»]")
TOKEN = re.compile(r"\W+")
# Meta tags stating the title, most trusted first (Readability's order).
TITLE_META = (
    "dc:title",
    "dcterm:title",
    "og:title",
    "weibo:article:title",
    "weibo:webpage:title",
    "title",
    "twitter:title",
    "parsely-title",
)


def article_title(doc, stated: dict) -> str:
    """The title the page states (JSON-LD, then meta tags), else the one its <title> gives;
    the page's <h1> when the stated title is that <h1> cut short (for sharing)."""
    title = _json_ld_title(doc, stated) or _meta_title(doc) or title_from_document(doc)
    words = TOKEN.split(title.lower())
    for heading in doc.iter("h1"):
        text = " ".join(heading.text_content().split())
        if len(text) > len(title) and TOKEN.split(text.lower())[: len(words)] == words:
            return text
    return title


def _json_ld_title(doc, stated: dict) -> str:
    kinds = stated.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if not any(isinstance(k, str) and ARTICLE_TYPES.search(k) for k in kinds):
        return ""  # a dated WebPage or video found for its date: its name is not the article's
    name, headline = stated.get("name"), stated.get("headline")
    name = " ".join(name.split()) if isinstance(name, str) else ""
    headline = " ".join(headline.split()) if isinstance(headline, str) else ""
    if name and headline and name != headline:
        # Some sites put their own name in "name": take the one the <title> agrees with.
        title = title_from_document(doc)
        if similarity(headline, title) > 0.75 and not similarity(name, title) > 0.75:
            return headline
    return name or headline


def _meta_title(doc) -> str:
    values = named_meta(doc)
    return next((values[n] for n in TITLE_META if values.get(n)), "")


def title_from_document(doc) -> str:
    """The <title> without the site's name (Readability's rules), or the one <h1> when the
    <title> is missing, very short or very long."""
    element = next(doc.iter("title"), None)
    original = " ".join((element.text_content() if element is not None else "").split())
    current, hierarchical = original, False
    headings = [" ".join(h.text_content().split()) for h in doc.iter("h1")]
    if SEPARATOR.search(current):
        hierarchical = bool(HIERARCHICAL.search(current))
        current = original[: list(SEPARATOR.finditer(original))[-1].start()]
        if _words(current) < 3:  # "Site - Headline": drop the first part instead
            current = LEADING_PART.sub("", original, count=1)
    elif ": " in current:
        if current not in headings + [" ".join(h.text_content().split()) for h in doc.iter("h2")]:
            current = original[original.rindex(":") + 1 :]
            if _words(current) < 3:
                current = original[original.index(":") + 1 :]
            elif _words(original[: original.index(":")]) > 5:
                current = original
    elif (len(current) > 150 or len(current) < 15) and len(headings) == 1:
        if len(headings[0]) > len(current) and len(current) < 15:
            return headings[0]  # a <title> shorter than the headline names a section ("Tin")
        current = headings[0] or current
    current = " ".join(current.split())
    words = _words(current)
    if words <= 4 and (not hierarchical or words != _words(SEPARATOR.sub("", original)) - 1):
        current = original  # stripping left too little to be the headline
    return current


def similarity(a: str, b: str) -> float:
    """How much of `b` is made of `a`'s words (1.0: all of it), as Readability measures it."""
    tokens_a = [t for t in TOKEN.split(a.lower()) if t]
    tokens_b = [t for t in TOKEN.split(b.lower()) if t]
    if not tokens_a or not tokens_b:
        return 0.0
    unique_b = [t for t in tokens_b if t not in tokens_a]
    return 1 - len(" ".join(unique_b)) / len(" ".join(tokens_b))


def _words(text: str) -> int:
    """Words as Readability counts them (a leading space counts as one: its thresholds hold)."""
    return len(re.split(r"\s+", text))
