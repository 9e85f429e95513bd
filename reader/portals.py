"""The portal registry: which origins may embed the toolbar, get CORS answers and frame our pages.

An origin is stored in one canonical form (`https://portal.example`, lowercase host, punycode,
no default port, no path), so the `Origin` header a browser sends compares with `==`.
"""

import ipaddress
import re
import shlex
from urllib.parse import urlsplit

import click
from flask import current_app, g
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from reader.db import session
from reader.models import Portal

DEFAULT_PORTS = {"http": 80, "https": 443}
ORIGINS_KEY = ("portal origins",)
LOOPBACK_NAMES = ("localhost",)


class InvalidOrigin(ValueError):
    """What was given is not a web origin we can register."""


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# A DNS label in its ASCII (punycode) form; the last label of a name is never all digits (that
# would be an IPv4 address, which `ipaddress` reads first).
DNS_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


def canonical_host(host: str) -> str:
    """`host` (a DNS name, an IPv4 address or a bracketed IPv6 one) in canonical form, or
    InvalidOrigin. Nothing else passes: no wildcard, no `;` or `,` (which would end a CSP
    source in `frame-ancestors`), no whitespace."""
    bracketed = host.startswith("[") and host.endswith("]")
    try:
        address = ipaddress.ip_address(host[1:-1] if bracketed else host)
    except ValueError:
        address = None
    if address is not None and bracketed == (address.version == 6):
        return f"[{address.compressed}]" if address.version == 6 else address.compressed
    try:
        name = host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise InvalidOrigin(f"{host!r} is not a valid host name") from None
    labels = name.split(".")
    if (
        len(name) > 253
        or not all(DNS_LABEL.fullmatch(label) for label in labels)
        or labels[-1].isdigit()
    ):
        raise InvalidOrigin(
            f"{host!r} is not a valid host name: use letters, digits, hyphens and dots "
            "(no wildcard, space, ';' or ','), an IPv4 address or a bracketed IPv6 one"
        )
    return name


def normalize_origin(value: str) -> str:
    """The canonical origin of `value`, or InvalidOrigin with a message saying what is wrong."""
    text = (value or "").strip()
    if not text:
        raise InvalidOrigin("the origin is empty; give one such as https://portal.example")
    if any(ord(c) < 33 for c in text):
        raise InvalidOrigin("an origin holds no spaces or control characters")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise InvalidOrigin(f"{text!r} is not an address: {error}") from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.netloc:
        raise InvalidOrigin(f"{text!r} is not an origin; write it like https://portal.example")
    if parts.username is not None or parts.password is not None:
        raise InvalidOrigin("an origin holds no user name or password")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise InvalidOrigin(f"{text!r} has a path, query or fragment; give only scheme://host")
    host = parts.netloc.rpartition("@")[2]
    if parts.port is not None or host.endswith(":"):
        host = host.rpartition(":")[0]
    host = host.rstrip(".")
    if not host:
        raise InvalidOrigin(f"{text!r} has no host name")
    host = canonical_host(host)
    if scheme == "http" and not _is_loopback(host):
        raise InvalidOrigin(
            "use https: browsers keep the reader's preferences only for secure "
            "portals (plain http is accepted for localhost alone)"
        )
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    return f"{scheme}://{netloc}"


def stored_origins() -> list[str]:
    return list(session().scalars(select(Portal.origin)))


def is_canonical(origin: str) -> bool:
    """Whether a stored origin is one `portal add` would store today (rows written before it
    checked hosts may hold a wildcard or a `;`)."""
    try:
        return normalize_origin(origin) == origin
    except InvalidOrigin:
        return False


def refused_origins() -> list[str]:
    """Stored origins that are not valid ones: never answered, never in `frame-ancestors`."""
    return [origin for origin in stored_origins() if not is_canonical(origin)]


def warn_about_refused_origins(app) -> None:
    """At start-up, name the stored origins we refuse, so the operator can remove them.

    They are refused, not fatal: stopping the app would also stop `portal remove`, the command
    that fixes them. A database that is down or not yet migrated says nothing here.
    """
    try:
        with app.app_context():
            try:
                bad = refused_origins()
            finally:
                # Close what this opened: no connection made before gunicorn forks its workers
                # is shared by them, and none is left open for the garbage collector.
                session().close()
                app.extensions["reader"].db.engine.dispose()
    except SQLAlchemyError:
        return
    for origin in bad:
        app.logger.error(
            "portal origin %r is not a valid origin (scheme://host[:port]) and is refused: it "
            "gets no toolbar and may not frame our pages. Remove it with: flask --app reader "
            "portal remove %s",
            origin,
            shlex.quote(origin),
        )


