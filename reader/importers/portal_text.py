"""Portal text scrapes like the seed article: marker lines, date, title, lead, body, captions.

The shape (the demo article reader/demo/backan-portal-article.txt has it): the portal's block
names are not content; the date is day/month/year; a block that follows two blank lines is a
photo caption; the last short line is the author. Plain text without the block names works too:
its first paragraph is the title (and lead), the rest the body.
"""

import re
from datetime import date

from markupsafe import escape

from reader.importers.source import ImportProblem
from reader.store import ArticleData, FigureData

TOOLBAR_MARKER = "Block_BanTin_Toolbar"
BODY_MARKER = "Block_BanTin_ViewData"
TOOLBAR_LABELS = re.compile(r"^(Tăng cỡ chữ|Giảm cỡ chữ|\s)+$")
DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
MAX_AUTHOR_LENGTH = 80


def parse(text: str) -> list[ArticleData]:
    lines = [line.replace("\u00a0", " ").rstrip() for line in text.splitlines()]
    body_start = next((i for i, line in enumerate(lines) if BODY_MARKER in line), None)
    if body_start is None:  # plain text: the first paragraph with words is title (and lead)
        head_end = body_start = _end_of_title_block(lines)
    else:
        head_end, body_start = body_start, body_start + 1  # the marker line is not content
    head = lines[:head_end]
    head_blocks = _blocks(line for line in head if TOOLBAR_MARKER not in line)

    published_on = None
    header: list[str] = []
    for _, block in head_blocks:
        for line in block:
            match = DATE.match(line.strip())
            if match and published_on is None:
                published_on = _date(match)
            elif not TOOLBAR_LABELS.match(line):
                header.append(line.strip())
    if not header:
        raise ImportProblem("no title found in the text")
    title, lead_lines = header[0], header[1:]

    body_blocks = _blocks(lines[body_start:])
    author = ""
    if len(body_blocks) > 1:
        gap, last = body_blocks[-1]
        if gap < 2 and len(last) == 1 and len(last[0]) <= MAX_AUTHOR_LENGTH:
            author = last[0].strip()
            body_blocks.pop()
    paragraphs: list[str] = []
    figures: list[FigureData] = []
    for gap, block in body_blocks:
        joined = " ".join(line.strip() for line in block)
        if gap >= 2:
            figures.append(FigureData(position=len(paragraphs), caption=joined))
        else:
            paragraphs.append(joined)
    if not paragraphs and not figures:
        raise ImportProblem("no article text found after the title")
    body_html = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return [
        ArticleData(
            title=title,
            lead=" ".join(lead_lines),
            body_html=body_html,
            figures=figures,
            author=author,
            published_on=published_on,
            language="vi",
        )
    ]


def _end_of_title_block(lines: list[str]) -> int:
    seen_words = False
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped and seen_words:
            return i
        if stripped and not (
            DATE.match(stripped) or TOOLBAR_LABELS.match(line) or TOOLBAR_MARKER in line
        ):
            seen_words = True
    return len(lines)


def _blocks(lines) -> list[tuple[int, list[str]]]:
    """Groups lines into blocks, each with the number of blank lines before it."""
    blocks, current, blanks = [], [], 0
    for line in lines:
        if line.strip():
            if not current:
                blocks.append((blanks, current))
            current.append(line)
            blanks = 0
        else:
            current = []
            blanks += 1
    return blocks


def _date(match) -> date | None:
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ImportProblem(f"the date {match.group(0)} is not a real day") from None
