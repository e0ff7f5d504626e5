"""A first month check (nothing stored) summarises each finished day once (issue 16).

The trend window's past days are each judged by a month check of their own; before, each
of those checks summarised every finished day of the month again from the drop folder's
rows (five times for a 5-day window). The days summarised are counted by wrapping the
real `summarise` (it still runs). That the numbers do not change is what the summaries
and trend tests assert (`test_store_summaries.py`, `test_trend_backfill.py`).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

import floorwatch.service.summaries as service
from floorwatch.service import CheckRequest, run_check
from floorwatch.settings import load_config
from floorwatch.simulate import FloorSpec, write_config
from floorwatch.simulate.files import END_OF_DAY, write_month

SPEC = FloorSpec(seed=3, teams=2, size=5)
DAYS = [date(2026, 11, 2) + timedelta(days=i) for i in range(12) if (i % 7) < 5]


def test_a_first_month_check_summarises_each_day_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(write_config(tmp_path, SPEC, today=DAYS[-1]))
    drop = tmp_path / "drop"
    write_month(drop, SPEC, DAYS)
    request = CheckRequest(
        config,
        drop,
        tmp_path / "data",
        at=datetime.combine(DAYS[-1], END_OF_DAY),
        period="month",
        store_exports=False,
        record_run=False,
        keep_summaries=False,
    )
    real = service.summarise
    days: Counter[date] = Counter()

    def counting(rows: list[pl.LazyFrame]) -> list:
        for frame in rows:
            days.update(frame.select(pl.col("start").dt.date().unique()).collect()["start"])
        return real(rows)

    monkeypatch.setattr(service, "summarise", counting)
    run_check(request)
    # Every finished day of the month was summarised once, though five checks (the run
    # and its trend window's four past days, judged afresh) read it.
    assert set(days) == set(DAYS[:-1])
    assert max(days.values()) == 1
