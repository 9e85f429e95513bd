"""A QR code back to the article, drawn on the server as SVG: no third-party service."""

import io
from functools import lru_cache

import segno
from markupsafe import Markup


@lru_cache(maxsize=512)
def qr_svg(address: str) -> Markup:
    buffer = io.BytesIO()
    # xmldecl/svgns off: the SVG sits inline in the print page; no style attributes are emitted.
    segno.make(address, error="m").save(
        buffer,
        kind="svg",
        scale=4,
        border=2,
        xmldecl=False,
        svgclass="reader-print__qr",
        lineclass=None,
        omitsize=True,
        title=None,
    )
    return Markup(buffer.getvalue().decode())
