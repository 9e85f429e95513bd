"""Which body to keep for an HTML page: trafilatura's or the one the page marks, and the
page's figures placed among trafilatura's paragraphs; the lead and title said once."""

import re
from copy import deepcopy
from dataclasses import replace

import lxml.html
from lxml import etree

from reader.importers.html import PageArticle
from reader.importers.html_body import extract_body, text_of
from reader.importers.title import similarity
from reader.store import FigureData

WORD = re.compile(r"\w+")
# The page's own body is kept when it holds this share of the words trafilatura found...
OWN_BODY_COVERAGE = 0.8
# ...and not many more than those.
OWN_BODY_EXCESS = 1.1


def choose_body(page: PageArticle, library, base_url: str) -> tuple[list[str], list[FigureData]]:
    """The blocks and figures to store: the page's own when they hold trafilatura's text."""
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
    return placed_figures(blocks, page)


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


def placed_figures(blocks, page: PageArticle) -> tuple[list[str], list[FigureData]]:
    """The page's figures placed among trafilatura's blocks, before the block they stood before.

    A figure whose neighbouring paragraph trafilatura did not keep is not the article's (a logo,
    a teaser's photo) and is left out; a caption trafilatura kept as a paragraph is dropped.
    """
    index = {}
    for n, block in enumerate(blocks):
        index.setdefault(plain(block), n)
    own = [plain(b) for b in page.blocks]
    figures = []
    for figure in page.figures:
        k = figure.position
        if k < len(own) and own[k] in index:
            figures.append(replace(figure, position=index[own[k]]))
        elif 0 < k <= len(own) and own[k - 1] in index:
            figures.append(replace(figure, position=index[own[k - 1]] + 1))
    captions = {plain(f.caption) for f in figures if f.caption}
    moved = [n for n, b in enumerate(blocks) if plain(b) in captions]
    for figure in figures:
        figure.position -= sum(1 for n in moved if n < figure.position)
    return [b for n, b in enumerate(blocks) if n not in moved], figures


def without_title(title: str, blocks, figures):
    """The body without a leading heading that repeats the title (as Readability judges it: a
    heading made mostly of the title's words); a different heading is the page's, and stays."""
    for n, block in enumerate(blocks[:3]):
        text = plain(block)
        heading = re.match(r"<h[1-6][\s>]", block) is not None
        if text == plain(title) or heading and similarity(title, text) > 0.75:
            for figure in figures:
                figure.position -= figure.position > n
            return blocks[:n] + blocks[n + 1 :], figures
    return blocks, figures


def drop_repeated_lead(lead: str, blocks: list[str], figures: list[FigureData]):
    """The lead, and the body without the paragraph that repeats it (the longer text is kept).

    At the start of the body a paragraph that begins with the lead (or that the lead begins
    with) repeats it; further down, only the very same text does.
    """
    wanted = plain(lead)
    for n, block in enumerate(blocks if wanted else []):
        text = plain(block)
        if not text:
            continue
        repeated = (
            text == wanted
            or n < 2
            and (
                text.startswith(wanted)
                or (wanted.startswith(text) and len(text) >= len(wanted) // 2)
            )
        )
        if repeated:
            if len(text) > len(wanted):
                lead = text_of(lxml.html.fragment_fromstring(block, create_parent="div"))
            for figure in figures:
                if figure.position > n:
                    figure.position -= 1
            return lead, blocks[:n] + blocks[n + 1 :], figures
    return lead, blocks, figures


def plain(html: str) -> str:
    return " ".join(WORD.findall(re.sub(r"<[^>]*>", " ", html).lower()))
