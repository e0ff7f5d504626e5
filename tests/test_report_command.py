"""`floorwatch report coaching` and `floorwatch report worker`, end to end on real files."""

from __future__ import annotations

import csv
import io
import json
import stat
from dataclasses import replace
from datetime import datetime, time
from pathlib import Path
from types import MappingProxyType

import polars as pl
import pytest
from app_helpers import DAY, make_floor

from floorwatch import cli
from floorwatch.coaching.assessment import Mark
from floorwatch.coaching.config import DEFAULT_ATTRIBUTES
from floorwatch.coaching.desk import CoachingDesk
from floorwatch.coaching.output import Report, render_markdown
from floorwatch.coaching.summary import kpi_frame
from floorwatch.engine.result import Flag, Metrics, WorkerResult
from floorwatch.settings import QSA, Settings

KEYS = [a.key for a in DEFAULT_ATTRIBUTES]


def _record(desk: CoachingDesk, task: str, worker: str, team: str, fail: str | None) -> None:
    marks = {k: Mark("pass") for k in KEYS}
    if fail:
        marks[fail] = Mark("fail", "Other", "see the case notes")
    txn = {"task_id": task, "worker_id": worker, "worker_name": None, "team": team}
    desk.record_assessment("S1", txn | {"task_type": "Renewal"}, marks)


@pytest.fixture
def floor(workdir: Path):
    source = make_floor(workdir)
    return source.config.folder, source.data_dir


