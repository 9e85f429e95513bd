"""The toolbar's server side: its parameters for a page, and the text-size POST it sends.

Without JavaScript the form POSTs and gets a 303 back to the page at the toolbar. With htmx the
same POST returns only what changed: the controls, the status message and the scale marker.
"""

from urllib.parse import quote, urlencode, urlsplit

from flask import current_app, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext
from flask_wtf.csrf import CSRFError, generate_csrf, validate_csrf
from wtforms.validators import ValidationError

from reader.blueprint import bp
from reader.preferences import (
    ACTIONS,
    SCALE_STEPS,
    PreferencesUnavailable,
    change_text_size,
    current_reader_id,
    sign_reader_id,
)

TOOLBAR_ID = "reader-toolbar"

# Why a text-size change was refused; the same words on our pages, in the iframe and the embed.
STALE_PAGE = lazy_gettext("This page is out of date, so your text size was not changed. "
                          "Reload the page and try again.")
UNKNOWN_ACTION = lazy_gettext("Unknown text size action. Use the toolbar's buttons.")
NOT_SAVED = lazy_gettext("Your text size could not be saved right now. "
                         "Please try again in a moment.")


def share_links(url: str, title: str) -> list[tuple[str, str]]:
    """Plain share links: nothing is requested from these sites until the reader follows one."""
    return [
        (_("Email"), "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote)),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ("Zalo", "https://sp.zalo.me/share_inline?" + urlencode({"url": url})),
        ("X", "https://x.com/intent/post?" + urlencode({"url": url, "text": title})),
    ]


def toolbar_params(prefs, *, next_url: str, share_url: str, share_title: str, print_url: str,
                   lang: str | None = None) -> dict:
    return {
        "id": TOOLBAR_ID,
        "scale": prefs.font_scale,
        "min_scale": SCALE_STEPS[0],
        "max_scale": SCALE_STEPS[-1],
        "action_url": url_for("reader.text_size"),
        "next_url": next_url,
        "csrf_token": generate_csrf(),
        "print_url": print_url,
        "share_url": share_url,
        "share_title": share_title,
        "lang": lang,
    }


def safe_next(value: str | None) -> str:
    """A same-site path to go back to; anything else (other hosts, schemes) goes home."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return url_for("reader.index")
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in value):
        return url_for("reader.index")
    return value


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def problem(status: int, message: str, back_url: str | None = None):
    """A refused change: announced in the status region under htmx, an error page without it."""
    if is_htmx():
        response = make_response(render_template(
            "reader/components/toolbar/message.html", id=TOOLBAR_ID, message=message), status)
        response.headers["HX-Retarget"] = f"#{TOOLBAR_ID}-status"
        response.headers["HX-Reswap"] = "innerHTML"
        return response
    return make_response(render_template(
        "reader/error.html", title=_("Text size not changed"), message=message,
        back_url=back_url or safe_next(request.form.get("next")),
        back_label=_("Back to the article")),
        status)


@bp.post("/reader/text-size")
def text_size():
    try:
        validate_csrf(request.form.get("csrf_token") or request.headers.get("X-CSRFToken"))
    except (ValidationError, CSRFError):
        return problem(400, STALE_PAGE)
    action = request.form.get("action")
    if action not in ACTIONS:
        return problem(400, UNKNOWN_ACTION)
    reader_id = current_reader_id()
    try:
        prefs, store_id = change_text_size(reader_id, action)
    except PreferencesUnavailable:
        current_app.logger.exception("Storing a text size failed.")
        return problem(503, NOT_SAVED)
    next_url = safe_next(request.form.get("next"))
    if is_htmx():
        params = toolbar_params(prefs, next_url=next_url, share_url="", share_title="",
                                print_url="")
        response = make_response(render_template(
            "reader/components/toolbar/response.html", params=params))
    else:
        response = redirect(f"{next_url}#{TOOLBAR_ID}", 303)
    cookie = current_app.config["READER_COOKIE_NAME"]
    if prefs.is_default:
        response.delete_cookie(cookie)
    elif store_id != reader_id:
        response.set_cookie(cookie, sign_reader_id(store_id),
                            max_age=current_app.config["READER_COOKIE_MAX_AGE"], httponly=True,
                            samesite="Lax", secure=request.is_secure)
    return response
