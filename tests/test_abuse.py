"""Abuse limits: writes and new readers per client address and per place, 429 with Retry-After
and a message; a new reader needs the hour's token from a page we served; rows are pruned."""

import re
from datetime import timedelta
from pathlib import Path

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from sqlalchemy import event, func, select

from reader import Reader, tokens
from reader.abuse import Limits
from reader.cli import import_file
from reader.db import session
from reader.models import ReaderPreference, utcnow
from reader.portals import add_portal
from reader.preferences import new_reader_id
from tests.conftest import SEED, SEED_SLUG

ARTICLE = f"/articles/{SEED_SLUG}"
PORTAL = "https://portal.example"
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}


def limited(app, **settings):
    """The app with these READER_RATELIMIT_* settings (fresh counts). The tests use windows of a
    day: a sliding window's count falls as it passes a window's end, which a test must not cross."""
    app.config.update({f"READER_RATELIMIT_{k.upper()}": v for k, v in settings.items()})
    app.extensions["reader.limits"] = Limits(app.config)
    return app


def rows(app) -> int:
    with app.app_context():
        return session().scalar(select(func.count()).select_from(ReaderPreference))


def post(client, action="increase", headers=None, **data):
    return client.post(
        "/reader/text-size",
        data={"action": action, "next": ARTICLE, **data},
        headers={**SAME_ORIGIN, "Accept-Language": "vi", **(headers or {})},
    )


def test_a_curl_loop_gets_429_with_retry_after_and_a_message_in_the_pages_language(seeded_app):
    app = limited(seeded_app, writes_per_address="5 per day")
    client = app.test_client()
    answers = [post(client).status_code for _ in range(5)]
    assert answers == [303] * 5
    page = post(client)  # without JavaScript: a page
    assert page.status_code == 429
    assert 1 <= int(page.headers["Retry-After"]) <= 24 * 3600
    assert "Có quá nhiều thay đổi" in page.text and "<h1>" in page.text
    assert page.headers["Cache-Control"] == "private, no-store"
    htmx = post(client, headers={"HX-Request": "true", "Accept-Language": "en"})
    assert htmx.status_code == 429 and "Retry-After" in htmx.headers
    assert htmx.headers["HX-Retarget"] == "#reader-toolbar-status"  # said in the status region
    assert "Too many changes" in htmx.text and "<h1>" not in htmx.text
    assert rows(app) == 1  # one reader, whatever the loop sent


def test_new_readers_are_limited_per_address_and_per_place(seeded_app):
    app = limited(seeded_app, new_readers_per_address="3 per day")
    fresh = [app.test_client() for _ in range(4)]  # curl without cookies: a new reader each
    assert [post(c).status_code for c in fresh] == [303, 303, 303, 429]
    assert rows(app) == 3
    assert post(fresh[0]).status_code == 303  # a reader who has a row is not a new one
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "192.0.2.7"  # another address is counted apart
    assert post(other).status_code == 303

    app = limited(app, new_readers_per_address="100 per day", new_readers_per_place="2 per day")
    clients = [app.test_client() for _ in range(3)]
    for number, client in enumerate(clients):
        client.environ_base["REMOTE_ADDR"] = f"198.51.100.{number}"
    assert [post(c).status_code for c in clients] == [303, 303, 429]


def test_the_script_embed_gets_429_as_json_it_can_read(seeded_app):
    app = limited(seeded_app, writes_per_place="2 per day")
    with app.test_request_context():
        add_portal(PORTAL, "Portal")
    client = app.test_client()
    token = client.get("/embed/toolbar", headers={"Origin": PORTAL}).json["token"]
    headers = {"Origin": PORTAL, "X-Reader-Token": token, "Accept-Language": "en"}
    answers = [
        client.post("/embed/text-size", json={"action": "increase"}, headers=headers)
        for _ in range(3)
    ]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[2].headers["Access-Control-Allow-Origin"] == PORTAL  # embed.js announces it
    assert "Too many changes" in answers[2].json["error"] and answers[2].headers["Retry-After"]


def test_the_limits_count_nothing_when_turned_off(seeded_app):
    app = limited(seeded_app, enabled=False, writes_per_address="1 per day")
    client = app.test_client()
    assert [post(client).status_code for _ in range(3)] == [303] * 3


def test_a_new_reader_needs_a_recent_token_from_a_page_we_served(seeded_app):
    client = seeded_app.test_client()
    page = client.get(ARTICLE).text
    token = re.search(r'name="reader_new" value="([^"]+)"', page).group(1)
    for stale in ("", "garbage", token[:-2] + "xx"):
        refused = post(client, reader_new=stale, headers={"Accept-Language": "en"})
        assert refused.status_code == 400 and "out of date" in refused.text
    with seeded_app.app_context():
        two_days_ago = tokens.new_reader_token(now=utcnow().timestamp() - 2 * 24 * 3600)
    assert post(client, reader_new=two_days_ago).status_code == 400
    assert rows(seeded_app) == 0
    assert post(client, reader_new=token).status_code == 303 and rows(seeded_app) == 1
    # A reader who has a row needs no token: a tab left open for days still works.
    assert post(client, reader_new="").status_code == 303
    # After a reset the next change is a new reader again: htmx's new form carries the token.
    fragment = post(client, "reset", headers={"HX-Request": "true"}, reader_new="").text
    fresh = re.search(r'name="reader_new" value="([^"]+)"', fragment).group(1)
    assert post(client, headers={"HX-Request": "true"}, reader_new=fresh).status_code == 200


