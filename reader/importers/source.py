"""Reading a source file: its size, emptiness, binary content and charset, and the shape it has.

`ImportProblem` is what every importer raises, with a reason a person can act on.
"""

import codecs
import re
import unicodedata
from pathlib import Path


class ImportProblem(Exception):
    """A source that cannot be imported; the message names the reason."""


_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""")
# Elements that need no end tag, or whose end the parser supplies, so they open no nesting level.
_NOT_NESTING = frozenset(
    "area base br col embed hr img input link meta source track wbr p li dt dd option "
    "optgroup tr td th thead tbody tfoot colgroup rt rp".split()
)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>")
MAX_NESTING = 500  # libxml2 drops the text of elements deeper than 256; pages nest 30 or so
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# What a file is when it starts with these bytes: named in the message, so people see their mistake.
MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/ODF document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"RIFF", "a RIFF file (WebP, WAV or AVI)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
)


def read_bytes(path: Path, max_bytes: int) -> bytes:
    if not path.exists():
        raise ImportProblem("no such file")
    if path.is_dir():
        raise ImportProblem("it is a folder, not a file")
    if not path.is_file():
        raise ImportProblem("it is not a regular file")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ImportProblem(
                f"the file is {size:,} bytes, over the limit of {max_bytes:,} "
                "bytes (READER_MAX_IMPORT_BYTES)"
            )
        with path.open("rb") as f:
            raw = f.read(max_bytes + 1)
    except OSError as error:
        raise ImportProblem(f"the file cannot be read ({error.strerror or error})") from None
    if len(raw) > max_bytes:  # it grew while we looked
        raise ImportProblem(
            f"the file is over the limit of {max_bytes:,} bytes (READER_MAX_IMPORT_BYTES)"
        )
    return raw


def decode(raw: bytes) -> str:
    """Text from the bytes: a BOM, else a declared charset, else UTF-8; binary is refused."""
    if not raw:
        raise ImportProblem("the file is empty (0 bytes)")
    if not raw.strip():
        raise ImportProblem("the file holds only white space")
    for magic, what in MAGIC:
        if raw.startswith(magic):
            raise ImportProblem(f"the file is {what}, not an article in text, HTML or JSON")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            return _decode(raw, encoding, "its byte-order mark")
    if b"\x00" in raw:
        raise ImportProblem("the file is binary, not text (it holds NUL bytes)")
    declared = _DECLARED_CHARSET.search(raw[:4096]) or _XML_ENCODING.search(raw[:200])
    if declared:
        name = declared.group(1).decode("ascii")
        try:
            codec = codecs.lookup(name)
        except LookupError:
            raise ImportProblem(f"it declares an unknown charset {name!r}") from None
        if codec.name.startswith(("utf-16", "utf-32")):  # it could not be read in ASCII, then
            return _decode(raw, "utf-8", f"UTF-8 (it declares {name}, but is not)")
        if codec.name != "utf-8" and _is_utf8(raw):
            # Text in another charset is almost never valid UTF-8 too; a page saved as UTF-8
            # that still declares the charset it was served in is common.
            return _decode(raw, "utf-8", "UTF-8")
        return _decode(raw, name, f"its declared charset {name}")
    return _decode(
        raw, "utf-8", "UTF-8 (declare the charset, e.g. <meta charset>, or save the file as UTF-8)"
    )


def _is_utf8(raw: bytes) -> bool:
    if raw.isascii():
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def check_nesting(html: str, limit: int = MAX_NESTING) -> None:
    """Refuse markup nested deeper than `limit` elements, in one pass over the tags."""
    depth = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.groups()
        if name.lower() in _NOT_NESTING or self_closing:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > limit:
                raise ImportProblem(
                    f"the HTML nests elements more than {limit:,} deep (at a <{name.lower()}>), "
                    "deeper than any article; it would lose its text"
                )


def _decode(raw: bytes, encoding: str, what: str) -> str:
    try:
        text = raw.decode(encoding)
    except LookupError:  # rot13, base64 and the like are codecs, not charsets
        raise ImportProblem(f"it declares {encoding!r}, which is not a text charset") from None
    except UnicodeDecodeError as error:
        byte = error.object[error.start : error.start + 1].hex().upper()
        raise ImportProblem(
            f"the file is not valid text in {what}: byte 0x{byte} at offset "
            f"{error.start} cannot be decoded"
        ) from None
    if not text.strip():
        raise ImportProblem("the file holds only white space")
    controls = len(_CONTROL.findall(text))
    if controls > max(8, len(text) // 1000):
        raise ImportProblem("the file is binary, not text (it holds control characters)")
    # A stray control character breaks the HTML parser; Vietnamese typed with combining marks
    # (or decoded from windows-1258) becomes the composed letters every font draws well.
    return unicodedata.normalize("NFC", _CONTROL.sub("", text).replace("\ufeff", ""))


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
        r"<(article|body|p|h1|div)[\s>]", head
    ):
        return "html"
    return "text"
