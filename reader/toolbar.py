"""The toolbar's server side: its parameters, its answers, and the text-size POST of our pages.

`toolbar_params` builds the macro's parameters for our pages, the htmx answer and the iframe,
and the script embed's JSON. Each of the three transports (this module's form POST, `embed` and
`embed_frame`) checks where the change came from, calls `preferences.apply_action` and answers
in its way; the refusal messages are the same words for all three.

Without JavaScript our form POSTs and gets a 303 back to the page at the toolbar. With htmx the
same POST returns only what changed: the controls, the status message and the scale marker.
"""

import re
from functools import lru_cache
from urllib.parse import quote, urlencode, urlsplit

from flask import current_app, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale

from reader.abuse import Refusal, guard_write
from reader.caching import private
from reader.choices import CHOICES_BY_NAME
from reader.i18n import gettext as _
from reader.i18n import lazy_gettext
from reader.preferences import (
    RESET_ALL,
    Outcome,
    Preferences,
    apply_action,
    current_reader_id,
    keep_variant,
)
from reader.refused_loops import REFUSED_FOR
from reader.scale import TEXT_SIZES
from reader.security import cross_origin_request
from reader.tokens import SITE, new_reader_token, new_reader_token_valid, sign_reader_id

TOOLBAR_ID = "reader-toolbar"

# Why a change was refused; the same words on our pages, in the iframe and in the embed.
CROSS_SITE = lazy_gettext(
    "This change was not sent from this site's own page, so your text size was not changed."
)
REFUSALS = {
    Outcome.UNKNOWN_ACTION: (
        400,
        lazy_gettext("Unknown text size action. Use the toolbar's buttons."),
    ),
    Outcome.UNAVAILABLE: (
        503,
        lazy_gettext("Your text size could not be saved right now. Please try again in a moment."),
    ),
}


def share_links(url: str, title: str) -> list[tuple[str, str]]:
    """Plain share links: nothing is requested from these sites until the reader follows one."""
    return list(_share_links(url, title, _("Email")))


