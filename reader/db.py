"""Our own Flask-SQLAlchemy object, used when the host app does not bring one."""

from flask import current_app
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


def session():
    """The session of whichever `db` the Reader extension was given."""
    return current_app.extensions["reader"].session
