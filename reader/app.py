"""Our own app: `create_app` builds it, mounting the Reader extension like any host does."""

import os

from flask import Flask

from reader.config import configure
from reader.extension import Reader


def create_app(test_config=None):
    """Build the reader app; its settings (ours and Flask's) come from `config.configure`."""
    app = Flask("reader", instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    configure(app, test_config)
    Reader(app, standalone=True)
    return app
