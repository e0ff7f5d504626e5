"""A pack as an xlsx workbook: one sheet per section, native line charts for the trends.

Numbers are written as numbers (the JSON's rounding, shown to two decimals); every text
cell goes through `text_cell`, so input text never starts a formula.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from floorwatch.reports.pack_model import COUNT_KPIS, KPIS, Pack
from floorwatch.safe_text import spreadsheet_safe, terminal_safe
from floorwatch.store.files import write_atomic

_LABELS = {key: label for key, label, _ in KPIS}


def _sheet_title(sheet: Any, pack: Pack, bold: Any) -> None:
    """Row 1 of every sheet: the pack's scope and as-of (reports.md: first line)."""
    text_cell(sheet, 0, 0, pack.first_line, bold)


def text_cell(sheet: Any, row: int, col: int, text: object, fmt: Any = None) -> None:
    """Write a text cell: always a string, never a formula (see `xlsx_cell_text`)."""
    sheet.write_string(
        row, col, terminal_safe(str(spreadsheet_safe(str(text))), one_line=True), fmt
    )


def _number_cell(sheet: Any, row: int, col: int, value: float | None, fmt: Any) -> None:
    if value is None:
        sheet.write_blank(row, col, None)
    else:
        sheet.write_number(row, col, value, fmt)


def _title_sheet(book: Any, pack: Pack, bold: Any) -> None:
    sheet = book.add_worksheet("Pack")
    _sheet_title(sheet, pack, bold)
    row = 2
    if pack.stale:
        text_cell(sheet, row, 0, "STALE: the newest dashboard export is older than the limit", bold)
        row += 1
    for fact in pack.facts:
        text_cell(sheet, row, 0, fact)
        row += 1
    if pack.missing_days:
        days = ", ".join(f"{d:%Y-%m-%d}" for d in pack.missing_days)
        text_cell(sheet, row, 0, f"Days without any dashboard export (not counted): {days}")
    sheet.set_column(0, 0, 90)


def _kpi_sheet(book: Any, pack: Pack, bold: Any, fmts: dict[bool, Any]) -> None:
    sheet = book.add_worksheet("KPIs")
    _sheet_title(sheet, pack, bold)
    head = [
        "KPI",
        "Key",
        "Value",
        "Outside band",
        "QSA band",
        pack.previous_label,
        "Change",
        pack.last_year_label,
        "Change",
    ]
    for col, text in enumerate(head):
        text_cell(sheet, 2, col, text, bold)
    for i, k in enumerate(pack.kpis, start=3):
        fmt = fmts[k.key in COUNT_KPIS]
        text_cell(sheet, i, 0, f"{k.label} ({k.unit})" if k.unit else k.label)
        text_cell(sheet, i, 1, k.key)
        _number_cell(sheet, i, 2, k.value, fmt)
        text_cell(sheet, i, 3, k.marker)
        text_cell(sheet, i, 4, k.band.text)
        _number_cell(sheet, i, 5, k.previous, fmt)
        _number_cell(sheet, i, 6, k.change_previous, fmt)
        _number_cell(sheet, i, 7, k.last_year, fmt)
        _number_cell(sheet, i, 8, k.change_last_year, fmt)
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 20)
    sheet.set_column(2, 8, 14)
    sheet.set_column(5, 5, 36)
    sheet.set_column(7, 7, 36)


