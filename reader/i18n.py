"""The page chrome's language: our own translation domain, and which language a page speaks.

Our strings come from our own catalog (a Flask-Babel `Domain`, as Flask-Security does), so
mounting the reader never touches a host's `BABEL_*` settings and a host's `_()` never sees our
strings. Templates bind `_` to `reader_gettext` on their first line.

The language: `?lang=`, then the reader's choice (a cookie), then the browser's.
"""

from functools import lru_cache
from urllib.parse import quote, urlencode

from babel import Locale
from flask import current_app, request
from flask_babel import Domain, format_date, get_locale

from reader.paths import TRANSLATIONS_DIR

LANGUAGE_COOKIE = "reader_lang"
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}

domain = Domain(translation_directories=[str(TRANSLATIONS_DIR)], domain="messages")
gettext = domain.gettext
lazy_gettext = domain.lazy_gettext


def select_locale():
    """The locale selector we give Flask-Babel when the app has no Babel of its own.

    Returns a `Locale` (which Flask-Babel takes as it is): the same few are built once, and an
    `Accept-Language` header is matched once per distinct header (at most ACCEPT_LANGUAGES)."""
    config = current_app.config
    languages = config["READER_LANGUAGES"]
    for choice in (
        request.args.get("lang") if request.query_string else None,
        request.cookies.get(LANGUAGE_COOKIE),
    ):
        if choice in languages:
            return _locale(choice)
    return _locale(browser_language())


def browser_language() -> str:
    """The best of READER_LANGUAGES for the request's `Accept-Language` (else the default),
    matched once per distinct header."""
    config = current_app.config
    key = (
        request.headers.get("Accept-Language", ""),
        tuple(config["READER_LANGUAGES"]),
        config["READER_DEFAULT_LANGUAGE"],
    )
    best = BEST_MATCHES.get(key)
    if best is None:
        best = request.accept_languages.best_match(key[1]) or key[2]
        if len(BEST_MATCHES) >= ACCEPT_LANGUAGES:
            BEST_MATCHES.clear()
        BEST_MATCHES[key] = best
    return best


ACCEPT_LANGUAGES = 512  # distinct Accept-Language headers remembered; past it they start again
BEST_MATCHES: dict[tuple, str] = {}


@lru_cache(maxsize=32)
def _locale(code: str) -> Locale:
    return Locale.parse(code)


def remember_language(response):
    """Keep a language picked with the visible switch (?lang=) for the next pages."""
    choice = request.args.get("lang")
    if choice in current_app.config["READER_LANGUAGES"]:
        response.set_cookie(
            LANGUAGE_COOKIE,
            choice,
            max_age=current_app.config["READER_COOKIE_MAX_AGE"],
            httponly=True,
            samesite="Lax",
            secure=request.is_secure,
        )
    return response


def language_url(code: str) -> str:
    """This page's address in another language (the visible switch works without JavaScript).

    Built from the request's own path, not `url_for`: a query may hold any name (`endpoint`,
    `_method`, the view's own `slug`), and none of them may break the page.
    """
    query = "?" + urlencode({**request.args.to_dict(), "lang": code})
    if request.url_rule and "GET" in request.url_rule.methods:
        return quote(request.script_root + request.path) + query
    return query


def format_article_date(value, format: str = "long") -> str:
    """A date as its readers write it: 23/10/2020 in Vietnamese, the locale's long form else."""
    if get_locale() is not None and get_locale().language == "vi":
        return format_date(value, "dd/MM/yyyy")
    return format_date(value, format)
