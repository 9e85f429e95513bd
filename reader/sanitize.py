"""The one place untrusted article HTML is cleaned: bleach, plus the gaps bleach leaves open.

Every write path calls `sanitize_html` once, when an article is stored; templates render only
that stored result unescaped.
"""

import re
from html import unescape

import bleach
import lxml.html
from bleach.html5lib_shim import Filter
from lxml import etree

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "h2",
        "h3",
        "h4",
        "ul",
        "ol",
        "li",
        "blockquote",
        "em",
        "strong",
        "i",
        "b",
        "a",
        "img",
        "figure",
        "figcaption",
        "table",
        "caption",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
    }
)
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
    "script",
    "style",
    "template",
    "noscript",
    "iframe",
    "object",
    "embed",
    "applet",
    "frame",
    "frameset",
    "svg",
    "math",
    "head",
    "title",
    "textarea",
    "select",
    "button",
    "xmp",
    "noembed",
    "noframes",
    "plaintext",
)
RENAMED = {"h1": "h2", "h5": "h4", "h6": "h4"}  # keep the page's one h1 and a sane outline

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]+")
# Control characters and lone surrogates are never article text, and libxml2 refuses them.
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff]")
_DOCUMENT_END = re.compile(r"</(html|body)\b[^>]*>", re.IGNORECASE)  # libxml2 drops what follows


def url_is_allowed(url: str) -> bool:
    """True for http, https, mailto and relative URLs, judged as a browser would read them."""
    compact = _IGNORED_BY_BROWSERS.sub("", url)
    match = _SCHEME.match(compact)
    return match is None or match.group(1).lower() in ALLOWED_SCHEMES


def is_external(url: str) -> bool:
    compact = _IGNORED_BY_BROWSERS.sub("", _decoded(url)).lower().replace("\\", "/")
    return compact.startswith(("http:", "https:", "//"))


def _decoded(value: str) -> str:
    """An attribute value as the browser will read it: bleach hands it over with its entities."""
    for _ in range(5):  # more than once, to be strict about double-encoded schemes too
        decoded = unescape(value)
        if decoded == value:
            break
        value = decoded
    return value


def _allow_attribute(tag, name, value):
    allowed = ALLOWED_ATTRIBUTES.get(tag, []) + ALLOWED_ATTRIBUTES["*"]
    if name not in allowed:
        return False
    return name not in URL_ATTRIBUTES or (url_is_allowed(value) and url_is_allowed(_decoded(value)))


class _ExternalLinkFilter(Filter):
    """Adds rel="noopener noreferrer" to links that leave the site."""

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] == "StartTag" and token["name"] == "a":
                attrs = token["data"]
                href = attrs.get((None, "href")) or ""
                attrs.pop((None, "rel"), None)
                if href and is_external(href):
                    attrs[(None, "rel")] = "noopener noreferrer"
            yield token


class _DoubleQuoteFilter(Filter):
    """Writes a literal `"` in attribute values as &quot;.

    bleach 6.4 escapes `&` twice in a value it has to quote with `'` (one holding `"`), so the
    alt text `"Tom" &amp; Jerry` would be shown as `"Tom" &amp; Jerry`; bleach keeps entities
    as written, so this keeps the value as the author meant it.
    """

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] in ("StartTag", "EmptyTag") and token.get("data"):
                token["data"] = {k: v.replace('"', "&quot;") for k, v in token["data"].items()}
            yield token


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=_allow_attribute,
    protocols=ALLOWED_SCHEMES,
    strip=True,
    strip_comments=True,
    filters=[_ExternalLinkFilter, _DoubleQuoteFilter],
)


def _drop_dangerous_elements(html: str) -> str:
    """Remove elements whose content is never article text, and fix the heading levels."""
    if not html.strip():
        return ""
    # Parsed as a whole document, so that stray <html>, <head> or <body> tags cannot break it.
    html = _DOCUMENT_END.sub("", html)
    doc = lxml.html.document_fromstring(f"<!DOCTYPE html><html><body>{html}</body></html>")
    for element in list(
        doc.iter(etree.Comment, etree.ProcessingInstruction, *DROPPED_WITH_CONTENT)
    ):
        element.drop_tree()  # keeps the text that follows the element
    for element in doc.iter(*RENAMED):
        element.tag = RENAMED[element.tag]
    for element in doc.iter():
        # Judged here on the decoded value too: libxml2 percent-escapes a tab or newline inside a
        # URL when it writes the markup out, which would hide a "java\tscript:" from bleach.
        for name in URL_ATTRIBUTES.intersection(element.attrib):
            if not url_is_allowed(element.get(name)):
                del element.attrib[name]
    parts = []
    for top in doc:  # the body, and whatever libxml2 put after it (content after </body>)
        if top.tag == "body":
            parts.append(top.text or "")
            parts += [lxml.html.tostring(child, encoding="unicode") for child in top]
        else:
            parts.append(lxml.html.tostring(top, encoding="unicode"))
    return "".join(parts)


def sanitize_html(html: str) -> str:
    """Clean untrusted HTML down to article markup: safe tags, attributes and URL schemes only."""
    # A tag torn by a NUL or control byte parses differently in browsers and libxml2: drop them.
    html = _NOT_TEXT.sub("", html or "")
    return _cleaner.clean(_drop_dangerous_elements(html)).strip()
