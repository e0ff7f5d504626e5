"""Settings: floorwatch.toml, qsa.toml, columns.toml and roster.csv, read and validated."""

from floorwatch.settings.errors import ConfigError, ConfigWarning
from floorwatch.settings.load import Config, load_config
from floorwatch.settings.model import QSA, ColumnMap, QueueRange, Settings

__all__ = [
    "QSA",
    "ColumnMap",
    "Config",
    "ConfigError",
    "ConfigWarning",
    "QueueRange",
    "Settings",
    "load_config",
]
