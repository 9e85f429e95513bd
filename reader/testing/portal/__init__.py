"""A sample portal page with the script embed, on its own origin and strict CSP, for the matrix.

Portals write their styles in px; this one does too, so the embed has to grow px-sized text.
"""

from pathlib import Path

from flask import Flask, Response

HERE = Path(__file__).resolve().parent


def create_portal(reader_origin: str) -> Flask:
    """The portal app: `/` is an article with the embed snippet pointed at `reader_origin`."""
    portal = Flask("reader_sample_portal")
    page = (HERE / "page.html").read_text(encoding="utf-8").replace("READER", reader_origin)
    css = (HERE / "portal.css").read_text(encoding="utf-8")
    csp = (
        f"default-src 'none'; script-src 'self' {reader_origin}; "
        f"style-src 'self' {reader_origin}; connect-src 'self' {reader_origin}; "
        "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )

    @portal.get("/")
    def article():
        return Response(page, mimetype="text/html", headers={"Content-Security-Policy": csp})

    @portal.get("/portal.css")
    def stylesheet():
        return Response(css, mimetype="text/css")

    return portal
