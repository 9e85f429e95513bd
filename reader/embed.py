"""The script embed's server side: CORS for registered portals, the toolbar's state, its POST.

Cross-site requests carry no SameSite=Lax cookie, so the reader's own cookie does not travel,
and the request is cross-origin by design (our pages' check would refuse it). Instead:

- only an `Origin` in the portal registry gets an answer (403 with no CORS headers otherwise);
- the POST must be `application/json` and carry `X-Reader-Token`, so the browser has to send a
  CORS preflight first, which only registered origins pass; the token, signed by us for that one
  origin, comes from `GET /embed/toolbar` (a page elsewhere cannot read it);
- the anonymous reader id travels as `X-Reader-Id` from the portal's own (first-party)
  localStorage, and as a `Partitioned` cookie on HTTPS: both are kept per portal, never shared
  across sites, and work when third-party cookies are blocked.
"""

from flask import current_app, jsonify, make_response, request, url_for
from flask_babel import force_locale, get_locale

from reader.abuse import STALE_PAGE, guard_write
from reader.caching import private
from reader.choices import CHOICES
from reader.fast_pages import SAME_FOR_EVERYONE
from reader.i18n import browser_language, lazy_gettext
from reader.i18n import gettext as _
from reader.outage import temporarily_unavailable
from reader.portals import is_registered, registered_origins, registry_unavailable
from reader.preferences import Outcome, apply_action, live_reader, preferences_or_default
from reader.refused_loops import REFUSED_FOR
from reader.scale import TEXT_SIZES
from reader.tokens import (
    embed_token,
    embed_token_valid,
    reader_id_from,
    sign_reader_id,
    token_minute,
)
from reader.toolbar import change_message, refusal, share_links, toolbar_params

EMBED_COOKIE = "reader_embed_id"
READER_HEADER = "X-Reader-Id"
TOKEN_HEADER = "X-Reader-Token"
ALLOWED_HEADERS = f"Content-Type, {READER_HEADER}, {TOKEN_HEADER}"
PREFLIGHT_MAX_AGE = 7200  # the longest Chromium honours: one preflight per two hours


def request_origin() -> str | None:
    return request.headers.get("Origin")


def with_cors(response, origin: str):
    """Let this one registered origin read the answer, with credentials."""
    response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Access-Control-Allow-Credentials"] = "true"
    response.vary.add("Origin")
    return response


def refused():
    """Not a registered portal: a 403 the browser will not let the page read."""
    origin = request_origin() or "(no Origin header)"
    response = make_response(
        f"{origin} is not a portal registered with this reader, so it gets no toolbar. "
        "Its operator can add it with: flask --app reader portal add --origin ORIGIN --name NAME\n",
        403,
    )
    response.mimetype = "text/plain"
    response.vary.add("Origin")
    return response


def json_problem(status: int, message: str, origin: str, **extra):
    response = jsonify(error=str(message), **extra)
    response.status_code = status
    return with_cors(private(response), origin)


UNAVAILABLE = lazy_gettext(
    "The reading toolbar is temporarily unavailable. Please try again in a moment."
)


def check_portal():
    """None when the request's Origin is a registered portal, else the answer to give: 403
    (not registered), or 503 while the registry cannot be read (the database is down), which
    the portal's page may read when its origin was registered when last seen."""
    origin = request_origin()
    if not registry_unavailable():
        return None if is_registered(origin) else refused()
    with force_locale(embed_locale()):
        response = jsonify(error=str(UNAVAILABLE))
    temporarily_unavailable(response)
    if origin and origin in registered_origins():
        with_cors(response, origin)
    response.vary.add("Origin")
    return response


