"""Text from input files made safe for where a report puts it (check-output.md, v2).

Two rules: control characters never reach a terminal (or a file a terminal may `cat`),
and a spreadsheet cell of input text never starts like a formula.
"""

from __future__ import annotations

import re

# C0 except tab, DEL, and C1: every terminal escape sequence starts with one of them.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def plain_text(text: object) -> str:
    """`text` with every control character (tab aside) replaced by U+FFFD."""
    return _CONTROL.sub("\ufffd", str(text))


def xlsx_cell_text(text: object) -> str:
    """A spreadsheet cell of input text: a leading `'` where the text starts like a formula,
    and no control characters. Every text cell of the xlsx pack is written through this."""
    raw = str(text)
    # The formula test looks at the text as it came (a leading tab or CR counts), then
    # the control characters go.
    guarded = "'" + raw if raw.startswith(_FORMULA_START) else raw
    return plain_text(guarded)
