"""The preference model: size steps, the signed anonymous id, storing and the database down."""

import base64

import pytest
from sqlalchemy import func, select, text

from reader.choices import CHOICES, CHOICES_BY_NAME
from reader.db import session
from reader.models import ReaderPreference
from reader.preferences import (
    ACTIONS,
    Preferences,
    PreferencesUnavailable,
    current_preferences,
    load_preferences,
    new_reader_id,
    store_preferences,
)
from reader.scale import DEFAULT_SCALE, SCALE_STEPS
from reader.tokens import READER_ID_SALT, _serializer, reader_id_from, sign_reader_id
from tests.conftest import take_the_database_down


def test_steps_run_from_75_to_300_percent_in_at_least_ten_rising_steps():
    assert SCALE_STEPS[0] == 75 and SCALE_STEPS[-1] == 300 and DEFAULT_SCALE in SCALE_STEPS
    assert len(SCALE_STEPS) >= 10
    assert list(SCALE_STEPS) == sorted(set(SCALE_STEPS))


def test_each_action_moves_one_step_and_stops_at_the_ends():
    walked = [Preferences()]
    while walked[-1].can_increase:
        walked.append(walked[-1].after("increase"))
    up = [p.font_scale for p in walked]
    assert up == list(SCALE_STEPS[SCALE_STEPS.index(DEFAULT_SCALE) :])
    assert walked[-1].after("increase").font_scale == 300
    assert Preferences(75).after("decrease").font_scale == 75
    assert not Preferences(75).can_decrease and Preferences(75).can_increase
    assert Preferences(100).after("decrease").font_scale == 85
    assert Preferences(250).after("reset") == Preferences() and Preferences().is_default


def test_new_reader_ids_hold_at_least_128_random_bits():
    ids = {new_reader_id() for _ in range(50)}
    assert len(ids) == 50
    for reader_id in ids:
        raw = base64.urlsafe_b64decode(reader_id + "=" * (-len(reader_id) % 4))
        assert len(raw) * 8 >= 128


def test_a_signed_id_reads_back_and_anything_else_reads_as_no_reader(app):
    with app.test_request_context():
        reader_id = new_reader_id()
        signed = sign_reader_id(reader_id)
        assert signed != reader_id and reader_id_from(signed) == reader_id
        tampered = signed[:-2] + ("AA" if not signed.endswith("AA") else "BB")
        for value in (
            None,
            "",
            "garbage",
            reader_id,
            tampered,
            signed + "x",
            sign_reader_id("short"),
            _serializer(READER_ID_SALT).dumps(12345),
        ):
            assert reader_id_from(value) is None, value
    with app.test_request_context():
        app.secret_key = "another-secret"  # signed by another key: not ours
        assert reader_id_from(signed) is None


def test_tokens_are_itsdangerous_own_bytes_and_old_ones_still_load(app):
    """Our serializers skip itsdangerous' zlib attempt (reader/tokens.py): for what we sign the
    tokens are byte for byte itsdangerous' own, so ids and embed tokens issued before still
    load, and a compressed token (which itsdangerous makes of a repetitive value) loads too."""
    from itsdangerous import URLSafeSerializer, URLSafeTimedSerializer

    from reader.tokens import EMBED_TOKEN_SALT, _timed

    with app.test_request_context():
        theirs = URLSafeSerializer(app.secret_key, salt=READER_ID_SALT)
        for _ in range(200):
            reader_id = new_reader_id()
            signed = sign_reader_id(reader_id)
            assert signed == theirs.dumps([reader_id, "site"])
            assert theirs.loads(signed) == [reader_id, "site"]
        compressed = theirs.dumps(["a" * 43, "site"])
        assert compressed.startswith(".")  # itsdangerous' mark of a compressed payload
        assert reader_id_from(compressed) == "a" * 43
        timed = URLSafeTimedSerializer(app.secret_key, salt=EMBED_TOKEN_SALT)
        origin = "https://portal.example"
        assert timed.loads(_timed(EMBED_TOKEN_SALT).dumps(origin)) == origin
        assert _timed(EMBED_TOKEN_SALT).loads(timed.dumps(origin)) == origin


def count_rows() -> int:
    return session().scalar(select(func.count()).select_from(ReaderPreference))


def test_storing_creates_updates_and_deletes_at_the_default(app):
    with app.test_request_context():
        reader_id = new_reader_id()
        assert load_preferences(reader_id) == Preferences()
        store_preferences(reader_id, Preferences(120))
        assert load_preferences(reader_id).font_scale == 120 and count_rows() == 1
        store_preferences(reader_id, Preferences(300))
        assert load_preferences(reader_id).font_scale == 300 and count_rows() == 1
        store_preferences(reader_id, Preferences())
        assert count_rows() == 0 and load_preferences(reader_id) == Preferences()
        assert load_preferences(None) == Preferences()


def test_a_stored_size_that_is_no_longer_a_step_reads_as_the_default(app):
    with app.test_request_context():
        session().add(ReaderPreference(reader_id="r" * 43, font_scale=137))
        session().commit()
        assert load_preferences("r" * 43) == Preferences()


@pytest.fixture
def database_down(app, monkeypatch):
    """The preferences' queries fail as they do when the database server is unreachable."""
    take_the_database_down(monkeypatch)


