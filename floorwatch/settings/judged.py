"""What a config leaves unjudged, said where it matters (check's stderr, the app).

A starter `qsa.toml` has no task types: LONG_TXN and SHORT_TXN then never fire, and an
empty QSA table or a clean Team screen would read as "all transaction times are fine".
"""

from __future__ import annotations

from floorwatch.settings.model import QSA

#: The warning's words, the same on every screen and on stderr.
TXN_NOT_JUDGED = (
    "transaction times are not judged: qsa.toml has no task types "
    "(add [task_types], or `floorwatch qsa import FILE`)"
)
#: Its short form, for a header line.
TXN_NOT_JUDGED_SHORT = "⚠ Transaction times not judged: qsa.toml has no task types (v)"


def txn_times_judged(qsa: QSA) -> bool:
    """Whether the QSA in force gives any task type a transaction time to judge against."""
    return bool(qsa.task_types)
