"""Reading article sources (portal text scrapes, HTML pages, JSON) into `ArticleData`.

`load(path, max_bytes)` checks the file (size, emptiness, binary, charset), picks the importer by
the file's shape, and raises `ImportProblem` with a reason a person can act on.
"""

from pathlib import Path

from reader.importers import html, json_file, portal_text
from reader.importers.extract import extract_html
from reader.importers.source import ImportProblem, decode, read_bytes, sniff
from reader.store import ArticleData

__all__ = ["ImportProblem", "extract_html", "load"]


def load(path: Path, max_bytes: int) -> list[ArticleData]:
    text = decode(read_bytes(path, max_bytes))
    kind = sniff(path, text)
    parser = {"json": json_file.parse, "html": html.parse, "text": portal_text.parse}[kind]
    return parser(text)
