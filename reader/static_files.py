"""Static files served by WhiteNoise: fingerprinted names cached for a year, precompressed.

`build(source, root)` copies every file of `static/reader/` into `root` twice: under its own
name (`toolbar.js`) and under a name carrying a hash of its bytes (`toolbar.0a1b2c3d4e5f.js`),
each with gzip and brotli siblings (`.gz`, `.br`, by WhiteNoise's own `Compressor`) and a
`manifest.json` mapping one to the other. Files of earlier builds stay, so a page cached before
a deploy still finds its scripts. Every write goes to a temporary file first and is renamed into
place, so workers and instances that build at once never serve half a file.

`serve(app, prefix, root)` wraps `app.wsgi_app` in WhiteNoise for that URL prefix only (anything
else passes through to Flask untouched) and makes `url_for('reader.static', filename=...)` give
the hashed name: templates need no change. Hashed names are `public, max-age=<a year>,
immutable`; their own names (`/static/reader/embed.js`, which portals paste into their pages)
stay valid forever with a short, revalidating cache (`READER_STATIC_MAX_AGE`).
"""

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

from werkzeug.sansio.utils import host_is_trusted
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

HASHED = re.compile(r"\.[0-9a-f]{12}(\.[A-Za-z0-9]+)?$")
YEAR = 365 * 24 * 3600
COMPRESSED = (".gz", ".br")


def hashed_name(name: str, data: bytes) -> str:
    """`vendor/htmx.min.js` -> `vendor/htmx.min.<12 hex of SHA-256>.js`."""
    digest = hashlib.sha256(data).hexdigest()[:12]
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot and "/" not in suffix else f"{name}.{digest}"


def write_atomically(path: Path, data: bytes, mtime: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.utime(tmp, (mtime, mtime))  # the source's: every instance sends one Last-Modified
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def build(source: Path, root: Path) -> dict[str, str]:
    """Fingerprint and compress `source`'s files into `root`; the manifest (name -> hashed)."""
    compressor = Compressor(quiet=True)
    manifest = {}
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        name = path.relative_to(source).as_posix()
        if name.startswith(".") or "/." in name or path.suffix in COMPRESSED:
            continue
        data = path.read_bytes()
        manifest[name] = hashed_name(name, data)
        mtime = path.stat().st_mtime
        for target in (root / manifest[name], root / name):
            if target.is_file() and target.read_bytes() == data:
                continue
            write_atomically(target, data, mtime)
            if compressor.should_compress(str(target)):
                compress(compressor, target, data, mtime)
    manifest_bytes = json.dumps(manifest, indent=1, sort_keys=True).encode()
    if not (root / "manifest.json").is_file() or (root / "manifest.json").read_bytes() != (
        manifest_bytes
    ):
        write_atomically(root / "manifest.json", manifest_bytes, 0)
    return manifest


def compress(compressor: Compressor, target: Path, data: bytes, mtime: float) -> None:
    """The gzip and brotli siblings, kept only when they are smaller (as WhiteNoise does)."""
    for suffix, encoding, pack in (
        (".gz", "Gzip", compressor.compress_gzip),
        (".br", "Brotli", compressor.compress_brotli),
    ):
        packed = pack(data)
        sibling = Path(str(target) + suffix)
        if compressor.is_compressed_effectively(encoding, str(target), len(data), packed):
            write_atomically(sibling, packed, mtime)
        else:  # a sibling of the file's earlier bytes must not outlive them
            sibling.unlink(missing_ok=True)


class ReaderWhiteNoise(WhiteNoise):
    FOREVER = YEAR  # the year-long cache the issue asks for (WhiteNoise's own is ten)
    flask_app = None

    def __call__(self, environ, start_response):
        """A Host the app does not trust (TRUSTED_HOSTS, set by READER_PUBLIC_URL) goes to
        Flask, which refuses it with its 400, as it does for every other URL."""
        trusted = self.flask_app.config.get("TRUSTED_HOSTS") if self.flask_app else None
        if trusted and not host_is_trusted(environ.get("HTTP_HOST", ""), trusted):
            return self.application(environ, start_response)
        return super().__call__(environ, start_response)


def serve(app, prefix: str, root: Path, source: Path, max_age: int) -> dict[str, str]:
    """Build into `root`, then serve it at `prefix` (e.g. `/static/reader/`) through WhiteNoise,
    and give `url_for` the hashed names. Returns the manifest."""
    manifest = build(source, root)

    def headers(headers, path, url):
        headers["X-Content-Type-Options"] = "nosniff"
        # A strong validator of the bytes (WhiteNoise's own is mtime and size), the same on
        # every instance, for every encoding of the file.
        headers["ETag"] = '"' + hashlib.sha256(Path(path).read_bytes()).hexdigest()[:32] + '"'

    app.wsgi_app = ReaderWhiteNoise(
        app.wsgi_app,
        root=str(root),
        prefix=prefix,
        max_age=max_age,
        immutable_file_test=lambda path, url: bool(HASHED.search(url)),
        add_headers_function=headers,
    )
    app.wsgi_app.flask_app = app
    # The manifest itself is ours, not a public file.
    app.wsgi_app.files.pop(prefix.rstrip("/") + "/manifest.json", None)

    @app.url_defaults
    def fingerprint(endpoint, values):
        if endpoint == "reader.static":
            values["filename"] = manifest.get(values.get("filename"), values.get("filename"))

    return manifest
