"""The one place untrusted article HTML is cleaned: bleach, plus the gaps bleach leaves open.

Every write path calls `sanitize_html` once, when an article is stored; templates render only
that stored result unescaped.
"""

import re

import bleach
import lxml.html
from bleach.html5lib_shim import Filter
from lxml import etree

ALLOWED_TAGS = frozenset({
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "em", "strong", "i", "b",
    "a", "img", "figure", "figcaption", "table", "caption", "thead", "tbody", "tfoot", "tr",
    "th", "td",
})
ALLOWED_ATTRIBUTES = {
    "*": ["lang", "dir"],
    "a": ["href", "title"],
    "img": ["src", "alt", "width", "height"],
    "blockquote": ["cite"],
    "ol": ["start", "reversed"],
    "th": ["colspan", "rowspan", "scope", "abbr"],
    "td": ["colspan", "rowspan"],
}
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})

# bleach strips these tags but keeps their text; we drop them with everything inside.
DROPPED_WITH_CONTENT = (
    "script", "style", "template", "noscript", "iframe", "object", "embed", "applet", "frame",
    "frameset", "svg", "math", "head", "title", "textarea", "select", "button",
)
RENAMED = {"h1": "h2", "h5": "h4", "h6": "h4"}  # keep the page's one h1 and a sane outline

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]+")


def url_is_allowed(url: str) -> bool:
    """True for http, https, mailto and relative URLs, judged as a browser would read them."""
    compact = _IGNORED_BY_BROWSERS.sub("", url)
    match = _SCHEME.match(compact)
    return match is None or match.group(1).lower() in ALLOWED_SCHEMES


def is_external(url: str) -> bool:
    compact = _IGNORED_BY_BROWSERS.sub("", url).lower()
    return compact.startswith(("http:", "https:", "//"))


def _allow_attribute(tag, name, value):
    allowed = ALLOWED_ATTRIBUTES.get(tag, []) + ALLOWED_ATTRIBUTES["*"]
    if name not in allowed:
        return False
    return name not in URL_ATTRIBUTES or url_is_allowed(value)


class _ExternalLinkFilter(Filter):
    """Adds rel="noopener noreferrer" to links that leave the site."""

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] == "StartTag" and token["name"] == "a":
                attrs = token["data"]
                href = attrs.get((None, "href"), "")
                attrs.pop((None, "rel"), None)
                if href and is_external(href):
                    attrs[(None, "rel")] = "noopener noreferrer"
            yield token


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=_allow_attribute,
    protocols=ALLOWED_SCHEMES,
    strip=True,
    strip_comments=True,
    filters=[_ExternalLinkFilter],
)


def _drop_dangerous_elements(html: str) -> str:
    """Remove elements whose content is never article text, and fix the heading levels."""
    if not html.strip():
        return ""
    container = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in list(container.iter(*DROPPED_WITH_CONTENT)):
        element.drop_tree()  # keeps the text that follows the element
    for element in container.iter(*RENAMED):
        element.tag = RENAMED[element.tag]
    for element in container.iter(etree.Comment, etree.ProcessingInstruction):
        element.drop_tree()
    parts = [container.text or ""]
    parts += [lxml.html.tostring(child, encoding="unicode") for child in container]
    return "".join(parts)


def sanitize_html(html: str) -> str:
    """Clean untrusted HTML down to article markup: safe tags, attributes and URL schemes only."""
    # NUL bytes are never text, and a tag torn by one parses differently in browsers and libxml2.
    html = (html or "").replace("\x00", "")
    return _cleaner.clean(_drop_dangerous_elements(html)).strip()
