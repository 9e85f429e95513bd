"""`extract_html`: the article of an HTML page, as the importer stores it.

trafilatura reads the body and the metadata it finds; the page's own markup (JSON-LD, meta tags,
<h1>, lead and figure classes) wins where it states something, and the body the page marks as
its body (itemprop=articleBody, an article-body class) wins when it holds the text trafilatura
found. Nothing here makes a request: <base> and tracking pixels are dropped before reading.
"""

import hashlib
import re
from copy import deepcopy

import lxml.html
from lxml import etree

from reader.importers import metadata
from reader.importers.html import PageArticle, clean_byline, ours
from reader.importers.html_body import extract_body, text_of
from reader.importers.source import ImportProblem, check_nesting, decode
from reader.store import ArticleData, FigureData

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
TRACKER_SOURCE = re.compile(
    r"(pixel|beacon|tracking|tracker|analytics|doubleclick|/b\.gif|/t\.gif|/p\.gif|1x1)",
    re.IGNORECASE,
)
WORD = re.compile(r"\w+")
# The page's own body is kept when it holds this share of the words trafilatura found.
OWN_BODY_COVERAGE = 0.8


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
    stated = metadata.json_ld_article(doc)
    source_url = _web_address(metadata.canonical_url(doc)) or _web_address(url or "")
    source_url = source_url or _web_address(metadata.meta(doc, "og:url"))
    _drop_requests_to_others(doc)
    library = _trafilatura(doc, source_url)
    _drop_non_content(doc)
    page = ours(doc, source_url)

    blocks, figures = _body(page, library, source_url)
    title = (
        page.title
        or (library.title if library else "")
        or metadata.meta(doc, "og:title")
        or text_of(next(doc.iter("title"), None))
    )
    if not title:
        raise ImportProblem("no title found in the HTML (no <h1>, og:title or <title>)")
    if not blocks and not figures:
        raise ImportProblem("no article text found in the HTML")
    lead = page.lead or metadata.meta(doc, "description", "og:description")
    lead, blocks, figures = drop_repeated_lead(lead, blocks, figures)
    author = (
        metadata.json_ld_author(stated)
        or page.author
        or clean_byline(library.author if library and library.author else "")
        or metadata.meta(doc, *metadata.AUTHOR_META)
    )
    body_text = " ".join(_plain(b) for b in blocks[:200])
    language = metadata.markup_language(doc, page.scope, stated) or metadata.detect_language(
        f"{title}. {lead} {body_text}"
    )
    return ArticleData(
        title=title,
        lead=lead,
        body_html="\n".join(blocks),
        figures=figures,
        author="" if author.startswith(("http://", "https://")) else author[:200],
        published_on=metadata.stated_date(doc, stated) or page.published_on,
        language=language,
        source_url=source_url,
    )


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


def _drop_non_content(doc) -> None:
    for element in list(doc.iter(*NEVER_CONTENT)):
        element.drop_tree()
    for element in list(doc.iter(*UNWRAPPED)):
        element.drop_tag()


def _trafilatura(doc, source_url: str):
    """trafilatura's reading of the page (body and metadata), or None when it finds none."""
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            deepcopy(doc),
            url=source_url or None,
            with_metadata=True,
            include_images=True,
            include_links=True,
            include_formatting=True,
            include_tables=True,
            include_comments=False,
        )
    except (ValueError, TypeError, etree.LxmlError, RecursionError):
        return None  # the page's own structure is read all the same


def _body(page: PageArticle, library, base_url: str) -> tuple[list[str], list[FigureData]]:
    if library is None or library.body is None or not len(library.body):
        return page.blocks, page.figures
    from trafilatura.htmlprocessing import convert_to_html

    html = etree.tostring(convert_to_html(deepcopy(library.body)), encoding="unicode")
    container = lxml.html.document_fromstring(html).body
    blocks, figures = extract_body(container, base_url)
    if page.explicit and _covers(page.blocks, blocks):
        return page.blocks, page.figures
    return _with_captions(blocks, figures, page.figures)


def _covers(own: list[str], theirs: list[str]) -> bool:
    """True when the page's own body holds most of the words trafilatura found."""
    own_words = set(_words(own))
    their_words = _words(theirs)
    if not their_words:
        return bool(own_words)
    found = sum(1 for w in their_words if w in own_words)
    return found >= OWN_BODY_COVERAGE * len(their_words)


def _words(blocks: list[str]) -> list[str]:
    text = " ".join(re.sub(r"<[^>]*>", " ", b) for b in blocks)
    return WORD.findall(text.lower())


def _with_captions(blocks, figures, known) -> tuple[list[str], list[FigureData]]:
    """trafilatura keeps a photo but not its caption: take the caption the page gives it."""
    by_image = {f.image_url: f for f in known if f.image_url}
    captions = set()
    for figure in figures:
        page_figure = by_image.get(figure.image_url)
        if page_figure:
            figure.caption = figure.caption or page_figure.caption
            figure.alt_text = figure.alt_text or page_figure.alt_text
        if figure.caption:
            captions.add(_plain(figure.caption))
    kept, moved = [], []
    for n, block in enumerate(blocks):
        if captions and _plain(block) in captions:
            moved.append(n)  # the caption shown again as a paragraph
        else:
            kept.append(block)
    for figure in figures:
        figure.position -= sum(1 for n in moved if n < figure.position)
    return kept, figures


def _plain(html: str) -> str:
    return " ".join(WORD.findall(re.sub(r"<[^>]*>", " ", html).lower()))


def drop_repeated_lead(lead: str, blocks: list[str], figures: list[FigureData]):
    """The lead, and the body without the paragraph that repeats it (the longer text is kept)."""
    wanted = _plain(lead)
    for n, block in enumerate(blocks[:2]):
        text = _plain(block)
        if not wanted or not text:
            continue
        repeated = text.startswith(wanted) or (
            wanted.startswith(text) and len(text) >= len(wanted) // 2
        )
        if repeated:
            if len(text) > len(wanted):
                lead = text_of(lxml.html.fragment_fromstring(block, create_parent="div"))
            for figure in figures:
                if figure.position > n:
                    figure.position -= 1
            return lead, blocks[:n] + blocks[n + 1 :], figures
    return lead, blocks, figures


def content_key(data: ArticleData) -> str:
    """What identifies an article that names no address: a hash of what it says."""
    text = "\n".join([data.title, data.lead, _plain(data.body_html)])
    text += "".join(f"\n{f.image_url} {f.caption}" for f in data.figures)
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()
