"""Which language the page chrome speaks: ?lang=, then the reader's choice, then the browser's."""

from urllib.parse import urlencode

from flask import current_app, request

LANGUAGE_COOKIE = "reader_lang"
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


def select_locale():
    languages = current_app.config["READER_LANGUAGES"]
    for choice in (request.args.get("lang"), request.cookies.get(LANGUAGE_COOKIE)):
        if choice in languages:
            return choice
    return request.accept_languages.best_match(languages) or current_app.config[
        "READER_DEFAULT_LANGUAGE"
    ]


def remember_language(response):
    """Keep a language picked with the visible switch (?lang=) for the next pages."""
    choice = request.args.get("lang")
    if choice in current_app.config["READER_LANGUAGES"]:
        response.set_cookie(
            LANGUAGE_COOKIE, choice, max_age=current_app.config["READER_COOKIE_MAX_AGE"],
            httponly=True, samesite="Lax", secure=request.is_secure,
        )
    return response


def language_url(code: str) -> str:
    """This page's address in another language (the visible switch works without JavaScript)."""
    from flask import url_for

    args = {**request.args.to_dict(), "lang": code}
    if request.endpoint and request.url_rule and "GET" in request.url_rule.methods:
        return url_for(request.endpoint, **(request.view_args or {}), **args)
    return "?" + urlencode(args)
