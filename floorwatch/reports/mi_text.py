"""The MI return as Markdown (one table per sheet) and as long-form CSV (reports.md)."""

from __future__ import annotations

import csv
import io

from floorwatch.reports.mi_data import MiReturn, MiRow, shown
from floorwatch.reports.pack_md import md_text
from floorwatch.safe_text import spreadsheet_safe, terminal_safe

CSV_HEADER = ("scope", "team", "section", "measure", "month", "value", "rag")


def value_text(value: float | int | None) -> str:
    """A cell: whole for counts, two decimals for the rest, blank for none (never 0)."""
    value = shown(value)
    if value is None:
        return ""
    return str(value) if isinstance(value, int) else f"{value:.2f}"


def _cells(row: MiRow) -> list[str]:
    if row.rag is not None:
        return list(row.rag)
    return [value_text(v) for v in row.values]


def render_mi_md(mi: MiReturn) -> str:
    """GitHub-style markdown: the first line, the notes, then one table per sheet."""
    lines = [f"# {md_text(mi.first_line)}", ""]
    # The notes are our own words (month names, dates): no input text to escape.
    lines += [f"- {terminal_safe(note, one_line=True)}" for note in mi.notes]
    head = ["Section", "Measure", *(md_text(c.label) for c in mi.columns)]
    rule = ["---", "---", *("---:" for _ in mi.columns)]
    for sheet in mi.sheets:
        lines += ["", f"## {md_text(sheet.name)}", ""]
        lines.append(f"| {' | '.join(head)} |")
        lines.append(f"| {' | '.join(rule)} |")
        for row in sheet.rows:
            cells = [md_text(row.section), md_text(row.measure), *_cells(row)]
            lines.append(f"| {' | '.join(cells)} |")
    return "\n".join(lines) + "\n"


def _csv_text(text: str) -> str:
    return str(spreadsheet_safe(terminal_safe(text, one_line=True)))


def render_mi_csv(mi: MiReturn) -> str:
    """Long form: one row per (scope, team, section, measure, month), the RAG letter of a
    banded measure in `rag` on its own row; month `YYYY-MM` or `year`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for sheet in mi.sheets:
        rows = list(sheet.rows)
        letters = {r.key.removesuffix(":rag"): r.rag for r in rows if r.rag is not None}
        for row in rows:
            if row.rag is not None:
                continue
            rag = letters.get(row.key)
            for i, column in enumerate(mi.columns):
                writer.writerow(
                    (
                        _csv_text(mi.scope),
                        _csv_text(sheet.team),
                        row.section,
                        _csv_text(row.measure),
                        column.key,
                        value_text(row.values[i]),
                        rag[i] if rag else "",
                    )
                )
    return out.getvalue()