def registered_origins() -> frozenset[str]:
    """Every valid registered origin; the last known (or none) if the database is down. Read at most
    once every `READER_PAGE_VERSION_SECONDS` per process, like an article's version: `portal add` in
    another process shows within that second, in this one at once."""
    if "reader_portal_origins" not in g:
        try:
            g.reader_portal_origins = current_app.extensions["reader.pages"].version(
                ORIGINS_KEY, lambda: frozenset(filter(is_canonical, stored_origins()))
            )
        except SQLAlchemyError:
            session().rollback()
            # Down: the origins last read (if any) still frame our 503 page; the embed says
            # "temporarily unavailable" rather than "not registered" (`registry_unavailable`).
            known = current_app.extensions["reader.pages"].versions.get(ORIGINS_KEY)
            g.reader_portal_origins = known[1] if known else frozenset()
            g.reader_portal_registry_down = True
    return g.reader_portal_origins


def registry_unavailable() -> bool:
    """Whether this request could not read the registry (the database is down)."""
    registered_origins()
    return g.get("reader_portal_registry_down", False)


def forget_origins() -> None:
    g.pop("reader_portal_origins", None)
    current_app.extensions["reader.pages"].forget(ORIGINS_KEY)


def is_registered(origin: str | None) -> bool:
    return bool(origin) and origin in registered_origins()


def add_portal(origin: str, name: str) -> tuple[Portal, bool]:
    """Register an origin (or rename it); returns the portal and whether it is new."""
    origin = normalize_origin(origin)
    name = " ".join((name or "").split())
    if not name or len(name) > 200:
        raise InvalidOrigin("give the portal a name of 1 to 200 characters")
    db_session = session()
    portal = db_session.scalars(select(Portal).where(Portal.origin == origin)).first()
    created = portal is None
    if created:
        portal = Portal(origin=origin, name=name)
        db_session.add(portal)
    else:
        portal.name = name
    db_session.commit()
    forget_origins()
    return portal, created


def remove_portal(origin: str) -> str | None:
    """Remove a portal and return its origin (None if there is none); a refused row (see
    `refused_origins`) is named by its stored text, as `portal list` shows it."""
    db_session = session()
    if origin not in refused_origins():
        origin = normalize_origin(origin)
    portal = db_session.scalars(select(Portal).where(Portal.origin == origin)).first()
    if portal is None:
        return None
    db_session.delete(portal)
    db_session.commit()
    forget_origins()
    return origin


def list_portals() -> list[Portal]:
    return list(session().scalars(select(Portal).order_by(Portal.origin)))


@click.group("portal")
def portal_group():
    """Register the portals allowed to embed the reading toolbar and frame our articles."""


def _origin_from(option, argument) -> str:
    if option and argument and option != argument:
        raise click.UsageError("give the origin once, as --origin or as an argument")
    if not (option or argument):
        raise click.UsageError("give the portal's origin, e.g. --origin https://portal.example")
    return option or argument


def _fail(error: InvalidOrigin):
    click.echo(f"error: {error}", err=True)
    raise click.exceptions.Exit(1)


@portal_group.command("add")
@click.argument("origin_arg", metavar="[ORIGIN]", required=False)
@click.option("--origin", help="The portal's origin, e.g. https://portal.example")
@click.option("--name", required=True, help="A name for people reading `portal list`.")
@with_appcontext
def add_command(origin_arg, origin, name):
    """Allow ORIGIN to embed the toolbar and frame our articles."""
    try:
        portal, created = add_portal(_origin_from(origin, origin_arg), name)
    except InvalidOrigin as error:
        _fail(error)
    verb = "Registered" if created else "Renamed"
    click.echo(f"{verb} {portal.origin} ({portal.name}).")


@portal_group.command("list")
@with_appcontext
def list_command():
    """List the registered portals."""
    portals = list_portals()
    if not portals:
        click.echo(
            "No portals are registered. Add one with: flask --app reader portal add "
            "--origin https://portal.example --name NAME"
        )
    for portal in portals:
        refused = "" if is_canonical(portal.origin) else "\t(refused: not a valid origin)"
        click.echo(f"{portal.origin}\t{portal.name}{refused}")


@portal_group.command("remove")
@click.argument("origin_arg", metavar="[ORIGIN]", required=False)
@click.option("--origin", help="The portal's origin, e.g. https://portal.example")
@with_appcontext
def remove_command(origin_arg, origin):
    """Stop ORIGIN from embedding the toolbar and framing our articles."""
    try:
        removed = remove_portal(_origin_from(origin, origin_arg))
    except InvalidOrigin as error:
        _fail(error)
    if not removed:
        click.echo(f"error: {normalize_origin(origin or origin_arg)} is not registered.", err=True)
        raise click.exceptions.Exit(1)
    click.echo(f"Removed {removed}.")
