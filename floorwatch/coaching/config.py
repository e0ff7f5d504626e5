"""`coaching.toml`: the attributes a coaching check assesses and the coaching plan
(checks per team or caseworker per month), read strictly.

The default list is adapted from the agency's operational coaching guide (seed 003) to
benefits casework. Errors name file, line and key through the settings loader's
`TomlFile`, so a bad coaching.toml reads like every other config error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from floorwatch.settings.errors import ConfigError
from floorwatch.settings.toml_file import TomlFile

COACHING_FILE = "coaching.toml"


@dataclass(frozen=True)
class Attribute:
    """One thing a checker marks Pass, Fail (with a reason and a comment) or N/A."""

    key: str
    label: str
    question: str
    fail_reasons: tuple[str, ...]


@dataclass(frozen=True)
class PlanItem:
    """How many checks a team or a caseworker gets per month (of which task types).

    `month` ("YYYY-MM") limits it to one month, where it replaces the every-month line of
    the same team or caseworker; `task_types` empty counts checks of every task type.
    """

    checks: int
    team: str | None = None
    caseworker: str | None = None
    task_types: tuple[str, ...] = ()
    month: str | None = None

    @property
    def name(self) -> str:
        return self.team or self.caseworker or ""


@dataclass(frozen=True)
class CoachingConfig:
    """The attributes in the order they are assessed, the defaults of a check, the plan."""

    attributes: tuple[Attribute, ...]
    sample_size: int = 5
    correction_days: int = 5
    plan: tuple[PlanItem, ...] = ()

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


def _positive(f: TomlFile, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise f.error(key, f"must be a whole number of 1 or more, not {value!r}")
    return value


def _text(f: TomlFile, key: str, value: Any, table: str) -> str:
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
    f = TomlFile(folder / COACHING_FILE)
    known = ["sample_size", "correction_days", "attributes", "plan"]
    for key in f.data:
        if key not in known:
            raise f.error(key, f"unknown key (known: {', '.join(known)})")
    size = _positive(f, "sample_size", f.data.get("sample_size", 5))
    days = _positive(f, "correction_days", f.data.get("correction_days", 5))
    plan = _plan(f, f.data.get("plan", []))
    table = f.data.get("attributes")
    if table is None:
        return CoachingConfig(DEFAULT_ATTRIBUTES, size, days, plan)
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
    return CoachingConfig(tuple(attributes), size, days, plan)


_PLAN_KEYS = ("team", "caseworker", "checks", "task_types", "month")


def _plan_line(f: TomlFile, index: int, key: str | None) -> int | None:
    """The line of `key` in the index-th [[plan]] table (of its header when key is None)."""
    seen = -1
    for number, line in enumerate(f.lines, start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            if seen == index:
                return None
            if stripped.replace(" ", "") == "[[plan]]":
                seen += 1
                if seen == index and key is None:
                    return number
            continue
        if seen == index and key and stripped.split("=")[0].strip().strip("\"'") == key:
            return number
    return None


def _plan(f: TomlFile, raw: Any) -> tuple[PlanItem, ...]:
    """The [[plan]] tables: each a team or a caseworker, checks, maybe task types, month."""
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        raise f.error("plan", "must be [[plan]] tables")
    items = []
    seen: set[tuple[str, str, str | None]] = set()
    for i, table in enumerate(raw):

        def bad(key: str | None, reason: str, i: int = i) -> ConfigError:
            return ConfigError(
                f.path, _plan_line(f, i, key), f"plan[{i + 1}].{key}" if key else "plan", reason
            )

        for key in table:
            if key not in _PLAN_KEYS:
                raise bad(key, f"unknown key (known: {', '.join(_PLAN_KEYS)})")
        team, worker = table.get("team"), table.get("caseworker")
        if (team is None) == (worker is None):
            raise bad(None, "each [[plan]] names one team or one caseworker")
        for key, value in (("team", team), ("caseworker", worker)):
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise bad(key, f"must be non-empty text, not {value!r}")
        checks = table.get("checks")
        if isinstance(checks, bool) or not isinstance(checks, int) or checks < 1:
            raise bad("checks", f"must be a whole number of 1 or more, not {checks!r}")
        types = table.get("task_types", [])
        if not isinstance(types, list) or not all(isinstance(t, str) and t.strip() for t in types):
            raise bad("task_types", "must be a list of task type names")
        month = table.get("month")
        if month is not None and (not isinstance(month, str) or not _is_month(month)):
            raise bad("month", f"must be YYYY-MM, not {month!r}")
        key = ("team" if team else "caseworker", (team or worker).strip(), month)
        if key in seen:
            raise bad(None, f"{key[0]} {key[1]} is planned twice for the same month")
        seen.add(key)
        items.append(
            PlanItem(
                checks,
                team.strip() if team else None,
                worker.strip() if worker else None,
                tuple(t.strip() for t in types),
                month,
            )
        )
    return tuple(items)


def _is_month(text: str) -> bool:
    parts = text.split("-")
    return (
        len(parts) == 2
        and len(parts[0]) == 4
        and parts[0].isdigit()
        and parts[1].isdigit()
        and 1 <= int(parts[1]) <= 12
        and len(parts[1]) == 2
    )
