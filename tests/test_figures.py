"""One rounding rule for every printed number: 7.55 reads 7.6 in a table, a flag's detail,
a report and the JSON, however each was computed."""

from __future__ import annotations

import random

import polars as pl

from floorwatch.coaching.output import Report, render_markdown
from floorwatch.engine.checks import one_decimal
from floorwatch.figures import figure, rounded
from floorwatch.output.json_form import rounded as json_rounded
from floorwatch.widgets.cells import minutes_diff, number, ranged


def test_half_away_from_zero_on_the_decimal_value() -> None:
    assert [figure(x) for x in (7.55, 7.45, 0.05, 0.25, -7.55)] == [
        "7.6",
        "7.5",
        "0.1",
        "0.3",
        "-7.6",
    ]
    assert figure(None) == "—" and figure(2.5, 0) == "3" and figure(1.005, 2) == "1.01"
    assert figure(-0.04, signed=True) == "+0.0" and figure(-0.04) == "0.0"


def test_the_engine_and_the_screens_round_alike() -> None:
    rng = random.Random(7)
    values = [i / 100 for i in range(-500, 5000)] + [rng.uniform(0, 100) for _ in range(5000)]
    values += [a / b for a in range(1, 200) for b in (3, 6, 7, 12, 60)]
    frame = pl.DataFrame({"v": values}).select(one_decimal("v").cast(pl.String).alias("s"))
    engine = [float(s) for s in frame["s"]]
    assert engine == [rounded(v, 1) for v in values]


def test_a_report_table_a_cell_and_the_json_say_the_same_for_7_55() -> None:
    md = render_markdown(
        Report("t", (), (("KPIs", pl.DataFrame({"kpi": ["Interview"], "v": [7.55]})),))
    )
    assert "| Interview | 7.6 |" in md
    assert number(7.55) == "7.6" and ranged(7.55, 0, 100).plain.strip() == "7.6"
    assert minutes_diff(25.55, 18.0, 5).plain.startswith("+7.6")
    assert json_rounded(5.725) == 5.73
