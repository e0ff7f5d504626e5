"""The live side without a screen: the drop-folder watcher and the daily slots.

Nothing here imports textual, so the same logic can drive any front end.
"""

from floorwatch.watcher.drop import DropWatcher, changed_paths, snapshot
from floorwatch.watcher.schedule import (
    SlotStatus,
    due_slot,
    flag_changes,
    is_late,
    late_slot,
    late_trigger,
    slot_states,
    slot_trigger,
)

__all__ = [
    "DropWatcher",
    "SlotStatus",
    "changed_paths",
    "due_slot",
    "flag_changes",
    "is_late",
    "late_slot",
    "late_trigger",
    "slot_states",
    "slot_trigger",
    "snapshot",
]
