"""What a page says about its article: canonical address, JSON-LD, meta tags, and its language.

Read before the page is cleaned (JSON-LD lives in <script>), and only what the page states:
a date or author is never guessed from the body here.
"""

import json
import re
from datetime import date, datetime
from functools import cache

BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
ARTICLE_TYPES = re.compile(r"(Article|Posting|Report|Blog)", re.IGNORECASE)
# Meta tags that state when an article was published, most specific first.
DATE_META = (
    "article:published_time",
    "parsely-pub-date",
    "sailthru.date",
    "datePublished",
    "og:published_time",
    "published_time",
    "publish-date",
    "pubdate",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "date",
)
AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator")
# Meta tags as Mozilla Readability reads them: a property may list several names; a name may be
# "DC.title", "dc:creator", "parsely-title", "weibo:article:title".
NAMED_PROPERTY = re.compile(
    r"\s*(article|dc|dcterm|og|twitter)\s*:\s*"
    r"(author|creator|description|published_time|title|site_name)\s*",
    re.IGNORECASE,
)
NAMED = re.compile(
    r"^\s*(?:(dc|dcterm|og|twitter|parsely|weibo:(article|webpage))\s*[-.:]\s*)?"
    r"(author|creator|pub-date|description|title|site_name)\s*$",
    re.IGNORECASE,
)
# The meta tags naming the author, most trusted first (Readability's order).
AUTHOR_NAMES = ("dc:creator", "dcterm:creator", "author", "parsely-author", "article:author")
CDATA = re.compile(r"^\s*(//\s*)?<!\[CDATA\[|(//\s*)?\]\]>\s*$")
MAX_JSON_LD = 200_000  # characters of one JSON-LD block read; a larger one is not metadata
MIN_DETECTION_CHARACTERS = 40
MIN_CONFIDENCE = 0.8


def meta(doc, *names: str) -> str:
    wanted = [n.lower() for n in names]
    found = {}
    for element in doc.iter("meta"):
        for key in ("name", "property", "itemprop"):
            name = (element.get(key) or "").strip().lower()
            if name in wanted and name not in found and (element.get("content") or "").strip():
                found[name] = " ".join(element.get("content").split())
    return next((found[n] for n in wanted if n in found), "")


def named_meta(doc) -> dict[str, str]:
    """The title, author, description... meta tags by their folded name ("dc:title"), as
    Readability reads them (the last of the same name wins)."""
    values = {}
    for element in doc.iter("meta"):
        content = " ".join((element.get("content") or "").split())
        if not content:
            continue
        found = NAMED_PROPERTY.search(element.get("property") or "")
        if found:
            values[re.sub(r"\s", "", found.group(0).lower())] = content
        elif NAMED.match(element.get("name") or ""):
            values[re.sub(r"\s", "", element.get("name").lower()).replace(".", ":")] = content
    return values


def meta_author(doc) -> str:
    """The author the meta tags name (not an address: article:author is often a profile URL)."""
    values = named_meta(doc)
    found = (values.get(n, "") for n in AUTHOR_NAMES)
    return next((a for a in found if a and not a.startswith(("http:", "https:"))), "")


def canonical_url(doc) -> str:
    for link in doc.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return link.get("href").strip()
    return ""


def json_ld_article(doc) -> dict:
    """The first schema.org Article-like object in the page's JSON-LD (else the first object
    that states a datePublished: a WebPage, a video), else {}."""
    dated = {}
    for value in _json_ld(doc):
        found = _article_in(value, depth=0)
        if found:
            return found
        dated = dated or _dated_in(value, depth=0)
    return dated


def _json_ld(doc):
    for script in doc.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = CDATA.sub("", script.text or "").strip()
        if not text or len(text) > MAX_JSON_LD:
            continue
        try:
            yield json.loads(text)
        except (ValueError, RecursionError):
            continue


def _dated_in(value, depth: int) -> dict:
    if depth > 4:
        return {}
    if isinstance(value, list):
        return next((f for v in value[:50] if (f := _dated_in(v, depth + 1))), {})
    if not isinstance(value, dict):
        return {}
    if isinstance(value.get("datePublished"), str):
        return value
    return _dated_in(value.get("@graph") or [], depth + 1)


def _article_in(value, depth: int) -> dict:
    if depth > 4:
        return {}
    if isinstance(value, list):
        return next((f for v in value[:50] if (f := _article_in(v, depth + 1))), {})
    if not isinstance(value, dict):
        return {}
    kinds = value.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if any(isinstance(k, str) and ARTICLE_TYPES.search(k) for k in kinds):
        return value
    return _article_in(value.get("@graph") or [], depth + 1)


def json_ld_author(article: dict) -> str:
    author = article.get("author") or article.get("creator")
    authors = author if isinstance(author, list) else [author]
    names = []
    for one in authors[:10]:
        name = one.get("name") if isinstance(one, dict) else one
        if isinstance(name, str) and name.strip() and not name.startswith(("http:", "https:")):
            names.append(" ".join(name.split()))
    return ", ".join(names)


def stated_date(doc, article: dict) -> date | None:
    """The publication date the page states: JSON-LD datePublished, then the usual meta tags."""
    candidates = [article.get("datePublished")]
    candidates += [meta(doc, name) for name in DATE_META]
    candidates.append(article.get("dateCreated"))
    for element in doc.xpath("//*[@itemprop='datePublished']"):
        candidates += [element.get("datetime"), element.get("content"), element.text]
    return next((d for d in map(iso_date, candidates) if d), None)


def iso_date(value) -> date | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None


def markup_language(doc, scope=None, article: dict | None = None) -> str:
    """The language the markup declares nearest the article (lang, xml:lang, JSON-LD, meta)."""
    elements = [] if scope is None else [scope, *scope.iterancestors()]
    for element in elements or [doc]:
        tag = element.get("lang") or element.get("{http://www.w3.org/XML/1998/namespace}lang")
        if tag and tag.strip():
            return _tag(tag)
    stated = (article or {}).get("inLanguage")
    for value in (
        stated if isinstance(stated, str) else "",
        meta(doc, "content-language", "dc.language", "language"),
        _http_equiv_language(doc),
        meta(doc, "og:locale"),
    ):
        if value and _tag(value):
            return _tag(value)
    return ""


def _http_equiv_language(doc) -> str:
    for element in doc.iter("meta"):
        if (element.get("http-equiv") or "").lower() == "content-language":
            return (element.get("content") or "").split(",")[0]
    return ""


def _tag(value: str) -> str:
    tag = value.strip().replace("_", "-")
    return tag if BCP47.match(tag) and len(tag) <= 35 else ""


def detect_language(text: str) -> str:
    """The language of the text by py3langid (its model ships in the package), or "" if unsure."""
    sample = " ".join(text.split())[:5000]
    if len(sample) < MIN_DETECTION_CHARACTERS:
        return ""
    language, confidence = _identifier().classify(sample)
    return language if confidence >= MIN_CONFIDENCE else ""


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
