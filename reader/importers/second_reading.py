"""A second reading of the page by readability-lxml, kept where trafilatura's is clearly off.

trafilatura and readability-lxml fail differently: trafilatura sometimes stops short of the
article's end (a table, a formula, a second column) or keeps the portal around a short article,
where readability-lxml, which scores the page's blocks, keeps the one block that holds the story.
When the two disagree that way, readability-lxml's reading is kept; otherwise ours stands.
Measured in docs/operations.md, "Importing".
"""

import logging
import re
from collections import Counter

import lxml.html
from lxml import etree

from reader.importers.html_body import BOILERPLATE_TAGS, extract_body

WORD = re.compile(r"\w+")
# readability-lxml's reading replaces ours when it holds nearly all of ours (this share)...
HOLDS = 0.9
# ...and goes on for more than this many times its length (ours stopped short),
LONGER = 1.1
# or when nearly all of its reading is in ours and ours is over twice as long (ours kept the
# portal around the article), or ours is empty, provided it read at least this many words.
SHORTER = 0.5
MIN_WORDS = 100
# A page readability-lxml cannot read is logged with its traceback before it raises; we read the
# page all the same, so that is no error of ours to show on the command line.
logging.getLogger("readability.readability").addHandler(logging.NullHandler())


def readability_blocks(html, base_url: str) -> list[str]:
    """readability-lxml's article in `html` (markup, or a parsed page it may change) as blocks
    like ours, or [] when it finds none."""
    from readability import Document
    from readability.readability import Unparseable

    try:
        summary = Document(html, url=base_url or None).summary(html_partial=True)
        container = lxml.html.fragment_fromstring(summary, create_parent="div")
    except (Unparseable, ValueError, TypeError, etree.LxmlError, RecursionError):
        return []
    for element in list(container.iter(*BOILERPLATE_TAGS)):
        element.drop_tree()  # on a small page it keeps everything, <nav> and <footer> too
    blocks, _ = extract_body(container, base_url)
    return blocks


def better_reading(ours: list[str], theirs: list[str]) -> bool:
    """True when readability-lxml's blocks should replace ours (see the module's docstring)."""
    mine, other = _words(ours), _words(theirs)
    n_mine, n_other = sum(mine.values()), sum(other.values())
    if not n_mine:  # a menu's few links are not an article ours missed
        return n_other >= MIN_WORDS
    shared = sum((mine & other).values())
    stopped_short = n_other > LONGER * n_mine and shared >= HOLDS * n_mine
    kept_the_portal = (
        n_other >= MIN_WORDS and n_other < SHORTER * n_mine and shared >= HOLDS * n_other
    )
    return stopped_short or kept_the_portal


def _words(blocks: list[str]) -> Counter:
    return Counter(WORD.findall(" ".join(re.sub(r"<[^>]*>", " ", b) for b in blocks).lower()))
