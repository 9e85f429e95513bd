"""`extract_html`: the article of an HTML page, as the importer stores it.

trafilatura reads the body and the metadata it finds; the page's own markup (JSON-LD, meta tags,
<title> and <h1>, lead and figure classes) wins where it states something, the body the page
marks as its body (itemprop=articleBody, an article-body class) wins when it holds the text
trafilatura found, and readability-lxml's reading wins where the two readings show ours stopped
short or kept the portal (second_reading.py). What the page hides is not read. Nothing here
makes a request: <base> and tracking pixels are dropped before reading.
"""

import re
from copy import deepcopy

import lxml.html
from lxml import etree

import reader.importers.metadata as metadata
from reader.importers.body_choice import (
    choose_body,
    drop_repeated_lead,
    placed_figures,
    plain,
    without_title,
)
from reader.importers.html import clean_byline, ours
from reader.importers.second_reading import better_reading, readability_blocks
from reader.importers.source import ImportProblem, check_nesting, decode
from reader.importers.title import article_title
from reader.store import ArticleData

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
    "button",
    "select",
    "textarea",
    "input",
)
# Whole pages sit inside one ASP.NET <form>: its tag goes, its content stays.
UNWRAPPED = ("form",)
# libxml2's XPath merges node sets in quadratic time, and trafilatura asks for `//p//text()`:
# past this many text runs inside paragraphs (the longest pages measured have 8,000) its reading
# takes minutes, so the page is read by its own structure and readability-lxml alone.
MAX_LIBRARY_TEXT_RUNS = 20_000
# Wrappers deeper than this are unwrapped before reading (pages nest 40 deep at most): every
# reading walks ancestors or subtrees, which costs the depth times the page.
FLAT_BELOW = 64
WRAPPERS = frozenset({"div", "span", "section", "font", "center", "main", "article", "aside"})
# trafilatura's fallbacks (justext, its own readability) compare every paragraph with its
# neighbours in quadratic time: a 100 kB table took 17 s. Past this many elements they are
# skipped; readability-lxml's second reading below is still done.
FALLBACK_ELEMENTS = 3_000
PARSER_DEPTH = 255  # libxml2 stops reading the page at this depth: all that follows is lost
TRACKER_SOURCE = re.compile(
    r"(pixel|beacon|tracking|tracker|analytics|doubleclick|/b\.gif|/t\.gif|/p\.gif|1x1)",
    re.IGNORECASE,
)


def extract_html(data: bytes, *, url: str | None = None) -> ArticleData:
    """The article in an HTML page's bytes, or `ImportProblem` saying why there is none.

    `url` is where the page came from (used when it names no canonical address): relative
    links and images resolve against it, and it identifies the article on re-import.
    """
    return extract_text(decode(data), url=url)


def extract_text(text: str, *, url: str | None = None) -> ArticleData:
    check_nesting(text)
    try:
        doc = lxml.html.document_fromstring(XML_DECLARATION.sub("", text))
    except (etree.ParserError, ValueError):
        raise ImportProblem("the HTML holds no elements to read") from None
    _flatten_deep_wrappers(doc)
    stated = metadata.json_ld_article(doc)
    title = article_title(doc, stated)  # before our reading of the page takes its <h1> out
    source_url = _web_address(metadata.canonical_url(doc)) or _web_address(url or "")
    source_url = source_url or _web_address(metadata.meta(doc, "og:url"))
    _drop_requests_to_others(doc)
    _drop_hidden(doc)
    library = _trafilatura(doc, source_url)
    _drop_non_content(doc)
    cleaned = deepcopy(doc)  # for readability-lxml: ours takes the title, lead and byline out
    page = ours(doc, source_url)

    blocks, figures = choose_body(page, library, source_url)
    theirs = readability_blocks(cleaned, source_url)
    if title:
        blocks, figures = without_title(title, blocks, figures)
        theirs, _ = without_title(title, theirs, [])
    # Our reading sets the lead apart; readability-lxml's keeps it in the body.
    if better_reading(blocks, [b for b in theirs if plain(b) != plain(page.lead)]):
        blocks, figures = placed_figures(theirs, page)
    if not blocks and not figures:
        raise ImportProblem("no article text found in the HTML")
    title = title or _first_words(blocks)
    lead, kept, figures = drop_repeated_lead(page.lead, blocks, figures)
    if len(kept) == len(blocks) and not (page.lead_by_title or _library_shows(library, lead)):
        lead = ""  # a "lead" far from the title and outside the article is some teaser's
    blocks = kept
    if not lead:  # a description the page does not show is a teaser, not the article's lead
        described = metadata.meta(doc, "description", "og:description")
        lead, kept, figures = drop_repeated_lead(described, blocks, figures)
        lead, blocks = (lead, kept) if len(kept) < len(blocks) else ("", blocks)
    author = (
        metadata.json_ld_author(stated)
        or metadata.meta_author(doc)
        or page.author
        or clean_byline(library.author if library and library.author else "")
        or metadata.meta(doc, *metadata.AUTHOR_META)
    )
    body_text = " ".join(plain(b) for b in blocks[:200])
    language = metadata.markup_language(doc, page.scope, stated) or metadata.detect_language(
        f"{title}. {lead} {body_text}"
    )
    return ArticleData(
        title=title,
        lead=lead,
        body_html="\n".join(blocks),
        figures=figures,
        author="" if author.startswith(("http://", "https://")) else author[:200],
        published_on=(metadata.stated_date(doc, stated) or page.published_on),
        language=language,
        source_url=source_url,
    )


