"""Reports as a person or a spreadsheet reads them: Markdown, CSV, XLSX.

A report is a title, a few lines saying what it covers, and named tables (polars
frames); every format writes the same tables, so the numbers never differ between them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from floorwatch.figures import figure
from floorwatch.safe_text import spreadsheet_safe, spreadsheet_safe_frame, terminal_safe
from floorwatch.store.files import write_atomic


@dataclass(frozen=True)
class Report:
    """A title, what it covers, and its tables in the order shown."""

    title: str
    lines: tuple[str, ...]
    tables: tuple[tuple[str, pl.DataFrame], ...]


def _cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        # Counts travel as floats beside percentages: 23, not 23.0.
        return figure(value, 0) if value.is_integer() else figure(value)
    return terminal_safe(str(value).replace("|", "\\|").replace("\n", " "))


def render_markdown(report: Report) -> str:
    """The report as Markdown: a heading per table, tables as pipes."""
    out = [f"# {terminal_safe(report.title)}", "", *map(terminal_safe, report.lines), ""]
    for name, frame in report.tables:
        out += [f"## {name}", ""]
        if frame.is_empty():
            out += ["(none)", ""]
            continue
        out.append("| " + " | ".join(frame.columns) + " |")
        out.append("|" + "---|" * frame.width)
        for row in frame.iter_rows():
            out.append("| " + " | ".join(_cell(v) for v in row) + " |")
        out.append("")
    return "\n".join(out)


def render_csv(report: Report) -> str:
    """Every table in one CSV, each row led by its table's name (the `section` column).

    The columns are those of every table in order of first appearance; a row leaves
    the columns of other tables empty (the pass-rate tables share all theirs).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns: list[str] = []
    for _, frame in report.tables:
        columns += [c for c in frame.columns if c not in columns]
    writer.writerow(["section", *columns])
    for name, frame in report.tables:
        for row in frame.iter_rows(named=True):
            writer.writerow(
                [name, *("" if row.get(c) is None else spreadsheet_safe(row[c]) for c in columns)]
            )
    return buffer.getvalue()


def write_xlsx(report: Report, path: Path) -> None:
    """One worksheet per table after an "About" sheet; written atomically, owner-only
    (a report holds names and performance data, like the history)."""
    import xlsxwriter

    def write(temp: Path) -> None:
        # Text is never a formula: a name `=HYPERLINK(...)` stays the text it is.
        with xlsxwriter.Workbook(str(temp), {"strings_to_formulas": False}) as book:
            about = book.add_worksheet("About")
            about.write(0, 0, report.title, book.add_format({"bold": True}))
            for i, line in enumerate(report.lines, start=2):
                about.write_string(i, 0, spreadsheet_safe(line))
            about.set_column(0, 0, 100)
            taken: set[str] = {"About"}
            for name, frame in report.tables:
                sheet = sheet_name(name, taken)
                taken.add(sheet)
                spreadsheet_safe_frame(frame).write_excel(book, worksheet=sheet, autofit=True)

    write_atomic(path, write)


#: Excel's longest sheet name.
SHEET_NAME_MAX = 31


def sheet_name(name: str, taken: Collection[str] = ()) -> str:
    """A sheet name Excel accepts: none of []:*?/\\, at most 31 characters, cut at a
    word's end (not mid-word), and unlike the names in `taken` (" (2)" added)."""
    cleaned = " ".join("".join(" " if c in "[]:*?/\\" else c for c in name).split())
    short = _cut_at_word(cleaned, SHEET_NAME_MAX)
    candidate, n = short, 1
    used = {t.casefold() for t in taken}
    while candidate.casefold() in used:  # Excel ignores case
        n += 1
        suffix = f" ({n})"
        candidate = _cut_at_word(cleaned, SHEET_NAME_MAX - len(suffix)) + suffix
    return candidate


def _cut_at_word(text: str, limit: int) -> str:
    """`text` whole if it fits, else its words up to `limit` (a single long word cut)."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0].rstrip(" ,;-–")
    if cut.count("(") > cut.count(")"):  # not half a bracket: "Flag history", not "… (rec"
        cut = cut[: cut.rindex("(")].rstrip()
    return cut if cut and len(cut) <= limit else text[:limit]
