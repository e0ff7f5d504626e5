"""The history read by an analyst's engine: DuckDB runs the README's query on the Hive
partitions and gets the cases and completed per team of `floorwatch check --period month`.

The store holds two refreshes a day (the afternoon's cumulative pull repeats the
morning's rows, and finishes transactions in progress at noon) and the roster moves a
caseworker to another team than the exports name, so the query must de-duplicate and
place people as documented, not merely sum.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path

import duckdb
import pytest

from floorwatch import cli
from floorwatch.ingest import LoadedExport, load_export_bytes
from floorwatch.settings import load_config
from floorwatch.simulate import FloorSpec, write_config
from floorwatch.simulate.files import END_OF_DAY, day_exports
from floorwatch.store import HistoryStore

README = Path(__file__).parent.parent / "README.md"
SPEC = FloorSpec(seed=11, teams=2, size=6)
DAYS = [d for d in (date(2026, 11, 2) + timedelta(days=i) for i in range(19)) if d.weekday() < 5]
AS_OF = datetime.combine(DAYS[-1], END_OF_DAY)
MOVED_TO = "Annex"


def _documented_query() -> str:
    """The SQL of the README's "The history for analysts"."""
    section = README.read_text(encoding="utf-8").split("### The history for analysts", 1)[1]
    found = re.search(r"```sql\n(.*?)```", section, re.DOTALL)
    assert found, "the README lost its analyst query"
    return found[1]


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """(config folder, data folder, the caseworker the roster moves)."""
    root = tmp_path_factory.mktemp("month")
    config_dir = write_config(root, SPEC, today=DAYS[-1])
    config = load_config(config_dir)
    data = root / "history"
    store = HistoryStore(data)
    store.open_for_writing()
    for day in DAYS:
        for until in (time(12, 0), END_OF_DAY):
            exported = datetime.combine(day, until)
            for name, payload in day_exports(SPEC, day, until).items():
                loaded = load_export_bytes(name, payload, config.columns, exported)
                assert isinstance(loaded, LoadedExport)
                store.add_export(loaded)
    # The roster moves one caseworker to a team no export names.
    roster = config_dir / "roster.csv"
    rows = list(csv.DictReader(io.StringIO(roster.read_text(encoding="utf-8"))))
    moved = rows[0]["Worker ID"]
    rows[0]["Team"] = MOVED_TO
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    roster.write_text(out.getvalue(), encoding="utf-8")
    return config_dir, data, moved


def _check_teams(config_dir: Path, data: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    args = ["check", "--config", str(config_dir), "--data", str(data), "--period", "month"]
    args += ["--at", AS_OF.strftime("%Y-%m-%d %H:%M"), "--no-record", "--format", "json"]
    cli.main(args)
    result = json.loads(capsys.readouterr().out)
    return {
        t["team"]: (t["metrics"]["cases_worked"], t["metrics"]["completed"])
        for t in result["teams"]
        if t["metrics"]["cases_worked"]
    }


def test_duckdb_reads_the_partitions_and_counts_what_check_counts(
    month: tuple[Path, Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    config_dir, data, _ = month
    query = (
        _documented_query()
        .replace("C:/floorwatch/data", data.as_posix())
        .replace("C:/floorwatch/config", config_dir.as_posix())
        .replace("2026-11-20 16:30:00", AS_OF.isoformat(sep=" "))
    )
    got = {team: (cases, done) for team, cases, done in duckdb.sql(query).fetchall()}
    want = _check_teams(config_dir, data, capsys)
    assert got == want
    assert MOVED_TO in got and len(got) == 3


def test_the_store_is_one_that_proves_the_rules(month: tuple[Path, Path, str]) -> None:
    """What makes the query above more than a sum: duplicate rows across exports, rows
    whose newest version differs, and a roster team unlike the exports'."""
    _, data, moved = month
    actions = f"read_parquet('{data.as_posix()}/exports/kind=actions/**/*.parquet', "
    actions += "hive_partitioning = true)"
    every, distinct, changed = duckdb.sql(
        f"""
        SELECT count(*), count(DISTINCT (worker_id, task_id, start)),
               count(DISTINCT (worker_id, task_id, start, "end"))
        FROM {actions}
        """
    ).fetchall()[0]
    assert every > 1.5 * distinct  # the morning's rows again in the afternoon's pull
    assert changed > distinct  # in progress at noon, finished by the afternoon
    kinds = {k for (k,) in duckdb.sql(
        f"SELECT DISTINCT kind FROM read_parquet('{data.as_posix()}/exports/**/*.parquet', "
        "hive_partitioning = true, union_by_name = true)"
    ).fetchall()}  # fmt: skip
    assert kinds == {"actions", "dashboard", "paused"}
    (team,) = duckdb.sql(
        f"SELECT DISTINCT team FROM {actions} WHERE worker_id = '{moved}'"
    ).fetchall()[0]
    assert team != MOVED_TO