def _trend_sheet(book: Any, pack: Pack, bold: Any, fmts: dict[bool, Any]) -> None:
    """Each KPI's last days in columns (value, band low, band high) and a line chart of them."""
    sheet = book.add_worksheet("Trends")
    _sheet_title(sheet, pack, bold)
    drawn = [k for k in pack.kpis if k.trend]
    if not drawn:
        text_cell(sheet, 2, 0, pack.trend_note or "no trend lines")
        return
    days = [day for day, _ in drawn[0].trend]
    date_fmt = book.add_format({"num_format": "ddd dd mmm"})
    text_cell(sheet, 2, 0, "Day", bold)
    for r, day in enumerate(days, start=3):
        sheet.write_datetime(r, 0, day, date_fmt)
    col = 1
    last = 2 + len(days)
    for n, k in enumerate(drawn):
        fmt = fmts[k.key in COUNT_KPIS]
        columns = [(k.label, [v for _, v in k.trend])]
        if k.band.low is not None:
            columns.append((f"{k.label}: band low", [k.band.low] * len(days)))
        if k.band.high is not None:
            columns.append((f"{k.label}: band high", [k.band.high] * len(days)))
        chart = book.add_chart({"type": "line"})
        for c, (name, values) in enumerate(columns, start=col):
            text_cell(sheet, 2, c, name, bold)
            for r, value in enumerate(values, start=3):
                _number_cell(sheet, r, c, value, fmt)
            band = c != col
            chart.add_series(
                {
                    "name": ["Trends", 2, c],
                    "categories": ["Trends", 3, 0, last, 0],
                    "values": ["Trends", 3, c, last, c],
                    "line": {"dash_type": "dash", "color": "#888888"}
                    if band
                    else {"color": "#1f5fa8", "width": 2.25},
                    "marker": {"type": "none" if band else "circle"},
                }
            )
        chart.set_title({"name": f"{k.label} ({k.unit})" if k.unit else k.label})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 480, "height": 240})
        # Two charts a row, under the figures they draw.
        sheet.insert_chart(last + 2 + (n // 2) * 13, (n % 2) * 8, chart)
        col += len(columns)
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, col, 14)


def _rows_sheet(book: Any, pack: Pack, bold: Any, fmts: dict[bool, Any]) -> None:
    sheet = book.add_worksheet("Teams" if pack.kind == "floor" else "Caseworkers")
    _sheet_title(sheet, pack, bold)
    who = "Supervisor" if pack.kind == "floor" else "Name"
    keys = [k.key for k in pack.kpis]
    head = [
        pack.row_label,
        who,
        "Flags",
        "Trend flags",
        *(_LABELS[k] for k in keys),
        "Outside band",
    ]
    for col, text in enumerate(head):
        text_cell(sheet, 2, col, text, bold)
    for r, row in enumerate(pack.rows, start=3):
        text_cell(sheet, r, 0, row.key)
        text_cell(sheet, r, 1, row.name)
        sheet.write_number(r, 2, row.flags)
        sheet.write_number(r, 3, row.trend_flags)
        for c, key in enumerate(keys, start=4):
            _number_cell(sheet, r, c, row.values.get(key), fmts[key in COUNT_KPIS])
        outside = ", ".join(f"{_LABELS[k]} {row.markers[k]}" for k in keys if row.markers.get(k))
        text_cell(sheet, r, 4 + len(keys), outside)
    sheet.set_column(0, 1, 18)
    sheet.set_column(2, 3 + len(keys), 12)
    sheet.set_column(4 + len(keys), 4 + len(keys), 30)


def _flags_sheet(book: Any, pack: Pack, bold: Any) -> None:
    sheet = book.add_worksheet("Flags")
    _sheet_title(sheet, pack, bold)
    head = ["Pattern", "Worker ID", "Name", "Team", "Flag", "Follow-ups"]
    for col, text in enumerate(head):
        text_cell(sheet, 2, col, text, bold)
    for r, f in enumerate(pack.flags, start=3):
        for c, text in enumerate(
            [f.pattern, f.worker_id, f.name, f.team, f.sentence, "\n".join(f.followups)]
        ):
            text_cell(sheet, r, c, text)
    sheet.set_column(0, 3, 14)
    sheet.set_column(4, 4, 90)
    sheet.set_column(5, 5, 60)


def _paused_sheet(book: Any, pack: Pack, bold: Any, fmt: Any) -> None:
    sheet = book.add_worksheet("Paused")
    _sheet_title(sheet, pack, bold)
    head = ["Task", "Worker ID", "Name", "Team", "Task type", "Days paused", "Why"]
    for col, text in enumerate(head):
        text_cell(sheet, 2, col, text, bold)
    for r, p in enumerate(pack.paused, start=3):
        for c, text in enumerate([p.task_id, p.worker_id, p.name, p.team, p.task_type]):
            text_cell(sheet, r, c, text)
        _number_cell(sheet, r, 5, p.days_paused, fmt)
        text_cell(sheet, r, 6, p.why)
    sheet.set_column(0, 5, 14)
    sheet.set_column(6, 6, 50)


def write_pack_xlsx(pack: Pack, path: Path) -> None:
    """The pack as a workbook at `path`, written atomically (owner-only, like the history)."""
    import xlsxwriter  # only a report writing xlsx pays for loading it

    def write(temp: Path) -> None:
        # No formula is ever written: strings stay strings even if they look like numbers.
        options = {"strings_to_formulas": False, "strings_to_numbers": False}
        with xlsxwriter.Workbook(str(temp), options) as book:
            bold = book.add_format({"bold": True})
            fmts = {
                True: book.add_format({"num_format": "0"}),
                False: book.add_format({"num_format": "0.00"}),
            }
            _title_sheet(book, pack, bold)
            _kpi_sheet(book, pack, bold, fmts)
            _trend_sheet(book, pack, bold, fmts)
            _rows_sheet(book, pack, bold, fmts)
            _flags_sheet(book, pack, bold)
            _paused_sheet(book, pack, bold, fmts[False])

    write_atomic(path, write)
