"""reader: an accessibility-first article reader and embeddable reading toolbar."""

import os

from flask import Flask

from reader.config import configure
from reader.extension import Reader

__all__ = ["Reader", "create_app"]


def create_app(test_config=None):
    """Build the reader app: our own Flask app mounts the Reader extension like any host does."""
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    configure(app, test_config)
    Reader(app, standalone=True)
    return app
