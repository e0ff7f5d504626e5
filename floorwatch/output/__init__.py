"""The forms `floorwatch check` prints a result in: JSON, a table for people, CSV."""

from floorwatch.output.csv_form import render_csv
from floorwatch.output.json_form import render_json, result_dict
from floorwatch.output.table_form import render_table

__all__ = ["render_csv", "render_json", "render_table", "result_dict"]
