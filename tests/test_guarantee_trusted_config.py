"""Promise (v2): a config value that makes no sense is refused with file, line and key,
like every other config error; a UTF-8 BOM at the top of a TOML file (Notepad) is fine."""

from __future__ import annotations

from pathlib import Path

import pytest

from floorwatch.settings import ConfigError, load_config


def _folder(tmp_path: Path, name: str, text: str, *, bom: bool = False) -> Path:
    folder = tmp_path / "config"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    return folder


@pytest.mark.parametrize(
    ("name", "text", "line", "key", "words"),
    [
        ("qsa.toml", "tolerance_pct = 5\nutilization_pct = nan\n", 2, "utilization_pct", "finite"),
        ("qsa.toml", "logged_in_pct = inf\n", 1, "logged_in_pct", "finite"),
        ("floorwatch.toml", "\nidle_alert_minutes = -inf\n", 2, "idle_alert_minutes", "finite"),
        ("floorwatch.toml", "stale_after_minutes = +inf\n", 1, "stale_after_minutes", "finite"),
        ("qsa.toml", "[task_types]\nRenewal = nan\n", 2, "task_types.Renewal", "finite"),
        ("qsa.toml", "get_next_target_pct = 180\n", 1, "get_next_target_pct", "100 at most"),
        (
            "qsa.toml",
            "[queues.Intake]\ncompletion_low_pct = 101\n",
            2,
            "queues.Intake.completion_low_pct",
            "100 at most",
        ),
        (
            "qsa.toml",
            "[queues.Intake]\ncompletion_high_pct = 70\ncompletion_low_pct = 80\n",
            3,
            "queues.Intake.completion_low_pct",
            "above",
        ),
        (
            "floorwatch.toml",
            "trend_window_days = 4\ntrend_min_days = 5\n",
            2,
            "trend_min_days",
            "above trend_window_days",
        ),
        ("floorwatch.toml", "trend_min_days = 9\n", 1, "trend_min_days", "(5)"),
        ("floorwatch.toml", 'clock = "server"\n', 1, "clock", '"wall" or "exports"'),
        ("floorwatch.toml", 'date_order = "YMD"\n', 1, "date_order", '"MDY" or "DMY"'),
    ],
)
def test_nonsense_is_refused_with_file_line_and_key(
    tmp_path: Path, name: str, text: str, line: int, key: str, words: str
) -> None:
    folder = _folder(tmp_path, name, text)
    with pytest.raises(ConfigError) as caught:
        load_config(folder)
    error = caught.value
    assert (error.file.name, error.line, error.key) == (name, line, key)
    assert words in error.reason


def test_a_bom_at_the_top_of_a_toml_file_is_accepted(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "floorwatch.toml", "idle_alert_minutes = 12\n", bom=True)
    _folder(tmp_path, "qsa.toml", "utilization_pct = 70.0\n", bom=True)
    config = load_config(folder)
    assert config.settings.idle_alert_minutes == 12
    assert config.settings.qsa.utilization_pct == 70.0


def test_the_v2_choices_are_read(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "floorwatch.toml", 'clock = "exports"\ndate_order = "DMY"\n')
    settings = load_config(folder).settings
    assert (settings.clock, settings.date_order) == ("exports", "DMY")
    assert load_config(None).settings.clock == "wall"
