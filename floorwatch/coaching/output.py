"""Reports as a person or a spreadsheet reads them: Markdown, CSV, XLSX.

A report is a title, a few lines saying what it covers, and named tables (polars
frames); every format writes the same tables, so the numbers never differ between them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

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
        return f"{value:.0f}" if value.is_integer() else f"{value:.1f}"
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
            for name, frame in report.tables:
                spreadsheet_safe_frame(frame).write_excel(
                    book, worksheet=_sheet_name(name), autofit=True
                )

    write_atomic(path, write)


def _sheet_name(name: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in name)
    return cleaned[:31]
