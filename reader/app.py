"""Our own app: `create_app` builds it, mounting the Reader extension like any host does."""

import os

from flask import Flask

from reader import edge
from reader.config import configure
from reader.db import tune_sqlite, watch_postgresql
from reader.extension import Reader
from reader.portals import warn_about_refused_origins


def create_app(test_config=None):
    """Build the reader app; its settings (ours and Flask's) come from `config.configure`."""
    app = Flask("reader", instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    configure(app, test_config)
    edge.install(app)  # before the extension: a refused request skips its hooks
    reader = Reader(app, standalone=True)
    edge.wrap(app)  # after the extension: its WSGI layers sit inside ProxyFix and the public URL
    with app.app_context():
        tune_sqlite(reader.db.engine, app.config["READER_DB_BUSY_TIMEOUT_MS"])
        watch_postgresql(reader.db.engine)
    warn_about_refused_origins(app)
    return app
