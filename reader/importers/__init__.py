"""Reading article sources (portal text scrapes, HTML pages, JSON) into `ArticleData`.

`load(path, max_bytes)` checks the file (size, emptiness, binary, charset), picks the importer by
the file's shape, and raises `ImportProblem` with a reason a person can act on.
"""

import codecs
import re
from pathlib import Path

from reader.store import ArticleData


class ImportProblem(Exception):
    """A source that cannot be imported; the message names the reason."""


_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""",
                               re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""")


def read_bytes(path: Path, max_bytes: int) -> bytes:
    if not path.is_file():
        raise ImportProblem("no such file")
    size = path.stat().st_size
    if size > max_bytes:
        raise ImportProblem(f"the file is {size:,} bytes, over the limit of {max_bytes:,} bytes "
                            "(READER_MAX_IMPORT_BYTES)")
    with path.open("rb") as f:
        raw = f.read(max_bytes + 1)
    if len(raw) > max_bytes:  # it grew while we looked
        raise ImportProblem(f"the file is over the limit of {max_bytes:,} bytes")
    return raw


def decode(raw: bytes) -> str:
    """Text from the bytes: a BOM, else a declared charset, else UTF-8; binary is refused."""
    if not raw.strip():
        raise ImportProblem("the file is empty")
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return _decode(raw, encoding, "its byte-order mark")
    if b"\x00" in raw[:8192]:
        raise ImportProblem("the file is binary, not text (it holds NUL bytes)")
    declared = _DECLARED_CHARSET.search(raw[:4096]) or _XML_ENCODING.search(raw[:200])
    if declared:
        name = declared.group(1).decode("ascii")
        try:
            codecs.lookup(name)
        except LookupError:
            raise ImportProblem(f"it declares an unknown charset {name!r}") from None
        return _decode(raw, name, f"its declared charset {name}")
    text = _decode(raw, "utf-8", "UTF-8 (declare the charset, e.g. <meta charset>, "
                                 "or save the file as UTF-8)")
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > 8:
        raise ImportProblem("the file is binary, not text (it holds control characters)")
    return text


def _decode(raw: bytes, encoding: str, what: str) -> str:
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise ImportProblem(f"the file is not valid text in {what}: undecodable byte at offset "
                            f"{error.start}") from None
    if not text.strip():
        raise ImportProblem("the file is empty")
    return text


def sniff(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    head = text.lstrip()[:1000].lower()
    if head.startswith(("{", "[")):
        return "json"
    if head.startswith(("<!doctype", "<html", "<?xml")) or re.search(
            r"<(article|body|p|h1|div)[\s>]", head):
        return "html"
    return "text"


def load(path: Path, max_bytes: int) -> list[ArticleData]:
    from reader.importers import html, json_file, portal_text

    text = decode(read_bytes(path, max_bytes))
    kind = sniff(path, text)
    parser = {"json": json_file.parse, "html": html.parse, "text": portal_text.parse}[kind]
    return parser(text)
