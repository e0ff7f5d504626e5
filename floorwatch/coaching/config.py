"""`coaching.toml`: the attributes a coaching check assesses, read strictly.

The default list is adapted from the agency's operational coaching guide (seed 003) to
benefits casework. Errors name file, line and key through the settings loader's
`_TomlFile`, so a bad coaching.toml reads like every other config error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from floorwatch.settings.errors import ConfigError
from floorwatch.settings.load import _TomlFile

COACHING_FILE = "coaching.toml"


@dataclass(frozen=True)
class Attribute:
    """One thing a checker marks Pass, Fail (with a reason and a comment) or N/A."""

    key: str
    label: str
    question: str
    fail_reasons: tuple[str, ...]


@dataclass(frozen=True)
class CoachingConfig:
    """The attributes in the order they are assessed, and the defaults of a check."""

    attributes: tuple[Attribute, ...]
    sample_size: int = 5
    correction_days: int = 5

    def attribute(self, key: str) -> Attribute:
        return next(a for a in self.attributes if a.key == key)


def _a(key: str, label: str, question: str, *reasons: str) -> Attribute:
    return Attribute(key, label, question, (*reasons, "Other"))


DEFAULT_ATTRIBUTES = (
    _a(
        "decision_valid",
        "Decision valid",
        "Did the caseworker make and record the correct decision (eligibility, amount)?",
        "Wrong eligibility decision",
        "Wrong benefit amount",
        "Wrong effective date",
    ),
    _a(
        "verification",
        "Verification",
        "Was everything verified as the verification matrix requires for this task?",
        "Verification missing",
        "Verification not required by the matrix requested",
        "Verification accepted in error",
    ),
    _a(
        "documentation",
        "Documentation",
        "Are the case notes and decisions clear, complete and on the case?",
        "Case notes missing",
        "Case notes unclear",
    ),
    _a(
        "notices",
        "Notices",
        "Were the correct notices issued, on time?",
        "Notice not issued",
        "Wrong notice issued",
        "Notice late",
    ),
    _a(
        "procedure",
        "Procedure followed",
        "Were the agreed procedures followed for every step?",
        "Departed from agreed approach",
        "Step missed",
    ),
    _a(
        "call_handling",
        "Call handling",
        "Was the information given on calls correct and complete?",
        "Wrong information given",
        "Information missing",
    ),
    _a(
        "security",
        "Security / data protection",
        "Were security and data protection rules kept (letters, calls, systems)?",
        "Identity not confirmed",
        "Data disclosed in error",
        "System misused",
    ),
    _a(
        "authorisation",
        "Authorisation level",
        "Was authorisation sought where needed, at the correct level?",
        "Authorised at the wrong level",
        "No authorisation sought",
    ),
)


def default_coaching() -> CoachingConfig:
    return CoachingConfig(DEFAULT_ATTRIBUTES)


def attribute_table(attributes: tuple[Attribute, ...]) -> dict[str, dict[str, Any]]:
    """The attributes as coaching.toml spells them (for the starter file)."""
    return {
        a.key: {"label": a.label, "question": a.question, "fail_reasons": list(a.fail_reasons)}
        for a in attributes
    }


def _positive(f: _TomlFile, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise f.error(key, f"must be a whole number of 1 or more, not {value!r}")
    return value


def _text(f: _TomlFile, key: str, value: Any, table: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise f.error(key, f"must be non-empty text, not {value!r}", table)
    return value.strip()


def load_coaching(folder: Path | None) -> CoachingConfig:
    """Read `coaching.toml` of a config folder; missing file or keys take the defaults.

    Raises ConfigError naming file, line and key. Unknown keys are errors here, not
    warnings: a misspelt attribute field would silently change what a check records.
    """
    if folder is None:
        return default_coaching()
    f = _TomlFile(folder / COACHING_FILE)
    known = ["sample_size", "correction_days", "attributes"]
    for key in f.data:
        if key not in known:
            raise f.error(key, f"unknown key (known: {', '.join(known)})")
    size = _positive(f, "sample_size", f.data.get("sample_size", 5))
    days = _positive(f, "correction_days", f.data.get("correction_days", 5))
    table = f.data.get("attributes")
    if table is None:
        return CoachingConfig(DEFAULT_ATTRIBUTES, size, days)
    if not isinstance(table, dict) or not table:
        raise f.error("attributes", "must hold one [attributes.KEY] table per attribute")
    attributes = []
    for key, fields in table.items():
        where = f"attributes.{key}"
        if not isinstance(fields, dict):
            raise ConfigError(f.path, f.line_of(key, "attributes"), where, "must be a table")
        for name in fields:
            if name not in ("label", "question", "fail_reasons"):
                raise f.error(name, "unknown key (known: label, question, fail_reasons)", where)
        reasons = fields.get("fail_reasons", ["Other"])
        if (
            not isinstance(reasons, list)
            or not reasons
            or not all(isinstance(r, str) and r.strip() for r in reasons)
        ):
            raise f.error("fail_reasons", "must be a list of one or more reasons", where)
        attributes.append(
            Attribute(
                key,
                _text(f, "label", fields.get("label", key), where),
                _text(f, "question", fields.get("question", fields.get("label", key)), where),
                tuple(r.strip() for r in reasons),
            )
        )
    return CoachingConfig(tuple(attributes), size, days)
