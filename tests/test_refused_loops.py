"""Refused write loops answered in front of Flask (reader/refused_loops.py): the same request
again gets the same 429 without Flask, until the wait it announced is up; nothing else does."""

import pytest

from reader.abuse import Limits
from tests.conftest import SEED_SLUG

ARTICLE = f"/articles/{SEED_SLUG}"
LOOP = "203.0.113.7"


@pytest.fixture
def app(seeded_app):
    seeded_app.config["READER_RATELIMIT_WRITES_PER_ADDRESS"] = "3 per day"
    seeded_app.extensions["reader.limits"] = Limits(seeded_app.config)
    return seeded_app


@pytest.fixture
def flask_calls(app):
    calls = []
    app.before_request(lambda: calls.append(1) and None)
    return calls


@pytest.fixture
def clock(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr("reader.refused_loops.time.monotonic", lambda: now[0])
    return now


def post(app, address=LOOP, htmx=True, reader_id=None, **headers):
    client = app.test_client()
    if reader_id:
        client.set_cookie("reader_id", reader_id)
    return client.post(
        "/reader/text-size",
        data={"action": "increase", "next": ARTICLE},
        headers={"Sec-Fetch-Site": "same-origin", "Accept-Language": "en", **headers}
        | ({"HX-Request": "true"} if htmx else {}),
        environ_base={"REMOTE_ADDR": address},
    )


def test_the_same_refused_request_again_never_reaches_flask(app, flask_calls, clock):
    assert [post(app).status_code for _ in range(3)] == [200] * 3
    first = post(app)
    assert first.status_code == 429 and len(flask_calls) == 4
    clock[0] += 2.5
    again = post(app)
    assert len(flask_calls) == 5  # the first refusal named the address; this one is kept
    for _ in range(3):
        kept = post(app)
        assert kept.status_code == 429 and kept.get_data() == again.get_data()
    assert len(flask_calls) == 5
    assert kept.headers["HX-Retarget"] == again.headers["HX-Retarget"]
    assert kept.headers["Content-Security-Policy"] == again.headers["Content-Security-Policy"]
    # Retry-After counts down from what Flask said.
    assert int(kept.headers["Retry-After"]) == int(again.headers["Retry-After"])
    clock[0] += 60
    assert int(post(app).headers["Retry-After"]) == int(again.headers["Retry-After"]) - 60


def test_anything_else_from_that_address_and_other_addresses_reach_flask(app, flask_calls, clock):
    for _ in range(5):
        post(app)
    calls = len(flask_calls)
    other_page = post(app, htmx=False)  # another request (no htmx): Flask answers, 429 too
    assert other_page.status_code == 429 and "<h1>" in other_page.text
    assert post(app, address="198.51.100.1").status_code == 200  # another address: fine
    returning = post(app, reader_id="another-cookie")
    assert returning.status_code == 429
    assert len(flask_calls) == calls + 3


def test_once_the_wait_is_up_the_request_goes_to_flask_again(app, flask_calls, clock):
    for _ in range(5):
        post(app)
    refused = post(app)
    calls = len(flask_calls)
    clock[0] += int(refused.headers["Retry-After"]) + 1
    app.extensions["reader.limits"] = Limits(app.config)  # the limiter's window has passed too
    assert post(app).status_code == 200 and len(flask_calls) == calls + 1


def test_the_embeds_refused_loop_keeps_its_cors_answer(app, flask_calls, clock):
    from reader.portals import add_portal

    portal = "https://portal.example"
    with app.test_request_context():
        add_portal(portal, "Portal")
    client = app.test_client()
    token = client.get("/embed/toolbar", headers={"Origin": portal}).json["token"]

    def write():
        return client.post(
            "/embed/text-size",
            json={"action": "increase"},
            headers={"Origin": portal, "X-Reader-Token": token},
            environ_base={"REMOTE_ADDR": LOOP},
        )

    answers = [write() for _ in range(6)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429, 429, 429]
    calls = len(flask_calls)
    kept = write()
    assert len(flask_calls) == calls and kept.status_code == 429
    assert kept.headers["Access-Control-Allow-Origin"] == portal  # embed.js can read why
    assert kept.json == answers[-1].json and "Có quá nhiều" in kept.json["error"]