def test_coaching_report_csv_md_and_xlsx_give_the_same_numbers(
    floor, workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, data = floor
    at = iter([datetime(2026, 11, d, 10) for d in (2, 3, 4, 20)])
    desk = CoachingDesk(data, config, by="tl", clock=lambda: next(at))
    _record(desk, "T1", "W1", "North", None)
    _record(desk, "T2", "W1", "North", "notices")
    _record(desk, "T3", "W2", "South", None)
    _record(desk, "T4", "W2", "South", "security")  # 20 Nov: outside --to
    base = ["report", "coaching", "--config", str(config), "--data", str(data)]
    span = ["--from", "2026-11-01", "--to", "2026-11-10"]

    assert cli.main([*base, *span, "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    by_worker = {r["group"]: r for r in rows if r["section"] == "By caseworker"}
    assert {k: (v["checks"], v["passed"], v["pass_rate_pct"]) for k, v in by_worker.items()} == {
        "W1": ("2", "1", "50.0"),
        "W2": ("1", "1", "100.0"),
    }
    notices = next(r for r in rows if r["section"] == "By attribute" and r["group"] == "Notices")
    assert (notices["checks"], notices["failed"], notices["pass_rate_pct"]) == ("3", "1", "66.7")

    assert cli.main([*base, *span, "--team", "North"]) == 0
    md = capsys.readouterr().out
    assert "Checks recorded from 2026-11-01 to 2026-11-10, team North: 2, passed 1 (50.0 %)" in md
    # Markdown prints a whole number without decimals (counts travel as floats).
    assert "| W1 | 2 | 1 | 1 | 50 |" in md and "W2" not in md

    target = workdir / "out" / "coaching.xlsx"
    assert cli.main([*base, "--format", "xlsx", "--output", str(target)]) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    sheet = pl.read_excel(target, sheet_name="By caseworker")
    assert sheet.rows() == [("W1", 2, 1, 1, 50.0), ("W2", 2, 1, 1, 50.0)]  # no range: all four
    assert cli.main([*base, "--format", "xlsx"]) == 2
    assert "needs --output" in capsys.readouterr().err


def test_worker_summary_uses_the_check_engine_numbers(
    floor, workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, data = floor
    drop = workdir
    folders = ["--config", str(config), "--data", str(data), "--drop", str(drop)]
    assert cli.main(["check", *folders, "--period", "week", "--format", "json"]) in (0, 1)
    checked = json.loads(capsys.readouterr().out)
    flagged = next(w for w in checked["workers"] if w["flags"])
    worker_id = flagged["worker_id"]
    desk = CoachingDesk(data, config, by="tl", clock=lambda: datetime.combine(DAY, time(11, 5)))
    desk.record_followup(worker_id, [(flagged["flags"][0]["check"], "")], "PIP", "agreed plan")

    target = workdir / "summary.xlsx"
    args = ["report", "worker", worker_id, *folders, "--period", "week"]
    assert cli.main([*args, "--format", "xlsx", "-o", str(target)]) == 0
    capsys.readouterr()
    kpis = pl.read_excel(target, sheet_name="KPIs against the QSA")
    value = dict(zip(kpis["kpi"], kpis["value"], strict=True))
    metrics = flagged["metrics"]
    assert round(value["Utilization %"], 2) == metrics["utilization_pct"]
    assert round(value["Logged-in % of scheduled"], 2) == metrics["logged_in_pct"]
    assert value["Cases worked"] == metrics["cases_worked"]
    flags = pl.read_excel(target, sheet_name="Flags")
    assert flags.height == len(flagged["flags"])

    assert cli.main(args) == 0
    md = capsys.readouterr().out
    assert f"({worker_id})" in md and "## Follow-ups" in md and "agreed plan" in md
    # A period runs from its first day to the as-of day (the engine's Period).
    assert "Period: week 2026-11-23 to 2026-11-23, data as of 2026-11-23 11:00" in md

    assert cli.main(["report", "worker", "W9999", *folders]) == 2
    assert capsys.readouterr().err.strip() == "floorwatch: no caseworker 'W9999' in the data"


def test_a_bad_coaching_toml_is_one_line_naming_file_line_and_key(
    floor, capsys: pytest.CaptureFixture[str]
) -> None:
    config, data = floor
    (config / "coaching.toml").write_text("sample_size = 5\ncorrection_days = -1\n")
    assert cli.main(["report", "coaching", "--config", str(config), "--data", str(data)]) == 2
    err = capsys.readouterr().err
    reason = "must be a whole number of 1 or more, not -1"
    assert err == f"floorwatch: {config / 'coaching.toml'}:2: correction_days: {reason}\n"


def test_worker_summary_judges_by_the_qsa_of_the_periods_quarter(
    floor, workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A quarter imported for 2026Q4 sets utilization to 60: the summary's expectation is
    the quarter's, as the check's flags are, not qsa.toml's flat 75."""
    config, data = floor
    qsa = config / "qsa.toml"
    qsa.write_text(qsa.read_text() + "\n[quarters.2026Q4]\nutilization_pct = 60.0\n")
    folders = ["--config", str(config), "--data", str(data), "--drop", str(workdir)]
    assert cli.main(["check", *folders, "--format", "json", "--no-record"]) in (0, 1)
    worker_id = json.loads(capsys.readouterr().out)["workers"][0]["worker_id"]
    assert cli.main(["report", "worker", worker_id, *folders, "--period", "week"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "Utilization %" in x)
    assert "60 ± 5" in line


def _worker(metrics: Metrics, *flags: Flag) -> WorkerResult:
    return WorkerResult("W1", "Ana Diaz", "North", None, None, None, metrics, flags)


def _flag(check: str, subject: str | None = None) -> Flag:
    return Flag(check, 1.0, 2.0, "one-time", "", subject)


def _in_range(frame: pl.DataFrame) -> dict[str, str]:
    return dict(zip(frame["kpi"], frame["in range"], strict=True))


def test_worker_summary_in_range_is_the_engines_verdict() -> None:
    """Flagged is "no" (with the queues of a completion flag); a KPI below its check's
    minimum is "not judged", not "no", even outside the band: the check raised nothing."""
    metrics = Metrics(
        logged_in_minutes=45.0,  # under min_judged_minutes: utilization is not judged
        utilization_pct=40.0,
        scheduled_minutes=480.0,
        logged_in_pct=60.0,
        cases_worked=12,
        completed=12,
        completion_rate_pct=100.0,
        get_next_rate_pct=90.0,
        txn_minutes_by_task_type=MappingProxyType({"Renewal": 40.0, "Change": 9.0}),
        txn_count_by_task_type=MappingProxyType({"Renewal": 5, "Change": 2}),
    )
    worker = _worker(
        metrics,
        _flag("LOW_LOGGED_IN"),
        _flag("HIGH_COMPLETION", "Renewals"),
        _flag("LONG_TXN", "Renewal"),
    )
    settings = Settings(qsa=QSA(task_types=MappingProxyType({"Renewal": 18.0, "Change": 9.0})))
    verdicts = _in_range(kpi_frame(worker, settings))
    assert verdicts["Utilization %"] == "not judged"
    assert verdicts["Logged-in % of scheduled"] == "no"
    assert verdicts["Completion %"] == "no (Renewals)"
    assert verdicts["Get Next %"] == "yes"
    assert verdicts["Transaction minutes: Renewal"] == "no"
    assert verdicts["Transaction minutes: Change"] == "not judged"  # 2 < min_txn_count
    counts = MappingProxyType({"Renewal": 3, "Change": 3})
    few = replace(metrics, cases_worked=3, completed=3, txn_count_by_task_type=counts)
    verdicts = _in_range(kpi_frame(_worker(few), settings))
    assert verdicts["Get Next %"] == "not judged"
    assert verdicts["Transaction minutes: Change"] == "yes"


def test_worker_summary_markdown_prints_counts_as_whole_numbers() -> None:
    metrics = Metrics(cases_worked=23, completed=20, completion_rate_pct=86.95652)
    report = Report("t", (), (("KPIs", kpi_frame(_worker(metrics), Settings())),))
    text = render_markdown(report)
    assert "| Cases worked | 23 |" in text
    assert "| Completion % | 87.0 |" in text
