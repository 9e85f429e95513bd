"""The portal registry: origin validation, and `flask portal add|list|remove`."""

import pytest

from reader.portals import InvalidOrigin, is_registered, normalize_origin


@pytest.mark.parametrize(
    "given, expected",
    [
        ("https://portal.example", "https://portal.example"),
        ("  HTTPS://Portal.Example/ ", "https://portal.example"),
        ("https://portal.example:443", "https://portal.example"),
        ("https://portal.example:8443", "https://portal.example:8443"),
        ("https://bắc-kạn.gov.vn", "https://xn--bc-kn-m11bwd.gov.vn"),
        ("http://localhost:5000", "http://localhost:5000"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("http://[::1]:8000", "http://[::1]:8000"),
    ],
)
def test_origins_are_normalised(given, expected):
    assert normalize_origin(given) == expected


@pytest.mark.parametrize(
    "given, message",
    [
        ("", "empty"),
        ("portal.example", "not an origin"),
        ("ftp://portal.example", "not an origin"),
        ("javascript:alert(1)", "not an origin"),
        ("https://portal.example/news", "path"),
        ("https://portal.example/?a=1", "path, query"),
        ("https://portal.example#top", "fragment"),
        ("https://user:pw@portal.example", "user name"),
        ("http://portal.example", "use https"),
        ("https://portal.example:99999", "not an address"),
        ("https://por tal.example", "spaces"),
        ("https://*", "not a valid host name"),
        ("https://*.portal.example", "not a valid host name"),
        ("https://x;sandbox", "not a valid host name"),
        ("https://a.example,b.example", "not a valid host name"),
        ("https://portal.example%20x", "not a valid host name"),
        ("https://-portal.example", "not a valid host name"),
        ("https://portal..example", "not a valid host name"),
        ("https://portal_example.com", "not a valid host name"),
        ("https://1.2.3", "not a valid host name"),
        ("https://[1.2.3.4]", "not an address"),
        ("https://" + "a" * 64 + ".example", "not a valid host name"),
        ("https://\u202e.example", "spaces|not a valid host name"),
    ],
)
def test_bad_origins_are_refused_with_a_reason(given, message):
    with pytest.raises(InvalidOrigin, match=message):
        normalize_origin(given)


def test_add_list_remove(app, runner):
    result = runner.invoke(
        args=["portal", "add", "--origin", "https://Portal.Example/", "--name", "Bắc Kạn portal"]
    )
    assert result.exit_code == 0, result.output
    assert "Registered https://portal.example (Bắc Kạn portal)." in result.output
    result = runner.invoke(args=["portal", "add", "https://other.example", "--name", "Other"])
    assert result.exit_code == 0, result.output

    listed = runner.invoke(args=["portal", "list"]).output.splitlines()
    assert listed == ["https://other.example\tOther", "https://portal.example\tBắc Kạn portal"]
    with app.test_request_context():
        assert is_registered("https://portal.example")
        assert not is_registered("https://portal.example.evil")

    result = runner.invoke(args=["portal", "remove", "--origin", "https://portal.example"])
    assert result.exit_code == 0 and "Removed https://portal.example." in result.output
    result = runner.invoke(args=["portal", "remove", "https://other.example"])
    assert result.exit_code == 0
    assert "No portals are registered" in runner.invoke(args=["portal", "list"]).output


def test_adding_again_renames_rather_than_duplicates(runner):
    runner.invoke(args=["portal", "add", "--origin", "https://portal.example", "--name", "Old"])
    result = runner.invoke(
        args=["portal", "add", "--origin", "https://portal.example:443", "--name", "New"]
    )
    assert "Renamed https://portal.example (New)." in result.output
    assert runner.invoke(args=["portal", "list"]).output == "https://portal.example\tNew\n"


@pytest.mark.parametrize(
    "args, message",
    [
        (["portal", "add", "--origin", "http://portal.example", "--name", "X"], "use https"),
        (["portal", "add", "--origin", "https://portal.example/page", "--name", "X"], "path"),
        (["portal", "add", "--origin", "https://portal.example", "--name", "  "], "name"),
        (["portal", "remove", "--origin", "https://nobody.example"], "is not registered"),
    ],
)
def test_bad_commands_fail_with_a_message(runner, args, message):
    result = runner.invoke(args=args)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_the_origin_must_be_given_once(runner):
    result = runner.invoke(args=["portal", "add", "--name", "X"])
    assert result.exit_code == 2 and "give the portal's origin" in result.output
    result = runner.invoke(
        args=["portal", "add", "https://a.example", "--origin", "https://b.example", "--name", "X"]
    )
    assert result.exit_code == 2 and "once" in result.output


def test_add_refuses_a_wildcard_or_a_csp_delimiter_with_a_message(runner):
    for origin in ("https://*", "https://x;sandbox", "https://a, https://b"):
        result = runner.invoke(args=["portal", "add", "--origin", origin, "--name", "Bad"])
        assert result.exit_code == 1, origin
        assert "error:" in result.output and "Traceback" not in result.output
    assert "No portals are registered" in runner.invoke(args=["portal", "list"]).output


def store_bad_rows(app, *origins):
    """Rows as an older `portal add` (which checked no host) could have stored them."""
    from reader.db import session
    from reader.models import Portal

    with app.app_context():
        session().add_all(Portal(origin=origin, name="old") for origin in origins)
        session().commit()


def test_bad_stored_origins_are_named_at_start_up_and_never_answered(app, runner, caplog):
    from reader import create_app
    from reader.embed_frame import frame_ancestors

    store_bad_rows(app, "https://*", "https://x;sandbox")
    runner.invoke(args=["portal", "add", "https://portal.example", "--name", "Good"])
    with caplog.at_level("ERROR"):
        started = create_app(dict(app.config))
    with started.app_context():  # the check left no connection open (gunicorn forks after it)
        pool = started.extensions["reader"].db.engine.pool
        assert (pool.checkedin(), pool.checkedout()) == (0, 0)
    named = " ".join(r.getMessage() for r in caplog.records)
    assert "'https://*'" in named and "'https://x;sandbox'" in named and "portal remove" in named
    assert "https://portal.example" not in named
    with app.test_request_context():
        assert frame_ancestors() == "https://portal.example"
        assert not is_registered("https://*") and not is_registered("https://x;sandbox")
    listed = runner.invoke(args=["portal", "list"]).output
    assert "https://*\told\t(refused: not a valid origin)" in listed

    result = runner.invoke(args=["portal", "remove", "https://x;sandbox"])
    assert result.exit_code == 0 and "Removed https://x;sandbox." in result.output
    assert "x;sandbox" not in runner.invoke(args=["portal", "list"]).output


def test_the_iframe_never_puts_a_bad_stored_origin_in_frame_ancestors(seeded_app):
    from tests.conftest import SEED_SLUG

    store_bad_rows(seeded_app, "https://*", "https://x;sandbox")
    response = seeded_app.test_client().get(f"/embed/articles/{SEED_SLUG}")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "*" not in csp and "sandbox" not in csp
