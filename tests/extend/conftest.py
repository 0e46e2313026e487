"""Fixtures of the extension tests: a fresh data directory per test."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data directory, used through $CRIMEKG_DATA."""
    folder = tmp_path / "data"
    monkeypatch.setenv("CRIMEKG_DATA", str(folder))
    monkeypatch.setenv("CRIMEKG_AUTHOR", "Test Researcher")
    monkeypatch.delenv("CRIMEKG_TEST_CRASH_AT", raising=False)
    monkeypatch.chdir(tmp_path)
    return folder
