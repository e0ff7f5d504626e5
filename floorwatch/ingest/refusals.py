"""Which rows of an export break a rule, and the sentence that says why: `Header:
'value' is not a date and time`, with the file's own header and the value quoted."""

from __future__ import annotations

import polars as pl

from floorwatch.ingest.read import RawTable
from floorwatch.schema import Column
from floorwatch.sentences import sentence

_WHAT = {"datetime": "a date and time", "duration": "a duration", "number": "a number"}
#: A refused value is quoted up to this many characters: a 10 MB cell must not become a
#: 10 MB message (nor put a whole pasted row of someone's data on the screen).
_QUOTE_CHARS = 60


def refused_rows(
    work: pl.DataFrame, rules: list[tuple[pl.Expr, pl.Expr]]
) -> tuple[pl.DataFrame, list[tuple[int, str]]]:
    """Step 3: which rows break a rule, in one pass; why, worded for those rows only (the
    sentences cost more than the tests, and most files have no bad row)."""
    if not rules:
        return work, []
    broken = pl.any_horizontal([rule.fill_null(False) for rule, _ in rules])
    refused = work.select(broken.alias("refused"))["refused"]
    if not refused.any():
        return work, []
    bad = work.filter(refused)
    why = bad.select(
        pl.concat_str(
            [pl.when(rule).then(say) for rule, say in rules], separator="; ", ignore_nulls=True
        ).alias("why")
    )["why"]
    return work.filter(~refused), list(zip(bad["line"], why, strict=True))


def reason_rules(raw: RawTable, present: list[Column]) -> list[tuple[pl.Expr, pl.Expr]]:
    """One (broken, sentence) pair per rule: where `broken` is true, the sentence
    `Header: 'value' what` says why (never null there)."""
    kind = raw.match.kind
    out: list[tuple[pl.Expr, pl.Expr]] = []

    def header_of(col: Column) -> str:
        i = raw.match.positions[col.name]
        cell = raw.header[i].replace("\ufeff", "").strip() if i < len(raw.header) else ""
        # "{}" would be read as a placeholder.
        return (cell or col.header).replace("{", "(").replace("}", ")")

    for c in present:
        h = header_of(c)
        t, v = pl.col(f"t_{c.name}"), pl.col(f"v_{c.name}")
        if c.type != "text":
            bad = t.is_not_null() & v.is_null()
            out.append((bad, sentence(f"{h}: '{{}}' is not {_WHAT[c.type]}", _quoted(t))))
        if c.type in ("duration", "number"):
            out.append((v < 0, sentence(f"{h}: '{{}}' is negative", _quoted(t))))
        if c.required and not c.blank_allowed:
            out.append((t.is_null(), pl.lit(f"{h}: required value is blank")))
    names = {c.name for c in present}
    if kind.name == "actions" and {"start", "end"} <= names:
        hs, he = header_of(kind.column("start")), header_of(kind.column("end"))
        out.append(
            (
                pl.col("v_end") < pl.col("v_start"),
                # Stripped: a typed cell keeps the leading blanks it was parsed with.
                sentence(
                    f"{he}: '{{}}' is before {hs} '{{}}'",
                    _quoted(pl.col("t_end").str.strip_chars()),
                    _quoted(pl.col("t_start").str.strip_chars()),
                ),
            )
        )
    return out


def _quoted(text: pl.Expr) -> pl.Expr:
    """A cell's text as a message quotes it: cut to `_QUOTE_CHARS`, marked with `…` when cut."""
    return (
        pl.when(text.str.len_chars() > _QUOTE_CHARS)
        .then(pl.concat_str([text.str.slice(0, _QUOTE_CHARS), pl.lit("…")]))
        .otherwise(text)
    )
