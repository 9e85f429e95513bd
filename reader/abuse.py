"""Abuse limits: how many preference writes, and how many new readers, a client address and a
place (our own site, the iframe, one portal) may make, and the proof a new reader needs.

The counting is done by `limits` (the storage and strategies Flask-Limiter is built on, with the
same storage URIs): in memory by default, or in a shared store such as Redis or Memcached for
several processes or machines (`READER_RATELIMIT_STORAGE_URI`). We call it from our own write
views only, rather than mounting a Flask-Limiter `Limiter` on the app: a `Limiter` reads the
app-wide `RATELIMIT_*` settings and hooks every request of the app, so on a host portal it would
apply the host's own default limits to the host's routes a second time and ignore the host's
exemptions. Ours touches nothing of the host's, and a host's own Flask-Limiter keeps working.

A request over a limit gets `429` with `Retry-After` and a message (in the status region with
JavaScript, a page without). If the store cannot be reached, the limits are skipped (logged):
an outage of the counter never stops readers.
"""

import logging
import math
import time
from dataclasses import dataclass

from flask import current_app, request
from limits import parse_many, storage, strategies

from reader.i18n import lazy_gettext
from reader.preferences import live_reader

log = logging.getLogger(__name__)

TOO_MANY = lazy_gettext(
    "Too many changes in a short time, so your text size was not changed. "
    "Please wait a minute and try again."
)
STALE_PAGE = lazy_gettext(
    "This page is out of date, so your text size was not changed. Reload the page and try again."
)
WRITE, NEW_READER = "write", "new reader"
SETTINGS = {
    (WRITE, "address"): "READER_RATELIMIT_WRITES_PER_ADDRESS",
    (WRITE, "place"): "READER_RATELIMIT_WRITES_PER_PLACE",
    (NEW_READER, "address"): "READER_RATELIMIT_NEW_READERS_PER_ADDRESS",
    (NEW_READER, "place"): "READER_RATELIMIT_NEW_READERS_PER_PLACE",
}


@dataclass(frozen=True)
class Refusal:
    """Why a write is refused before it is tried: its status, message and Retry-After."""

    status: int
    message: str
    retry_after: int | None = None


class SweepingMemoryStorage(storage.MemoryStorage):
    """limits' in-process store, sweeping out expired counts at most once a second.

    `MemoryStorage` starts a new 10 ms timer thread on each count once the last one has run:
    under steady writes that is a thread per request, about a sixth of a write's CPU. Expired
    counts are also dropped whenever they are read (`get`), so a slower sweep changes no limit,
    only how soon the memory of a past window is freed.
    """

    next_sweep = 0.0

    def _MemoryStorage__schedule_expiry(self) -> None:  # overrides the private hook it calls
        now = time.monotonic()
        if now >= self.next_sweep:
            self.next_sweep = now + 1.0
            super()._MemoryStorage__schedule_expiry()


def limits_storage(uri: str) -> storage.Storage:
    """The store a `READER_RATELIMIT_STORAGE_URI` names (memory://: our sweeping one)."""
    if uri.startswith("memory://"):
        return SweepingMemoryStorage(uri)
    return storage.storage_from_string(uri)


class Limits:
    """One app's limits (`app.extensions["reader.limits"]`), read from its READER_* settings."""

    def __init__(self, config):
        self.enabled = bool(config["READER_RATELIMIT_ENABLED"])
        self.storage = limits_storage(config["READER_RATELIMIT_STORAGE_URI"])
        self.strategy = strategies.SlidingWindowCounterRateLimiter(self.storage)
        self.rules = {key: parse_many(config[name]) for key, name in SETTINGS.items()}

    def hit(self, kind: str, place: str) -> int | None:
        """Count one `kind` from this address and place: None if within every limit, else the
        seconds to wait."""
        if not self.enabled:
            return None
        who = {"address": request.remote_addr or "unknown", "place": place}
        checks = [
            (item, ("reader", kind, scope, name))
            for scope, name in who.items()
            for item in self.rules[(kind, scope)]
        ]
        try:
            # Over a limit already (a loop): refuse on a read alone, so a refusal stays cheap
            # (counting starts a timer thread in the memory store) and is not counted again.
            if wait := self._wait(checks, self.strategy.test):
                return wait
            return self._wait(checks, self.strategy.hit)
        except Exception:  # the shared store is down: count nothing rather than refuse readers
            log.warning("The rate limit store could not be reached.", exc_info=True)
            return None

    def _wait(self, checks, call) -> int | None:
        """`call` (test or hit) on every limit: None if all pass, else the seconds to wait."""
        wait = None
        for item, identifiers in checks:
            if not call(item, *identifiers):
                stats = self.strategy.get_window_stats(item, *identifiers)
                wait = max(wait or 1, math.ceil(stats.reset_time - time.time()))
        return wait

    def reset(self) -> None:
        self.storage.reset()


def guard_write(
    place: str, reader_id: str | None, proof: bool
) -> tuple[str | None, Refusal | None]:
    """Before a preference write from `place`: count it, drop a dead id, and for a new reader
    (no live id) ask for `proof` that the request came from a page we served, and count it too.
    Returns the reader id to write for (None: a new reader) and the refusal, if any."""
    limits: Limits = current_app.extensions["reader.limits"]
    if (wait := limits.hit(WRITE, place)) is not None:
        return reader_id, Refusal(429, TOO_MANY, wait)
    reader_id = live_reader(reader_id)
    if reader_id is None:
        if not proof:
            return None, Refusal(400, STALE_PAGE)
        if (wait := limits.hit(NEW_READER, place)) is not None:
            return None, Refusal(429, TOO_MANY, wait)
    return reader_id, None
