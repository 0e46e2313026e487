"""The README's two commands are the ones CI runs and the ones that set a fresh machine up."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def readme_commands() -> list[str]:
    """The shell commands in the README's first two ```sh blocks (the main job, the test suite)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.S)
    return [block.strip() for block in blocks[:2]]


def test_readme_test_command_is_what_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    _, test_command = readme_commands()
    assert test_command in ci.splitlines(), "the README's test command must be a line of .ci/run"


def test_readme_main_command_checks_exports_and_serves():
    main_command, _ = readme_commands()
    assert "pip install" in main_command
    for step in ("crimekg check", "crimekg export", "crimekg serve"):
        assert step in main_command, f"the main command should run {step!r}"


def test_readme_commands_set_up_their_own_environment():
    for command in readme_commands():
        assert command.startswith(("python3 -m venv", "(command -v chromium")), command
        assert "python3 -m venv .venv" in command
