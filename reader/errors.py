"""Error pages in the page's language, for our own app (a host portal keeps its own).

Every HTTP error of ours gets a page: the status and the headers the error carries (`Allow` on
a 405, `Retry-After`) are kept, and the words come from our own catalog.
"""

from flask import make_response, render_template
from flask.globals import request_ctx
from werkzeug.exceptions import HTTPException

from reader.i18n import gettext as _


def error_page(status: int, title: str, message: str, headers=()):
    if request_ctx and request_ctx.url_adapter is None:
        # The request was refused before routing (an untrusted Host): no URL can be built for
        # the page's links, so the words go out as plain text.
        response = make_response(f"{title}\n\n{message}\n", status)
        response.mimetype = "text/plain"
    else:
        response = make_response(
            render_template("reader/error.html", title=title, message=message), status
        )
    for name, value in headers:
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def not_found(error):
    return error_page(
        404,
        _("Page not found"),
        _("There is no page at this address. It may have moved or been removed."),
    )


def method_not_allowed(error):
    return error_page(
        405,
        _("Not allowed"),
        _("This address does not accept that request."),
        error.get_headers(),
    )


def too_large(error):
    return error_page(413, _("Too large"), _("The request is larger than this site accepts."))


def bad_request(error):
    return error_page(
        400,
        _("Bad request"),
        _("This site could not understand the request. Check the address and try again."),
    )


def any_error(error: HTTPException):
    """Every other HTTP error, at its own status, in the page's language."""
    if error.code is None or error.code >= 500:
        title = _("Something went wrong")
        message = _("The page could not be shown right now. Please try again in a moment.")
    else:
        title = _("Request refused")
        message = _("This site cannot answer that request.")
    return error_page(error.code or 500, title, message, error.get_headers())


HANDLERS = {
    400: bad_request,
    404: not_found,
    405: method_not_allowed,
    413: too_large,
    HTTPException: any_error,
}
