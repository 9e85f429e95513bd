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