@lru_cache(maxsize=1024)  # the embed asks for the same page's links over and over
def _share_links(url: str, title: str, email: str) -> tuple[tuple[str, str], ...]:
    return (
        (email, "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote)),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ("Zalo", "https://sp.zalo.me/share_inline?" + urlencode({"url": url})),
        ("X", "https://x.com/intent/post?" + urlencode({"url": url, "text": title})),
    )


def toolbar_params(
    prefs: Preferences,
    *,
    next_url: str,
    share_url: str = "",
    share_title: str = "",
    print_url: str = "",
    lang: str | None = None,
    action_url: str | None = None,
    token: str | None = None,
    links_target: str | None = None,
    new_reader_token: str | None = None,
) -> dict:
    """The macro's `params` (documented in templates/reader/components/toolbar/params.json).

    Our own pages need only the first arguments (their forms carry no token of one reader's:
    see `security.cross_origin_request`) and the hour's `new_reader_token`; the iframe passes
    its own `action_url`, the script embed its origin's token.
    """
    return {
        "id": TOOLBAR_ID,
        "scale": prefs.font_scale,
        "choices": prefs.choice_values,
        "speech_rate": int(prefs.speech_rate) / 100,
        "min_scale": TEXT_SIZES.smallest,
        "max_scale": TEXT_SIZES.largest,
        "default_scale": TEXT_SIZES.default,
        "action_url": action_url or url_for("reader.text_size"),
        "next_url": next_url,
        "csrf_token": token,
        "new_reader_token": new_reader_token,
        "print_url": print_url,
        "share_url": share_url,
        "share_title": share_title,
        "links_target": links_target,
        "lang": lang,
    }


CONTROL_CHARACTER = re.compile(r"[\x00-\x1f]")


def safe_next(value: str | None) -> str:
    """A same-site path to go back to; anything else (other hosts, schemes) goes home."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return url_for("reader.index")
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or CONTROL_CHARACTER.search(value):
        return url_for("reader.index")
    return value


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def refusal(outcome: Outcome) -> tuple[int, str]:
    """The status and message of a change that did not happen."""
    return REFUSALS[outcome]


def new_reader_proof() -> bool:
    """Whether this form POST carries a recent new-reader token (our pages and the iframe)."""
    return new_reader_token_valid(request.form.get("reader_new"))


def refused_write(refusal: Refusal, back_url: str | None = None):
    """A write refused before it was tried (too many, or a stale page for a new reader)."""
    response = problem(refusal.status, refusal.message, back_url)
    if refusal.retry_after is not None:
        response.headers["Retry-After"] = str(refusal.retry_after)
        request.environ[REFUSED_FOR] = refusal.retry_after  # see reader/refused_loops.py
    return response


def problem(status: int, message: str, back_url: str | None = None):
    """A refused change: announced in the status region under htmx, an error page without it.

    Rendered once per message, page and language and kept in the page cache: a loop that is
    refused again and again (429) costs the workers little, so other readers do not wait."""
    htmx = is_htmx()
    back_url = None if htmx else back_url or safe_next(request.form.get("next"))
    key = (
        "problem",
        htmx,
        str(get_locale()),
        message,
        back_url,
        request.host_url,
        request.full_path,
    )
    cache = current_app.extensions["reader.pages"]
    page = cache.get(key)
    if page is None:
        if htmx:
            text = render_template(
                "reader/components/toolbar/message.html", id=TOOLBAR_ID, message=message
            )
        else:
            text = render_template(
                "reader/error.html",
                title=_("Text size not changed"),
                message=message,
                back_url=back_url,
                back_label=_("Back to the article"),
            )
        page = cache.put(key, text.encode())
    response = make_response(page.body, status)
    if htmx:
        response.headers["HX-Retarget"] = f"#{TOOLBAR_ID}-status"
        response.headers["HX-Reswap"] = "innerHTML"
    return private(response)


def change_message(action: str, prefs: Preferences) -> str | None:
    """What the status region says after a change of a choice ("Colours: Dark"); None after a
    size change, whose status is the size itself."""
    if action == RESET_ALL:
        return _("All reading options are back to their defaults.")
    choice = changed_choice(action)
    if choice is None:
        return None
    code = action.partition(":")[2]
    return _("%(choice)s: %(value)s", choice=_(choice.label), value=_(choice.label_of(code)))


def changed_choice(action: str):
    """The reading choice an action sets (see reader/choices.py), or None."""
    name, _sep, code = action.partition(":")
    choice = CHOICES_BY_NAME.get(name)
    return choice if choice is not None and code in choice.codes else None


def landing(action: str | None) -> str:
    """Where a 303 lands: the toolbar after a size step; after a choice the Options form, inside
    the disclosure, which the browser opens for a fragment inside it (so it stays open)."""
    if action == RESET_ALL or changed_choice(action or ""):
        return f"{TOOLBAR_ID}-choices"
    return TOOLBAR_ID


def changed_fragment(prefs: Preferences, action: str, message: str | None = None, **toolbar):
    """What htmx swaps after `action`: only what it changed (a size step: the size form and the
    reset buttons; a choice: its group and "Reset all"; "Reset all": both forms), the status
    text and the marker. `toolbar`: `toolbar_params`' keyword arguments.

    Rendered once per set of inputs and kept in the page cache (reader/page_cache.py): it holds
    nothing of one reader's, only their choices, the page to go back to and the hour's token.
    """
    key = (
        "toolbar fragment",
        str(get_locale()),
        request.script_root,  # the default action URL's
        action,
        message,
        prefs,
        *sorted(toolbar.items()),
    )
    cache = current_app.extensions["reader.pages"]
    page = cache.get(key)
    if page is None:
        choice = changed_choice(action)
        changed = "all" if action == RESET_ALL else "choice" if choice else "size"
        text = render_template(
            "reader/components/toolbar/response.html",
            params=toolbar_params(prefs, **toolbar),
            message=message,
            changed=changed,
            choice=choice,
        )
        page = cache.put(key, text.encode())
    return make_response(page.body)


def text_size():
    """POST /reader/text-size: one change of a reading preference (a size step or a choice)
    from our own pages."""
    if cross_origin_request():
        return problem(403, CROSS_SITE)
    reader_id, refused = guard_write(SITE, current_reader_id(), new_reader_proof())
    if refused:
        return refused_write(refused)
    action = request.form.get("action")
    change = apply_action(reader_id, action)
    if change.outcome is not Outcome.CHANGED:
        return problem(*refusal(change.outcome))
    next_url = safe_next(request.form.get("next"))
    if is_htmx():
        response = changed_fragment(
            change.prefs,
            action,
            change_message(action, change.prefs),
            next_url=next_url,
            new_reader_token=new_reader_token(),
        )
    else:
        response = redirect(f"{next_url}#{landing(action)}", 303)
    keep_variant(private(response), change.prefs)
    cookie = current_app.config["READER_COOKIE_NAME"]
    if change.reader_id is None:
        response.delete_cookie(cookie)
    else:  # set again on every change, so it lives as long as the variant cookie
        response.set_cookie(
            cookie,
            sign_reader_id(change.reader_id, SITE),
            max_age=current_app.config["READER_COOKIE_MAX_AGE"],
            httponly=True,
            samesite="Lax",
            secure=request.is_secure,
        )
    return response
