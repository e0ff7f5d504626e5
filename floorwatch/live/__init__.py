"""The app's data service: every read and write the TUI does, as blocking calls.

The UI runs these in thread workers and renders what they answer; nothing here imports
Textual. `floorwatch check` and the screens build their requests the same way
(`live.source.FloorSource`), so a number never differs between them.
"""

from floorwatch.live.source import FloorSource
from floorwatch.service import NoDataError

#: What a check the data service runs may raise besides StoreError (the store's).
__all__ = ["FloorSource", "NoDataError"]
