"""A throwaway reader with the demo article, and a sample portal on another site, both live.

The reader serves http://127.0.0.1:PORT and the portal http://localhost:PORT2: two sites, so the
script embed talks cross-site (CORS, no shared cookies) as it does on a real portal.
"""

import tempfile
from contextlib import contextmanager
from pathlib import Path

from flask_migrate import upgrade

from reader import create_app
from reader.cli import import_file
from reader.paths import MIGRATIONS_DIR
from reader.testing.matrix import Site, new_reader_factory
from reader.testing.portal import create_portal
from reader.testing.server import LiveServer

DEMO = Path(__file__).resolve().parents[1] / "demo" / "backan-portal-article.txt"


def demo_app(folder: Path):
    """A fresh reader app in `folder`: migrated SQLite, the demo article imported."""
    app = create_app(
        {
            "SECRET_KEY": "reader-qa",
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'reader.sqlite'}",
        }
    )
    with app.app_context():
        upgrade(directory=str(MIGRATIONS_DIR))
        (article, _created), *_ = import_file(DEMO)
        slug = article.slug
    return app, slug


@contextmanager
def live_site(folder: Path | None = None):
    """Yield a `Site` (reader + registered portal) and the app; stop both servers afterwards."""
    from reader.portals import add_portal

    with tempfile.TemporaryDirectory(prefix="reader-qa-") as tmp:
        app, slug = demo_app(Path(folder or tmp))
        reader = LiveServer(app, "127.0.0.1")
        portal = LiveServer(create_portal(reader.url), "127.0.0.1", name="localhost")
        with app.test_request_context():
            add_portal(portal.url, "QA sample portal")
        try:
            yield Site(reader.url, portal.url, slug, new_reader_factory(app)), app
        finally:
            portal.stop()
            reader.stop()
            with app.app_context():
                app.extensions["reader"].db.engine.dispose()
