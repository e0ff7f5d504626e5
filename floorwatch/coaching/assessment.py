"""Assessing one sampled transaction: each attribute Pass, Fail (reason and comment) or N/A."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from floorwatch.coaching.config import CoachingConfig

Result = Literal["pass", "fail", "na"]
RESULT_WORDS: dict[str, str] = {"pass": "Pass", "fail": "Fail", "na": "N/A"}


class AssessmentError(ValueError):
    """An assessment that cannot be recorded as it stands (the message says why)."""


@dataclass(frozen=True)
class Mark:
    """One attribute's result; a Fail carries the reason chosen and the checker's comment."""

    result: Result
    reason: str = ""
    comment: str = ""


def check_mark(config: CoachingConfig, key: str, mark: Mark) -> None:
    """Raise AssessmentError unless the mark can stand: a Fail needs a known reason and a
    comment (the guide: "where failed the comments field must be completed")."""
    attribute = config.attribute(key)
    if mark.result not in RESULT_WORDS:
        raise AssessmentError(f"{attribute.label}: unknown result {mark.result!r}")
    if mark.result == "fail":
        if mark.reason not in attribute.fail_reasons:
            raise AssessmentError(f"{attribute.label}: a Fail needs one of its reasons")
        if not mark.comment.strip():
            raise AssessmentError(f"{attribute.label}: a Fail needs a comment")


def overall(config: CoachingConfig, marks: dict[str, Mark]) -> Result:
    """The check's overall result once every attribute is marked: Fail if any attribute
    failed, else Pass. Raises AssessmentError for a missing mark or a check with every
    attribute N/A (nothing was assessed)."""
    missing = [a.label for a in config.attributes if a.key not in marks]
    if missing:
        raise AssessmentError(f"not marked yet: {', '.join(missing)}")
    for key, mark in marks.items():
        check_mark(config, key, mark)
    results = {m.result for m in marks.values()}
    if results == {"na"}:
        raise AssessmentError("every attribute is N/A: nothing was assessed")
    return "fail" if "fail" in results else "pass"


def assessment_data(
    config: CoachingConfig,
    sample_id: str,
    transaction: dict[str, Any],
    marks: dict[str, Mark],
) -> dict[str, Any]:
    """An assessment's journal data, validated (raises AssessmentError)."""
    result = overall(config, marks)
    return {
        "sample_id": sample_id,
        "transaction": transaction,
        "marks": {
            a.key: {
                "label": a.label,
                "result": marks[a.key].result,
                "reason": marks[a.key].reason,
                "comment": marks[a.key].comment.strip(),
            }
            for a in config.attributes
        },
        "overall": result,
    }
