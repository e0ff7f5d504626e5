"""The live side without a screen: the drop-folder watcher, the daily slots, the data door.

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
from floorwatch.watcher.source import FloorSource

__all__ = [
    "DropWatcher",
    "FloorSource",
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
