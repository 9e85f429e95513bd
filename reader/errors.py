"""Error pages in the page's language, for our own app (a host portal keeps its own)."""

from flask import render_template

from reader.i18n import gettext as _


def error_page(status: int, title: str, message: str):
    return render_template("reader/error.html", title=title, message=message), status


def not_found(error):
    return error_page(
        404,
        _("Page not found"),
        _("There is no page at this address. It may have moved or been removed."),
    )


def method_not_allowed(error):
    return error_page(405, _("Not allowed"), _("This address does not accept that request."))


def too_large(error):
    return error_page(413, _("Too large"), _("The request is larger than this site accepts."))


HANDLERS = {404: not_found, 405: method_not_allowed, 413: too_large}
