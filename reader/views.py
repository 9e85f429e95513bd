"""Wires the blueprint, error pages and response headers onto an app."""

from flask import Flask, render_template
from flask_babel import format_date, get_locale
from flask_babel import gettext as _

from reader import articles, embed, embed_frame, toolbar  # noqa: F401  (they add routes to `bp`)
from reader.blueprint import bp
from reader.i18n import LANGUAGE_NAMES, language_url, remember_language
from reader.security import set_security_headers


def register(app: Flask, extension) -> None:
    app.register_blueprint(bp, url_prefix=extension.url_prefix)
    app.add_template_global(toolbar.share_links, "reader_share_links")
    app.add_template_global(LANGUAGE_NAMES, "language_names")
    app.add_template_global(get_locale, "get_locale")
    app.add_template_global(format_date, "format_date")
    app.add_template_global(language_url, "reader_language_url")
    if extension.standalone:  # the whole app is ours: every response gets our headers
        app.after_request(set_security_headers)
        app.after_request(remember_language)
        app.register_error_handler(404, not_found)
        app.register_error_handler(405, method_not_allowed)
        app.register_error_handler(413, too_large)


def error_page(status: int, title: str, message: str):
    return render_template("reader/error.html", title=title, message=message), status


def not_found(error):
    return error_page(404, _("Page not found"),
                      _("There is no page at this address. It may have moved or been removed."))


def method_not_allowed(error):
    return error_page(405, _("Not allowed"), _("This address does not accept that request."))


def too_large(error):
    return error_page(413, _("Too large"), _("The request is larger than this site accepts."))
