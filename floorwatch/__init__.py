"""floorwatch: a benefits floor's exports, checked against the QSA as they land."""

import polars as pl

# polars 2 runs a query on its streaming engine unless told otherwise. On floorwatch's
# frames (a live day's tens of thousands of rows, a month's million) the in-memory
# engine was 2-10x faster for the same result: a live day's de-duplication 196 -> 26 ms,
# a refresh's day check 0.9 -> 0.55 s, a cold month check 15.6 -> 7.7 s (README,
# "Performance"). Set once here, so the app, `check` and the tests all run the same way.
pl.Config.set_engine_affinity("in-memory")
