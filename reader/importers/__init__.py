"""Reading article sources (portal text scrapes, HTML pages, JSON) into `ArticleData`.

`load(path, max_bytes)` checks the file (size, emptiness, binary, charset), picks the importer by
the file's shape, and raises `ImportProblem` with a reason a person can act on. `extract_html`
is the HTML importer on its own, for bytes from anywhere.
"""

import re
from pathlib import Path

from reader.importers import extract, json_file, portal_text
from reader.importers.extract import extract_html
from reader.importers.metadata import detect_language
from reader.importers.source import ImportProblem, decode, read_bytes, sniff
from reader.store import ArticleData

__all__ = ["ImportProblem", "extract_html", "load"]


def load(path: Path, max_bytes: int, *, source_url: str | None = None) -> list[ArticleData]:
    """The articles in the file; `source_url` says where it came from (one article only)."""
    text = decode(read_bytes(path, max_bytes))
    kind = sniff(path, text)
    if kind == "html":
        return [extract.extract_text(text, url=source_url)]
    items = json_file.parse(text) if kind == "json" else portal_text.parse(text)
    if source_url:
        if len(items) > 1:
            raise ImportProblem(
                f"--source-url names one article, and the file holds {len(items)}; "
                "give each its source_url in the file"
            )
        items[0].source_url = items[0].source_url or source_url
    for item in items:
        if not item.language:  # as the source does not say, the text does, or nothing does
            body = re.sub(r"<[^>]*>", " ", item.body_html[:100_000])
            item.language = detect_language(f"{item.title}. {item.lead} {body}")
    return items
