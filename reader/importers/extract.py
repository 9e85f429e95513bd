"""`extract_html`: the article of an HTML page, as the importer stores it.

trafilatura reads the body and the metadata it finds; the page's own markup (JSON-LD, meta tags,
<h1>, lead and figure classes) wins where it states something, and the body the page marks as
its body (itemprop=articleBody, an article-body class) wins when it holds the text trafilatura
found. Nothing here makes a request: <base> and tracking pixels are dropped before reading.
"""

import hashlib
import re
from copy import deepcopy
from dataclasses import replace

import lxml.html
from lxml import etree

import reader.importers.metadata as metadata
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
OWN_BODY_EXCESS = 1.1


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
    if not blocks and not figures:
        raise ImportProblem("no article text found in the HTML")
    # trafilatura weighs og:title, <h1> and <title> better than "the first <h1>" does.
    title = _title(library.title if library else "", page.title) or (
        metadata.meta(doc, "og:title") or text_of(next(doc.iter("title"), None))
    )
    if title:
        blocks, figures = _without_title(title, page.title, blocks, figures)
    else:
        title = _first_words(blocks)
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
        published_on=(metadata.stated_date(doc, stated) or page.published_on),
        language=language,
        source_url=source_url,
    )


def _title(found: str, heading: str) -> str:
    """trafilatura's title (it weighs og:title, <h1> and <title> well), unless it cut the
    page's own <h1> short at a comma or dash it took for the site name's separator."""
    if (
        found
        and heading
        and _plain(found) != _plain(heading)
        and (_plain(heading).startswith(_plain(found)))
    ):
        return heading
    return found or heading


def _without_title(title: str, heading: str, blocks, figures):
    """The body without a leading block that repeats the title (trafilatura keeps the <h1>)."""
    titles = {_plain(title), _plain(heading)} - {""}
    for n, block in enumerate(blocks[:3]):
        if _plain(block) in titles:
            for figure in figures:
                figure.position -= figure.position > n
            return blocks[:n] + blocks[n + 1 :], figures
    return blocks, figures


def _library_shows(library, text: str) -> bool:
    """True when trafilatura's text holds `text` (or there is no reading to judge by)."""
    if library is None or not (library.text or "").strip():
        return True
    return _plain(text) in _plain(library.text)


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
            include_images=False,  # with images it sometimes reads a different, wrong block
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
    blocks, _ = extract_body(container, base_url)
    if page.explicit and _covers(page.blocks, blocks):
        return page.blocks, page.figures
    if not page.explicit and _within(page.blocks, blocks):
        # On a small page trafilatura's fallback keeps everything; the page's own reading left
        # out its <nav>, <header> and <footer>.
        return page.blocks, page.figures
    return _placed_figures(blocks, page)


def _covers(own: list[str], theirs: list[str]) -> bool:
    """True when the page's own body holds most of the words trafilatura found."""
    own_words, their_words = _words(own), _words(theirs)
    if not their_words:
        return bool(own_words)
    if len(own_words) > OWN_BODY_EXCESS * len(their_words) + 30:
        return False  # the page's body element holds more than the article: its links, teasers
    own_set = set(own_words)
    found = sum(1 for w in their_words if w in own_set)
    return found >= OWN_BODY_COVERAGE * len(their_words)


def _within(own: list[str], theirs: list[str]) -> bool:
    """True when the page's own body is most of trafilatura's and says nothing else."""
    own_words, their_words = _words(own), set(_words(theirs))
    if not own_words or len(own_words) < 0.5 * len(their_words) and len(their_words) > 100:
        return False
    return sum(1 for w in own_words if w in their_words) >= 0.98 * len(own_words)


def _words(blocks: list[str]) -> list[str]:
    text = " ".join(re.sub(r"<[^>]*>", " ", b) for b in blocks)
    return WORD.findall(text.lower())


def _placed_figures(blocks, page: PageArticle) -> tuple[list[str], list[FigureData]]:
    """The page's figures placed among trafilatura's blocks, before the block they stood before.

    A figure whose neighbouring paragraph trafilatura did not keep is not the article's (a logo,
    a teaser's photo) and is left out; a caption trafilatura kept as a paragraph is dropped.
    """
    index = {}
    for n, block in enumerate(blocks):
        index.setdefault(_plain(block), n)
    own = [_plain(b) for b in page.blocks]
    figures = []
    for figure in page.figures:
        k = figure.position
        if k < len(own) and own[k] in index:
            figures.append(replace(figure, position=index[own[k]]))
        elif 0 < k <= len(own) and own[k - 1] in index:
            figures.append(replace(figure, position=index[own[k - 1]] + 1))
    captions = {_plain(f.caption) for f in figures if f.caption}
    moved = [n for n, b in enumerate(blocks) if _plain(b) in captions]
    for figure in figures:
        figure.position -= sum(1 for n in moved if n < figure.position)
    return [b for n, b in enumerate(blocks) if n not in moved], figures


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
