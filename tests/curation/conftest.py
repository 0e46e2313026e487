"""Fixtures of the extension tests: a fresh data directory per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "curation" / "valid" / "linkage.ttl"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data directory, used through $CRIMEKG_DATA."""
    folder = tmp_path / "data"
    monkeypatch.setenv("CRIMEKG_DATA", str(folder))
    monkeypatch.setenv("CRIMEKG_AUTHOR", "Test Researcher")
    monkeypatch.delenv("CRIMEKG_TEST_CRASH_AT", raising=False)
    monkeypatch.chdir(tmp_path)
    return folder


@pytest.fixture(scope="session")
def _one_extension(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding one extension (tests/fixtures/curation/valid/linkage.ttl), made once."""
    from extendkit import cli

    folder = tmp_path_factory.mktemp("one-extension") / "data"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CRIMEKG_DATA", str(folder))
        patch.setenv("CRIMEKG_AUTHOR", "Test Researcher")
        run = cli("add", str(FIXTURE), "--source", "Port study", "--quiet")
        assert run.code == 0, run.text
    return folder


@pytest.fixture
def one_extension(data_dir: Path, _one_extension: Path) -> Path:
    """A fresh copy of a data directory that holds one extension (linkage.ttl, source "Port study")."""
    shutil.copytree(_one_extension, data_dir)
    return data_dir
