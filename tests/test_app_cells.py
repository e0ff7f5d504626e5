"""Table cells carry a marker or word with every colour (monochrome, colour-blind users)."""

from __future__ import annotations

from datetime import date, datetime

from floorwatch.engine.result import Flag
from floorwatch.settings import Settings
from floorwatch.widgets.as_of_bar import is_stale
from floorwatch.widgets.cells import age_words, flag_marker, flag_words, minutes_diff, ranged
from floorwatch.widgets.explain import flag_sentence

TREND = Flag("LONG_TXN", 30.0, 18.0, "trend", "Renewal mean 30.0 min", "Renewal")
ONCE = Flag("IDLE_NOW", 22.0, 15.0, "one-time", "Idle for 22.0 min")


def test_values_outside_their_range_are_marked_not_only_coloured() -> None:
    assert ranged(81.0, 70.0, 80.0).plain == "81.0 ▲"
    assert ranged(69.9, 70.0, 80.0).plain == "69.9 ▼"
    assert ranged(80.0, 70.0, 80.0).plain == "80.0  "  # the edge is inside
    assert ranged(None, 70.0, 80.0).plain == "—"
    assert ranged(50.0, None, None).plain == "50.0  "


def test_minutes_against_qsa_are_signed_and_marked_beyond_the_tolerance() -> None:
    assert minutes_diff(24.0, 18.0, 5.0).plain == "+6.0 ▲"
    assert minutes_diff(12.0, 18.0, 5.0).plain == "-6.0 ▼"
    assert minutes_diff(23.0, 18.0, 5.0).plain == "+5.0  "
    assert minutes_diff(None, 18.0, 5.0).plain == "—"


def test_flags_say_trend_or_once_in_words() -> None:
    assert flag_words([TREND, ONCE]).plain == "slow txns Renewal (trend), idle now (once)"
    assert flag_marker([ONCE]).plain == "!"
    assert flag_marker([ONCE, TREND]).plain == "!!"
    assert flag_marker([]).plain == ""


def test_a_flag_sentence_has_value_expectation_tolerance_and_trend_days() -> None:
    days = (date(2026, 11, 19), date(2026, 11, 20), date(2026, 11, 23))
    flag = Flag("LONG_TXN", 30.0, 18.0, "trend", "Renewal mean 30.0 min", "Renewal", days)
    sentence = flag_sentence(flag, Settings())
    assert sentence.startswith("Transactions too long (Renewal): Renewal mean 30.0 min.")
    assert "Value 30.0 min, expected 18.0 min, tolerance ±5 min." in sentence
    assert "TREND: raised on 3 of the last 5 days (Thu 19 Nov, Fri 20 Nov, Mon 23 Nov)." in sentence


def test_stale_means_older_than_the_limit() -> None:
    as_of = datetime(2026, 11, 23, 11, 0)
    assert not is_stale(as_of, datetime(2026, 11, 23, 11, 20), 20)
    assert is_stale(as_of, datetime(2026, 11, 23, 11, 20, 1), 20)


def test_ages_read_naturally() -> None:
    assert [age_words(m) for m in (0.5, 7.9, 125, 3 * 1440 + 250)] == [
        "just now",
        "7 min",
        "2 h 05 min",
        "3 d 4 h",
    ]
