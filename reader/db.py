"""Our own Flask-SQLAlchemy object, used when the host app does not bring one."""

from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


def session():
    """The session of whichever `db` the Reader extension was given."""
    from flask import current_app

    return current_app.extensions["reader"].session
