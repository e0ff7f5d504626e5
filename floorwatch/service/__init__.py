"""One check, end to end (`run_check`), the request that says what to check, and the
drop-folder scanner a long-running app keeps between checks.

Modules by concern: `request` (what is asked), `run` (the orchestration), `drop_scan`
(the drop folder), `floor_data` (the exports a period needs), `summaries` (the summary
policy), `stored` (reading stored rows, compaction, damaged files), `unused` (every drop
file accounted for), `records` and `trend_days` (what a run records, the trend window).
"""

from floorwatch.service.drop_scan import DropScanner
from floorwatch.service.request import CheckRequest, NoDataError
from floorwatch.service.run import run_check

__all__ = ["CheckRequest", "DropScanner", "NoDataError", "run_check"]
