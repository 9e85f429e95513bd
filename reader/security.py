"""Response headers (a strict Content-Security-Policy from the first page on, and friends), and
the cross-origin check that guards every state change of our own pages."""

from urllib.parse import urlsplit

from flask import request

CSP = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data: https:",  # article photos may live on the portal that wrote them
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
    "frame-ancestors": "'none'",
    "manifest-src": "'self'",
}

# Browser features no page of ours uses, denied to us and to anything we might frame. Speech
# synthesis needs no permission; "copy link" needs clipboard-write for our own origin.
# clipboard-read stays at the browser's default (it asks the reader each time, and only our own
# scripts run here): the browser tests read back what "copy link" wrote.
PERMISSIONS_POLICY = ", ".join(
    [
        *(
            f"{feature}=()"
            for feature in (
                "accelerometer",
                "autoplay",
                "browsing-topics",
                "camera",
                "display-capture",
                "encrypted-media",
                "geolocation",
                "gyroscope",
                "hid",
                "idle-detection",
                "magnetometer",
                "microphone",
                "midi",
                "payment",
                "publickey-credentials-get",
                "screen-wake-lock",
                "serial",
                "usb",
                "xr-spatial-tracking",
            )
        ),
        "clipboard-write=(self)",
    ]
)


def content_security_policy(**overrides: str) -> str:
    return "; ".join(f"{k} {v}" for k, v in {**CSP, **overrides}.items())


DEFAULT_CSP = content_security_policy()
SECURITY_HEADERS = (  # after the CSP
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", PERMISSIONS_POLICY),
)


def set_security_headers(response):
    """Add each of our headers the response does not have yet (a view may set its own CSP).

    One pass over the response's headers, then plain appends: Werkzeug's `setdefault` costs
    an exception per missing header, and this runs on every answer."""
    headers = response.headers
    present = {name.lower() for name in headers.keys()}
    if "content-security-policy" not in present:
        headers.add("Content-Security-Policy", DEFAULT_CSP)
    for name, value in SECURITY_HEADERS:
        if name.lower() not in present:
            headers.add(name, value)
    if "x-frame-options" not in present and "frame-ancestors 'none'" in headers.get(
        "Content-Security-Policy", ""
    ):
        headers.add("X-Frame-Options", "DENY")
    return response


def cross_origin_request() -> bool:
    """Whether this state-changing request was sent by another site's page: CSRF protection
    without a token (as Go's `http.CrossOriginProtection` does), so no page needs a
    session cookie and every page can be cached.

    `Sec-Fetch-Site`, sent by every current browser, says it directly (`same-origin`, or `none`
    for what the reader typed). Without it, `Origin` must name this host. A request with neither
    comes from no browser page (curl, a server), so it carries no reader's cookies by surprise.
    """
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return site not in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    parts = urlsplit(origin)
    return not parts.scheme or parts.netloc.lower() != request.host.lower()