def test_the_database_down_raises_preferences_unavailable(app, database_down):
    with app.test_request_context():
        with pytest.raises(PreferencesUnavailable):
            load_preferences(new_reader_id())
        with pytest.raises(PreferencesUnavailable):
            store_preferences(new_reader_id(), Preferences(120))


def test_a_page_falls_back_to_the_default_when_the_table_is_gone(app):
    with app.test_request_context():
        store_preferences("x" * 43, Preferences(150))
        session().execute(text("DROP TABLE reader_preference"))
        session().commit()
    with app.test_request_context(headers={"Cookie": f"reader_id={_signed(app, 'x' * 43)}"}):
        assert current_preferences() == Preferences()


def _signed(app, reader_id):
    with app.test_request_context():
        return sign_reader_id(reader_id)


def test_apply_action_says_what_happened(app, monkeypatch):
    from reader.preferences import Outcome, apply_action

    with app.test_request_context():
        first = apply_action(None, "increase")
        assert first.outcome is Outcome.CHANGED and first.prefs == Preferences(110)
        assert first.reader_id and load_preferences(first.reader_id) == Preferences(110)
        again = apply_action(first.reader_id, "increase")
        assert again.reader_id == first.reader_id and again.prefs == Preferences(120)
        unknown = apply_action(first.reader_id, "bigger")
        assert unknown.outcome is Outcome.UNKNOWN_ACTION
        assert load_preferences(first.reader_id) == Preferences(120)  # nothing changed
        assert apply_action(None, None).outcome is Outcome.UNKNOWN_ACTION
        reset = apply_action(first.reader_id, "reset")
        assert reset.outcome is Outcome.CHANGED and reset.reader_id is None
        assert count_rows() == 0
        take_the_database_down(monkeypatch)
        down = apply_action(first.reader_id, "increase")
        assert down.outcome is Outcome.UNAVAILABLE and down.reader_id == first.reader_id


def test_every_choice_has_at_least_two_values_and_line_spacing_reaches_two():
    names = [choice.name for choice in CHOICES]
    assert names == ["line_height", "spacing", "width", "theme", "font", "speech_rate"]
    for choice in CHOICES:
        assert choice.default in choice.codes and len(choice.codes) >= 2
        assert len(choice.key) == 1
    line_height = CHOICES_BY_NAME["line_height"]
    assert len(line_height.codes) >= 3 and max(int(c) for c in line_height.codes) == 20
    assert set(CHOICES_BY_NAME["theme"].codes) == {"a", "l", "s", "d", "c"}
    assert CHOICES_BY_NAME["theme"].default == "a"  # follows prefers-color-scheme


def test_the_variant_names_every_choice_compactly_in_one_way():
    assert Preferences().variant == "s100" and Preferences(120).variant == "s120"
    chosen = Preferences(150, line_height="20", spacing="w", width="n", theme="d", font="l")
    everything = Preferences(300, "20", "w", "w", "c", "l", "150")
    assert chosen.variant == "s150-l20-pw-wn-td-fl"
    assert everything.variant == "s300-l20-pw-ww-tc-fl-r150" and len(everything.variant) <= 40
    for prefs in (Preferences(), Preferences(75), chosen, everything, Preferences(theme="s")):
        assert Preferences.from_variant(prefs.variant) == prefs
    # Only the one spelling: no defaults written out, no other order, nothing unknown.
    for value in (
        "s150-l17",  # a default written out
        "s150-td-l20",  # another order
        "s150-tx",  # an unknown theme
        "s137",  # not a step
        "s100-td-td",
        "s100-td-",
        "s0100",
        "l20",
        "s100-TD",
        "s100-td\n",
        "x" * 41,
        "",
        None,
    ):
        assert Preferences.from_variant(value) is None, value


def test_actions_set_each_choice_reset_the_size_alone_or_everything():
    prefs = Preferences(150).after("theme:d").after("line_height:20").after("font:l")
    assert prefs == Preferences(150, line_height="20", theme="d", font="l")
    assert prefs.after("reset") == Preferences(100, line_height="20", theme="d", font="l")
    assert prefs.after("reset-all") == Preferences()
    assert set(ACTIONS) >= {"increase", "decrease", "reset", "reset-all", "theme:c", "font:l"}
    assert "theme:x" not in ACTIONS and "speech_rate:125" in ACTIONS


def test_choices_are_stored_with_the_size_and_reset_all_deletes_the_row(app):
    from reader.preferences import Outcome, apply_action

    with app.test_request_context():
        change = apply_action(None, "theme:d")
        assert change.outcome is Outcome.CHANGED and change.reader_id and count_rows() == 1
        apply_action(change.reader_id, "increase")
        apply_action(change.reader_id, "speech_rate:125")
        assert load_preferences(change.reader_id) == Preferences(110, theme="d", speech_rate="125")
        row = session().get(ReaderPreference, change.reader_id)
        assert (row.font_scale, row.choices) == (110, "td-r125")
        # The default size keeps the other choices, and their row.
        assert apply_action(change.reader_id, "reset").prefs == Preferences(
            theme="d", speech_rate="125"
        )
        assert count_rows() == 1
        done = apply_action(change.reader_id, "reset-all")
        assert done.prefs == Preferences() and done.reader_id is None and count_rows() == 0


def test_stored_choices_no_longer_offered_read_as_their_defaults(app):
    with app.test_request_context():
        session().add(ReaderPreference(reader_id="q" * 43, font_scale=120, choices="tz-fl"))
        session().commit()
        assert load_preferences("q" * 43) == Preferences(120)