def preflight():
    """OPTIONS on the embed's URLs: the CORS preflight, answered for registered origins only."""
    origin = request_origin()
    if (problem := check_portal()) is not None:
        return problem
    response = make_response("", 204)
    response.headers["Access-Control-Allow-Methods"] = "GET, POST"
    response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
    response.headers["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return with_cors(response, origin)


def embed_reader_id() -> str | None:
    """The reader id from the portal's localStorage (header), else from the partitioned cookie;
    only an id issued for this very origin (another portal's, our site's or the iframe's reads
    as no reader)."""
    origin = request_origin()
    return reader_id_from(request.headers.get(READER_HEADER), origin) or reader_id_from(
        request.cookies.get(EMBED_COOKIE), origin
    )


def keep_reader_cookie(
    response, reader_id: str | None, cookie: str = EMBED_COOKIE, issuer: str | None = None
):
    """The partitioned cookie (the script embed's backs localStorage up; the iframe's is its
    only store); SameSite=None needs HTTPS, so only there. `issuer`: the Origin by default."""
    if not request.is_secure:
        return response
    if reader_id is None and cookie not in request.cookies:
        return response  # nothing to forget
    if reader_id is None:
        response.delete_cookie(
            cookie, secure=True, httponly=True, samesite="None", partitioned=True
        )
    else:
        response.set_cookie(
            cookie,
            sign_reader_id(reader_id, issuer or request_origin()),
            secure=True,
            httponly=True,
            samesite="None",
            partitioned=True,
            max_age=current_app.config["READER_COOKIE_MAX_AGE"],
        )
    return response


def embed_locale() -> str:
    languages = current_app.config["READER_LANGUAGES"]
    choice = request.args.get("locale", "") if request.query_string else ""
    if choice in languages:
        return choice
    return browser_language()


def share_target(origin: str) -> tuple[str, str]:
    """The page to share: what the portal says, if it is a web address, else the portal."""
    url = request.args.get("url", "")
    if not (
        url.startswith(("https://", "http://"))
        and len(url) <= 2000
        and not any(ord(c) < 33 for c in url)
    ):
        url = origin + "/"
    title = " ".join(request.args.get("title", "").split())[:500]
    return url, title


EMBED_CHOICES = tuple(choice for choice in CHOICES if choice.name != "speech_rate")
# What a reader with no id gets, by (key, origin, language, page, title): built once, in JSON.
NEW_READER_STATES: dict[tuple, bytes] = {}
LABELS: dict[str, dict] = {}  # per language: our catalog does not change while we run


def labels() -> dict:
    """The toolbar's words in this request's language, looked up once per language."""
    language = str(get_locale())
    if language not in LABELS:
        LABELS[language] = {
            "toolbar": _("Reading tools"),
            "decrease": _("Smaller text"),
            "increase": _("Larger text"),
            "reset": _("Default size"),
            "print": _("Print"),
            "share": _("Share"),
            "copy": _("Copy link"),
            "copied": _("Link copied."),
            "status": _("Text size %(scale)s%%", scale="{scale}"),
            "largest": _("largest"),
            "smallest": _("smallest"),
            "options": _("Options"),
            "reset_all": _("Reset all reading options"),
        }
    return LABELS[language]


def toolbar_state(reader_id: str | None, origin: str) -> dict:
    """What embed.js needs: the toolbar's parameters (as for our pages), the steps, the labels."""
    url, title = share_target(origin)
    params = toolbar_params(
        preferences_or_default(reader_id),
        next_url="",
        share_url=url,
        share_title=title,
        action_url=url_for("reader.embed_text_size"),
        token=embed_token(origin),
    )
    return {
        "scale": params["scale"],
        "choices": embed_choices(params["choices"]),
        "options": [
            {
                "name": choice.name,
                "label": _(choice.label),
                "default": choice.default,
                "values": [[code, _(label)] for code, label in choice.values],
            }
            for choice in EMBED_CHOICES
        ],
        "steps": list(TEXT_SIZES.steps),
        "default": params["default_scale"],
        "reader": sign_reader_id(reader_id, origin) if reader_id else None,
        "token": params["csrf_token"],
        "lang": str(get_locale()),  # embed_toolbar's force_locale(embed_locale())
        "share": {
            "url": url,
            "title": title,
            "links": [{"label": label, "href": href} for label, href in share_links(url, title)],
        },
        "labels": labels(),
    }


def embed_choices(values: dict) -> dict:
    """The choices the script embed applies to its target (listening has no player there)."""
    return {choice.name: values[choice.name] for choice in EMBED_CHOICES}


def embed_toolbar():
    """GET /embed/toolbar: the labels and this reader's size, for embed.js on a portal."""
    origin = request_origin()
    if (problem := check_portal()) is not None:
        return problem
    reader_id = live_reader(embed_reader_id())  # a dead (reset) id is not handed back
    locale = embed_locale()
    if reader_id is None:  # most readers: the same bytes for everyone on that page
        key = (
            current_app.secret_key,
            origin,
            locale,
            request.args.get("url"),
            request.args.get("title"),
            # The token inside is timed: a new one each minute of the signer's clock, so none
            # handed out is more than a minute older than READER_EMBED_TOKEN_MAX_AGE allows.
            token_minute(),
        )
        body = NEW_READER_STATES.get(key)
        if body is None:
            with force_locale(locale):
                body = jsonify(toolbar_state(None, origin)).get_data()
            if len(NEW_READER_STATES) >= 1000:
                NEW_READER_STATES.clear()
            NEW_READER_STATES[key] = body
        response = make_response(body)
        response.mimetype = "application/json"
        scale = TEXT_SIZES.default
        if READER_HEADER not in request.headers and EMBED_COOKIE not in request.cookies:
            # No id came at all: these bytes are every new reader's, for a second in memory.
            request.environ[SAME_FOR_EVERYONE] = True
    else:
        with force_locale(locale):
            state = toolbar_state(reader_id, origin)
            response = jsonify(state)
        scale = state["scale"]
    private(response)  # it carries the reader's id (or will, once they change the size)
    # At the default size the reader may still have other choices (set in the iframe embed).
    kept = reader_id is not None and (
        scale != TEXT_SIZES.default or not preferences_or_default(reader_id).is_default
    )
    keep_reader_cookie(response, reader_id if kept else None)
    return with_cors(response, origin)


def embed_text_size():
    """POST /embed/text-size: one step of the text size from a registered portal, as JSON."""
    origin = request_origin()
    if (problem := check_portal()) is not None:
        return problem
    with force_locale(embed_locale()):
        if not embed_token_valid(request.headers.get(TOKEN_HEADER), origin):
            # Expired (or from before a key change): embed.js fetches a new token and resends.
            return json_problem(400, STALE_PAGE, origin, renew=True)
        # The token itself proves the request came through our toolbar's JSON on this origin.
        reader_id, refused = guard_write(origin, embed_reader_id(), proof=True)
        if refused:
            response = json_problem(refused.status, refused.message, origin)
            response.headers["Retry-After"] = str(refused.retry_after)
            request.environ[REFUSED_FOR] = refused.retry_after  # see reader/refused_loops.py
            return response
        try:
            body = request.get_json(silent=True) if request.is_json else None
        except RecursionError:  # nested past Python's limit: not a toolbar's request
            return json_problem(400, _("This request could not be read."), origin)
        action = body.get("action") if isinstance(body, dict) else None
        if not isinstance(action, str) or action.startswith("speech_rate:"):
            action = None  # no Listen player in the script embed
        change = apply_action(reader_id, action)
        if change.outcome is not Outcome.CHANGED:
            return json_problem(*refusal(change.outcome), origin)
        message = change_message(action, change.prefs)
    response = jsonify(
        scale=change.prefs.font_scale,
        choices=embed_choices(change.prefs.choice_values),
        message=message,
        reader=sign_reader_id(change.reader_id, origin) if change.reader_id else None,
    )
    private(response)  # it carries the reader's id
    keep_reader_cookie(response, change.reader_id)
    return with_cors(response, origin)
