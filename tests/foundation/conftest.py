"""The CLI as a real subprocess, for the foundation tests."""

from __future__ import annotations

import subprocess
import sys

import pytest
from foundation_helpers import ROOT


@pytest.fixture
def crimekg(tmp_path):
    """Run ``python -m crimekg ARGS`` with an empty data folder (no researcher extensions)."""

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "crimekg", "--data-dir", str(tmp_path / "data"), *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )

    return run