def _library_shows(library, text: str) -> bool:
    """True when trafilatura's text holds `text` (or there is no reading to judge by)."""
    if library is None or not (library.text or "").strip():
        return True
    return plain(text) in plain(library.text)


def _first_words(blocks: list[str], limit: int = 80) -> str:
    """A title for a page that names none: the start of its first paragraph."""
    text = " ".join(re.sub(r"<[^>]*>", " ", blocks[0]).split()) if blocks else ""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _web_address(url: str) -> str:
    url = (url or "").strip()
    return url if url.startswith(("http://", "https://")) and len(url) <= 2000 else ""


def _drop_requests_to_others(doc) -> None:
    """Drop <base> (links resolve against the page's own address) and tracking pixels."""
    for element in list(doc.iter("base", etree.Comment, etree.ProcessingInstruction)):
        element.drop_tree()
    for image in list(doc.iter("img")):
        if is_tracking_pixel(image):
            image.drop_tree()


def is_tracking_pixel(image) -> bool:
    sizes = [image.get("width"), image.get("height")]
    style = (image.get("style") or "").replace(" ", "").lower()
    tiny = any(_number(s) is not None and _number(s) <= 1 for s in sizes)
    hidden = "display:none" in style or re.search(r"(width|height):[01]px", style)
    return bool(tiny or hidden or TRACKER_SOURCE.search(image.get("src") or ""))


def _number(value):
    match = re.match(r"\s*(\d+)", value or "")
    return int(match.group(1)) if match else None


def _drop_hidden(doc) -> None:
    """Drop what the page hides from its readers (Readability's `_isProbablyVisible`): the
    `hidden` attribute, `display: none`, `visibility: hidden`, `aria-hidden="true"`."""
    for element in list(doc.body.iter() if doc.body is not None else []):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        style = (element.get("style") or "").replace(" ", "").lower()
        hidden = (
            element.get("hidden") is not None
            or "display:none" in style
            or "visibility:hidden" in style
            or element.get("aria-hidden", "").strip().lower() == "true"
            and "fallback-image" not in (element.get("class") or "")
        )
        if hidden:
            element.drop_tree()


def _drop_non_content(doc) -> None:
    for element in list(doc.iter(*NEVER_CONTENT)):
        element.drop_tree()
    for element in list(doc.iter(*UNWRAPPED)):
        element.drop_tag()


def _flatten_deep_wrappers(doc, limit: int = FLAT_BELOW) -> None:
    """Unwrap the wrapper elements (<div>, <span>...) nested deeper than `limit`, in one pass:
    their content stays, in the nearest element left. A page the parser stopped reading (it
    nests as deep as libxml2 reads) is refused: its text would be lost."""
    deep, stack = [], [(doc, 0)]
    while stack:
        element, depth = stack.pop()
        if depth >= PARSER_DEPTH:
            raise ImportProblem(
                f"the HTML nests elements {PARSER_DEPTH} deep or more, where the HTML "
                "parser stops reading it; an article nests 40 or so"
            )
        if depth > limit and element.tag in WRAPPERS:
            deep.append(element)
        stack.extend((child, depth + 1) for child in element if isinstance(child.tag, str))
    for element in deep:
        element.drop_tag()


def _text_runs_in_paragraphs(doc) -> int:
    return sum(1 for p in doc.iter("p") for _ in p.itertext())


def _large(doc) -> bool:
    """True for a page of over `FALLBACK_ELEMENTS` elements (see there)."""
    return sum(1 for _ in doc.iter()) > FALLBACK_ELEMENTS


def _trafilatura(doc, source_url: str):
    """trafilatura's reading of the page (body and metadata), or None when it finds none."""
    import trafilatura

    if _text_runs_in_paragraphs(doc) > MAX_LIBRARY_TEXT_RUNS:
        return None

    try:
        return trafilatura.bare_extraction(
            deepcopy(doc),
            url=source_url or None,
            with_metadata=True,
            include_images=False,  # with images it sometimes reads a different, wrong block
            include_links=True,
            include_formatting=True,
            include_tables=True,
            include_comments=False,
            fast=_large(doc),
        )
    except (ValueError, TypeError, etree.LxmlError, RecursionError):
        return None  # the page's own structure is read all the same
