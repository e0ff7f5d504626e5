"""A correction a failed check requires: what, who owns it, by when (Enter moves on, saves).

The fields keep their labels once filled; the due date offered is `correction_days`
ahead, moved on to the Monday when it falls on a weekend.
"""

from __future__ import annotations

from datetime import date

from floorwatch.screens.coaching.form import Field, FormScreen, Values

#: (description, owner, due) as typed and checked.
CorrectionForm = tuple[str, str, date]


class CorrectionScreen(FormScreen):
    """Description, owner and due date of one correction; None on Escape."""

    def __init__(self, owner: str, due: date, who: str = "") -> None:
        fields = [
            Field("description", "Correction", placeholder="what must be corrected"),
            Field("owner", "Owner", owner, "who corrects it"),
            Field("due", "Due", due.isoformat(), "YYYY-MM-DD"),
        ]
        title = f"Correction required{f': {who}' if who else ''}"
        super().__init__(title, fields, _problem)

    def submit(self) -> None:
        values = self.values()
        problem = _problem(values)
        if problem:
            self.notify(problem, title="Not added", severity="error")
            return
        self.dismiss((values["description"], values["owner"], date.fromisoformat(values["due"])))


def _problem(values: Values) -> str | None:
    try:
        date.fromisoformat(values["due"])
    except ValueError:
        return f"due: {values['due']!r} is not YYYY-MM-DD"
    if not values["description"] or not values["owner"]:
        return "A correction needs a description and an owner."
    return None
