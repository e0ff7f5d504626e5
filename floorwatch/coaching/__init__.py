"""Follow-ups on flags and operational coaching checks: pure logic, no Textual.

`config` reads `coaching.toml`; `journal` keeps every entry (follow-up, sample,
assessment, correction, escalation) as one atomically written file; `followup`,
`sampling`, `assessment`, `corrections` and `report` hold the rules the screens and
`floorwatch report` share.
"""
