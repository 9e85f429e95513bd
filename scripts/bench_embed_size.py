"""What the script embed downloads, gzip: embed.js, its CSS and the toolbar JSON (budget 20 KB).

Run: .venv/bin/python scripts/bench_embed_size.py
"""

import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 20 * 1024
# embed-target.css loads only once a reader makes a choice other than the size; counted anyway.
FILES = ["static/reader/embed.js", "static/reader/embed.css", "static/reader/embed-target.css"]


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def toolbar_json() -> bytes:
    """A real GET /embed/toolbar answer for a registered origin, as embed.js receives it."""
    import tempfile

    from reader import create_app
    from reader.models import Base
    from reader.portals import add_portal

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite",
            }
        )
        with app.app_context():
            Base.metadata.create_all(app.extensions["reader"].db.engine)
        with app.test_request_context():
            add_portal("https://portal.example", "Bench")
        response = app.test_client().get(
            "/embed/toolbar?locale=vi&url=https%3A%2F%2Fportal.example%2Fnews%2F1&title=Tin",
            headers={"Origin": "https://portal.example"},
        )
        with app.app_context():
            app.extensions["reader"].db.engine.dispose()
        return json.dumps(response.json, ensure_ascii=False).encode()


def main() -> int:
    rows = [(name, (ROOT / name).read_bytes()) for name in FILES]
    rows.append(("GET /embed/toolbar (JSON)", toolbar_json()))
    total_raw = total_gz = 0
    for name, data in rows:
        raw, gz = len(data), gzip_size(data)
        total_raw, total_gz = total_raw + raw, total_gz + gz
        print(f"{name:40} {raw:7,d} B  {gz:6,d} B gzip")
    print(
        f"{'total (no htmx, no fonts, no images)':40} {total_raw:7,d} B  {total_gz:6,d} B gzip"
        f"  = {total_gz / 1024:.1f} KB of the {BUDGET // 1024} KB budget"
    )
    return 0 if total_gz <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
