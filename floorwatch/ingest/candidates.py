"""Which files in the drop folder are exports to read (`spec/exports.md`, "Recognising a file")."""

from __future__ import annotations

import os
from pathlib import Path

#: Delimited text (exports.md, v2: `.txt` and `.tsv` too).
DELIMITED = frozenset({".csv", ".txt", ".tsv"})
#: Spreadsheets stored as a zip (their completeness can be judged from the bytes).
ZIP_SPREADSHEETS = frozenset({".xlsx", ".xlsm", ".xlsb", ".ods"})
#: Spreadsheets fastexcel reads (v2: the old `.xls` too).
SPREADSHEETS = ZIP_SPREADSHEETS | {".xls"}
#: Only these extensions are read; anything else in the folder is ignored silently.
EXTENSIONS = DELIMITED | SPREADSHEETS
#: Excel (`~$`), LibreOffice (`.~lock`) lock files and hidden files: never read, never reported.
_SKIP_PREFIXES = ("~$", ".~lock", ".")
#: Files still being written or downloaded.
_SKIP_SUFFIXES = (".tmp", ".part", ".crdownload", ".partial")


def is_candidate(path: Path) -> bool:
    """True when the name says this is an export to read (`EXTENSIONS`), no lock or temp file.

    Only the name is looked at (the watcher calls this for paths that may be gone already).
    """
    return is_candidate_name(path.name)


def is_candidate_name(name: str) -> bool:
    """`is_candidate` on a bare file name (no Path built: a folder may hold 100,000)."""
    if name.startswith(_SKIP_PREFIXES):
        return False
    lower = name.lower()
    return not lower.endswith(_SKIP_SUFFIXES) and name_suffix(lower) in EXTENSIONS


def name_suffix(name: str) -> str:
    """The lower-case extension of a file name, like `Path(name).suffix.lower()` but
    without building a Path (called for every file of a folder that may hold 100,000)."""
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def drop_candidates(folder: Path) -> list[Path]:
    """The candidate files directly in `folder` (sub-folders are not searched), sorted by name."""
    return [Path(path) for _, path in drop_candidate_entries(folder)]


def drop_candidate_entries(folder: Path) -> list[tuple[str, str]]:
    """(name, path) of each candidate file directly in `folder`, sorted by name, as
    strings: a scan of 100,000 files makes no Path object per file.

    `os.scandir` knows each entry's type from the listing: no stat per file (a drop folder
    may hold 100,000 of them).
    """
    found = []
    with os.scandir(folder) as listing:
        for entry in listing:
            # A folder named `x.csv` is no export; is_file() follows symlinks to files.
            if is_candidate_name(entry.name) and entry.is_file():
                found.append((entry.name, entry.path))
    found.sort()
    return found
