"""The reader's one blueprint: its routes live in `articles`, `preferences` and `embed`."""

from flask import Blueprint

from reader.extension import STATIC_DIR, TEMPLATES_DIR
from reader.security import set_security_headers

bp = Blueprint(
    "reader",
    __name__,
    template_folder=str(TEMPLATES_DIR),
    static_folder=str(STATIC_DIR / "reader"),
    static_url_path="/static/reader",
)
bp.after_request(set_security_headers)  # on a host portal too, for our own responses
