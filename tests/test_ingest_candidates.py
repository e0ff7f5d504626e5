"""Which files in the drop folder are candidates (`spec/exports.md`, "Recognising a file")."""

from __future__ import annotations

from pathlib import Path

import pytest

from floorwatch.ingest import drop_candidates, is_candidate


def test_only_export_extensions_directly_in_the_folder_sorted_by_name(tmp_path: Path) -> None:
    for name in [
        "b_dashboard.CSV",
        "a_actions.xlsx",
        "c_paused.Xlsx",
        "notes.txt",
        "old.xls",
        "f.tsv",
        "g.xlsm",
        "h.xlsb",
        "i.ods",
        "report.csv.bak",
        "report.docx",
        "~$a_actions.xlsx",
        ".~lock.a_actions.xlsx#",
        ".~lock.b.csv",
        ".hidden.csv",
        "download.csv.crdownload",
        "d.csv.part",
        "d.csv.partial",
        "d.tmp",
        "e.csv.tmp",
    ]:
        (tmp_path / name).write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "deep.csv").write_text("x")
    (tmp_path / "folder.csv").mkdir()  # a folder is never an export, whatever its name

    assert [p.name for p in drop_candidates(tmp_path)] == [
        "a_actions.xlsx",
        "b_dashboard.CSV",
        "c_paused.Xlsx",
        "f.tsv",
        "g.xlsm",
        "h.xlsb",
        "i.ods",
        "notes.txt",  # v2: `.txt` is delimited text, `.xls`... spreadsheets fastexcel reads
        "old.xls",
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("dashboard.csv", True),
        ("DASHBOARD.CSV", True),
        ("book.xlsx", True),
        ("~$book.xlsx", False),
        (".~lock.book.xlsx#", False),
        (".~lock.data.csv", False),
        (".data.csv", False),
        ("data.csv.tmp", False),
        ("data.csv.TMP", False),
        ("data.csv.part", False),
        ("data.xlsx.crdownload", False),
        ("data.csv.partial", False),
        ("data.xls", True),  # v2
        ("data.txt", True),  # v2
        ("data.docx", False),
    ],
)
def test_is_candidate_looks_at_the_name_only(name: str, expected: bool) -> None:
    # The path does not exist: the watcher asks about files that may be gone already.
    assert is_candidate(Path("/nonexistent-drop") / name) is expected
