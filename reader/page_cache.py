"""Rendered pages kept in memory, per process, so a busy article is rendered once per version,
language and variant rather than once per reader.

The key names everything a page depends on: the view and its address (path and query, host),
the version of the data it shows (an article's `updated_at`, which every import sets), the
interface language and the reader's variant. An import changes the version, so a new key is
rendered and the old one ages out. Bounded by `READER_PAGE_CACHE_BYTES` (0 turns it off);
the least recently used pages leave first.

The versions themselves are asked of the database at most once every
`READER_PAGE_VERSION_SECONDS` per process (1 s): a page served from memory then costs no query
at all, and an import shows within that second (plus the HTTP caches' own max-age).
"""

import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    body: bytes
    etag: str  # a strong validator: the SHA-256 of the body, shortened


MAX_VERSIONS = 10_000  # versions remembered; past it they are all forgotten at once


class PageCache:
    def __init__(self, max_bytes: int, version_seconds: float = 1.0):
        self.max_bytes = max_bytes
        self.version_seconds = version_seconds
        self.size = 0
        self.pages: OrderedDict[tuple, Page] = OrderedDict()
        self.versions: dict[tuple, tuple[float, object]] = {}
        self.lock = threading.Lock()

    def version(self, key: tuple, load):
        """`load()`'s answer (a version), asked again once it is `version_seconds` old."""
        now = time.monotonic()
        known = self.versions.get(key)
        if known is not None and now - known[0] < self.version_seconds:
            return known[1]
        value = load()
        if len(self.versions) >= MAX_VERSIONS:
            self.versions.clear()
        self.versions[key] = (now, value)
        return value

    def get(self, key: tuple) -> Page | None:
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def forget(self, key: tuple) -> None:
        """Ask `load()` again next time (this process changed what it reads)."""
        self.versions.pop(key, None)

    @staticmethod
    def page(body: bytes) -> Page:
        """A page not kept (see `edge.host_is_known`)."""
        return Page(body, hashlib.sha256(body).hexdigest()[:40])

    def put(self, key: tuple, body: bytes) -> Page:
        page = self.page(body)
        if len(body) > self.max_bytes:
            return page  # too big to keep (or the cache is off)
        with self.lock:
            old = self.pages.pop(key, None)
            self.size += len(body) - (len(old.body) if old else 0)
            self.pages[key] = page
            while self.size > self.max_bytes:
                _, dropped = self.pages.popitem(last=False)
                self.size -= len(dropped.body)
        return page

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()
            self.versions.clear()
            self.size = 0
