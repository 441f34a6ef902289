"""Settings are declared once as data, documented, and read from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.errors import ConfigError
from sitrep.settings import SETTINGS, Settings

DOC = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"


def test_every_setting_is_documented_with_its_default() -> None:
    doc = DOC.read_text()
    for spec in SETTINGS:
        row = next((line for line in doc.splitlines() if line.startswith(f"| `{spec.name}` |")), None)
        assert row is not None, f"docs/configuration.md lacks a row for {spec.name}"
        assert f"SITREP_{spec.name.upper()}" in row
        if spec.default != "":
            assert f"`{spec.default}`" in row, f"default of {spec.name} differs from the docs"


def test_environment_overrides_default_and_arguments_override_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SITREP_BATCH_SIZE", "7")
    monkeypatch.setenv("SITREP_ALLOW_PRIVATE", "yes")
    s = Settings.load()
    assert s.batch_size == 7 and s.allow_private is True
    assert Settings.load(batch_size=3).batch_size == 3


def test_bad_values_name_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITREP_BATCH_SIZE", "many")
    with pytest.raises(ConfigError, match="batch_size"):
        Settings.load()
    monkeypatch.delenv("SITREP_BATCH_SIZE")
    with pytest.raises(ConfigError, match="unknown setting"):
        Settings.load(colour="red")


def test_default_database_lives_in_the_data_dir(tmp_path: Path) -> None:
    s = Settings.load(data_dir=str(tmp_path))
    assert s.db_url == str(tmp_path / "sitrep.db")
    assert Settings.load(db="postgresql://u@h/db").db_url == "postgresql://u@h/db"
