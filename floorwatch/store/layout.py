"""Where the history keeps what: folder and file names, and listing them in either layout.

Schema 2 lays every table out Hive style, `<table>/<key>=<value>/day=<YYYY-MM-DD>/`, so
DuckDB, Spark or Trino reading `exports/kind=actions/**/*.parquet` find the `kind` and
`day` partitions by themselves. Schema 1 had `<table>/<value>/<YYYY-MM-DD>/`. Listing
reads both (legacy folders first), so a store whose migration was killed half-way, or
one only read by a run that writes nothing, still shows every file it holds.
"""

from __future__ import annotations

import functools
from datetime import date, datetime
from pathlib import Path

from floorwatch.store.files import is_temp_name

#: The tables and the partition key of each one's first level.
EXPORTS, COMPACTED, SUMMARIES, RUNS = "exports", "compacted", "summaries", "runs"
PARTITION_KEY = {EXPORTS: "kind", COMPACTED: "kind", SUMMARIES: "kind", RUNS: "period"}
#: Unreadable history files are moved here, under their path in the store.
QUARANTINE = "quarantine"
STAMP = "%Y%m%dT%H%M%S"

#: How an export's time was found (`spec/exports.md`): its rows' Export Time, its file
#: name's stamp, or (provisional) its file's modification time.
DATED_BY_TAG = {"content": "c", "name": "n", "mtime": "m"}
_TAG_DATED_BY = {tag: how for how, tag in DATED_BY_TAG.items()}


def partition(folder: Path, table: str, value: str, day: str) -> Path:
    """The folder of one partition: `<table>/<key>=<value>/day=<day>` (schema 2)."""
    return folder / table / f"{PARTITION_KEY[table]}={value}" / f"day={day}"


def values(folder: Path, table: str) -> list[str]:
    """The first-level partition values present (kinds, or period kinds), either layout."""
    found = {_value(p.name, PARTITION_KEY[table]) for p in subdirs(folder / table)}
    return sorted(v for v in found if v)


def day_dirs(folder: Path, table: str, value: str) -> list[tuple[str, Path]]:
    """(day, folder) of one partition value's days, legacy folders first, then by day."""
    key = PARTITION_KEY[table]
    found = []
    for order, top in enumerate((folder / table / value, folder / table / f"{key}={value}")):
        for day_dir in subdirs(top):
            day = day_dir.name.removeprefix("day=")
            if len(day) == 10:
                found.append((order, day, day_dir))
    return [(day, path) for _, day, path in sorted(found, key=lambda f: (f[0], f[1]))]


def legacy_dirs(folder: Path, table: str) -> list[Path]:
    """The first-level folders of `table` still in the schema-1 layout."""
    return [p for p in subdirs(folder / table) if "=" not in p.name]


def parquet_files(day_dir: Path) -> list[Path]:
    """The finished Parquet files of a folder (not the temp files of unfinished writes)."""
    return [p for p in day_dir.glob("*.parquet") if not is_temp_name(p.name)]


def subdirs(folder: Path) -> list[Path]:
    """A folder's sub-folders, by name (none when it does not exist)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not is_temp_name(p.name))


#: The kinds whose rows each have a day of their own, and the column that gives it.
DAY_COLUMN = {"actions": "start"}
#: An export without rows has no days.
NO_DAYS = ""


def export_name(
    export_time: datetime, content_hash: str, dated_by: str, days: tuple[date, date] | None
) -> str:
    """`<export time>_<content hash>_<c|n|m>[_<first day>-<last day>].parquet`: what a
    listing needs, unopened (the days of a Caseworker Actions export's Start values)."""
    span = f"_{days[0]:%Y%m%d}-{days[1]:%Y%m%d}" if days else ""
    return f"{export_time.strftime(STAMP)}_{content_hash}_{DATED_BY_TAG[dated_by]}{span}.parquet"


def parse_export_name(
    name: str,
) -> tuple[datetime, str, str | None, tuple[date, date] | None] | None:
    """(export time, content hash, how dated, (first, last) day of its rows) of an export
    file; how dated is None in schema-1 names, the days None where the name has none."""
    if is_temp_name(name) or not name.endswith(".parquet"):
        return None
    stamp, _, rest = name.removesuffix(".parquet").partition("_")
    content_hash, _, rest = rest.partition("_")
    tag, _, span = rest.partition("_")
    moment = stamp_time(stamp)
    if moment is None or not content_hash or (tag and tag not in _TAG_DATED_BY):
        return None
    return moment, content_hash, _TAG_DATED_BY.get(tag), _span(span)


def _span(text: str) -> tuple[date, date] | None:
    """`YYYYmmdd-YYYYmmdd` -> (first, last); parsed by hand: every listing reads it."""
    if len(text) != 17 or text[8] != "-":
        return None
    try:
        return (
            date(int(text[:4]), int(text[4:6]), int(text[6:8])),
            date(int(text[9:13]), int(text[13:15]), int(text[15:17])),
        )
    except ValueError:
        return None


@functools.lru_cache(maxsize=1 << 16)
def stamp_time(text: str) -> datetime | None:
    """The time in a stored file's name (cached: every check lists the whole store, and
    strptime was most of the listing's cost on a long live day)."""
    try:
        return datetime.strptime(text, STAMP)
    except ValueError:
        return None


def _value(name: str, key: str) -> str | None:
    if "=" not in name:
        return name
    found_key, _, value = name.partition("=")
    return value if found_key == key else None