def test_the_token_is_the_same_for_everyone_so_pages_stay_byte_identical(seeded_app, monkeypatch):
    one, two = seeded_app.test_client(), seeded_app.test_client()
    first, second = one.get(ARTICLE), two.get(ARTICLE)
    assert first.data == second.data and first.headers["ETag"] == second.headers["ETag"]
    assert 'name="reader_new"' in first.text and first.cache_control.public
    later = tokens.time.time() + tokens.NEW_READER_WINDOW
    monkeypatch.setattr(tokens.time, "time", lambda: later)
    next_hour = one.get(ARTICLE)  # a new hour: a new token, so new bytes and a new ETag
    assert next_hour.headers["ETag"] != first.headers["ETag"]


def test_prune_deletes_rows_unused_for_the_ttl_and_says_how_many(app, runner):
    now = utcnow()
    with app.app_context():
        for name, updated, used in (
            ("old", now - timedelta(days=401), None),
            ("old-but-read", now - timedelta(days=500), now - timedelta(days=3)),
            ("recent", now - timedelta(days=10), None),
            ("read-long-ago", now - timedelta(days=800), now - timedelta(days=450)),
        ):
            session().add(
                ReaderPreference(
                    reader_id=name.ljust(43, "x"), font_scale=120, updated_at=updated,
                    last_used_at=used,
                )
            )  # fmt: skip
        session().commit()
    result = runner.invoke(args=["prune"])
    assert result.exit_code == 0 and "Deleted 2 reader preference row(s)" in result.output
    with app.app_context():
        left = {r.reader_id.rstrip("x") for r in session().scalars(select(ReaderPreference))}
    assert left == {"old-but-read", "recent"}
    app.config["READER_PREFERENCE_TTL_DAYS"] = "soon"
    assert runner.invoke(args=["prune"]).exit_code != 0


def test_last_use_is_written_at_most_once_a_day(app):
    """Reading a reader's preferences records the day, not every read: one UPDATE a day."""
    with app.test_request_context():
        add_portal(PORTAL, "Portal")
        reader_id = new_reader_id()
        session().add(
            ReaderPreference(
                reader_id=reader_id, font_scale=120, updated_at=utcnow() - timedelta(days=3)
            )
        )
        session().commit()
        signed = tokens.sign_reader_id(reader_id, PORTAL)
        engine = app.extensions["reader"].db.engine
    updates = []
    event.listen(
        engine,
        "before_cursor_execute",
        lambda *a: updates.append(a[2]) if a[2].lstrip().upper().startswith("UPDATE") else None,
    )
    client = app.test_client()
    for _ in range(3):
        answer = client.get("/embed/toolbar", headers={"Origin": PORTAL, "X-Reader-Id": signed})
        assert answer.json["scale"] == 120
    assert len(updates) == 1
    with app.app_context():
        assert session().get(ReaderPreference, reader_id).last_used_at is not None


def test_our_limits_leave_a_hosts_own_flask_limiter_alone(host_app):
    """A portal with its own Flask-Limiter: its limits, settings and exemptions stay its own."""
    host_app.config.update(
        RATELIMIT_DEFAULT="1000 per day", READER_RATELIMIT_WRITES_PER_ADDRESS="3 per day"
    )
    host_limiter = Limiter(get_remote_address, app=host_app, storage_uri="memory://")

    @host_app.get("/ping")
    @host_limiter.limit("4 per day")
    def ping():
        return "pong"

    before = {k: v for k, v in host_app.config.items() if k.startswith("RATELIMIT")}
    reader = Reader(host_app, db=host_app.extensions["test_host_db"])
    with host_app.app_context():
        reader.create_all()
        import_file(Path(SEED))
    assert host_app.extensions["limiter"] == {host_limiter}  # no second Limiter on the app
    assert {k: v for k, v in host_app.config.items() if k.startswith("RATELIMIT")} == before
    client = host_app.test_client()
    assert [client.get("/ping").status_code for _ in range(5)] == [200] * 4 + [429]
    token = re.search(r'name="reader_new" value="([^"]+)"', client.get(ARTICLE).text).group(1)
    writes = [post(client, reader_new=token).status_code for _ in range(4)]
    assert writes == [303, 303, 303, 429]  # ours: its own setting, its own counts


def test_counting_in_memory_starts_at_most_one_sweeping_thread_a_second(monkeypatch):
    """limits' MemoryStorage would start a timer thread per count once the last had run."""
    import threading

    from limits import parse, strategies

    from reader.abuse import limits_storage

    started = []
    start = threading.Timer.start
    monkeypatch.setattr(threading.Timer, "start", lambda timer: started.append(start(timer)))
    store = limits_storage("memory://")
    limiter = strategies.SlidingWindowCounterRateLimiter(store)
    item = parse("1000 per minute")
    for n in range(200):
        assert limiter.hit(item, "reader", "test", str(n % 7))
        threading.Event().wait(0.0005)  # longer than no time: the last timer may have run
    assert len(started) <= 3  # the constructor's, and one a second at most (a loaded CI)
    assert limiter.test(item, "reader", "test", "1")  # and it still counts
