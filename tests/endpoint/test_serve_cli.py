"""`crimekg serve` as a command: start-up messages, refusals with exit code 2, clean shutdown."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from servekit import FIXTURES, ROOT, TOKEN, start_server

from queries.endpoint.server import is_loopback, url_of


def run_serve(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "crimekg", "serve", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )


def test_a_port_in_use_is_a_clear_message_and_exit_code_2() -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        started = time.monotonic()
        result = run_serve("--port", str(port))
    assert result.returncode == 2
    assert f"port {port} on 127.0.0.1 is in use" in result.stderr
    assert "--port 0" in result.stderr
    assert "Traceback" not in result.stderr
    assert time.monotonic() - started < 30


def test_updates_without_a_token_are_refused_at_start() -> None:
    environment = {key: value for key, value in os.environ.items() if key != "CRIMEKG_UPDATE_TOKEN"}
    result = subprocess.run(
        [sys.executable, "-m", "crimekg", "serve", "--port", "0", "--allow-update"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=60,
    )
    assert result.returncode == 2
    assert "CRIMEKG_UPDATE_TOKEN" in result.stderr


def test_a_weak_token_is_refused_at_start(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("short\n")
    result = run_serve("--port", "0", "--allow-update", "--token-file", str(token_file))
    assert result.returncode == 2
    assert "at least 16 characters" in result.stderr
    assert "short" not in result.stderr.replace("shorter", "")


def test_a_broken_extra_file_names_file_line_and_column(tmp_path: Path) -> None:
    broken = tmp_path / "draft.ttl"
    broken.write_text("@prefix ckr: <https://w3id.org/crimekg/resource/> .\nckr:a ckr:b \n")
    result = run_serve("--port", "0", str(broken))
    assert result.returncode == 2
    assert f"{broken}:3" in result.stderr or f"{broken}:2" in result.stderr


def test_the_update_token_is_never_printed(update_server) -> None:
    assert TOKEN not in update_server.log.read_text(errors="replace")


def test_loopback_addresses_are_told_apart_from_public_ones() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("") and not is_loopback("192.168.1.10")
    assert url_of("::1", 7878) == "http://[::1]:7878/"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_shutdown_stops_the_workers_and_removes_the_temporary_store(tmp_path: Path, signum: int) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    served = start_server(
        str(FIXTURES / "hostile-labels.ttl"), "--quiet", env={"TMPDIR": str(temp)}, log=tmp_path / "serve.log"
    )
    assert served.get("/sparql", query="ASK {}").status == 200
    workers = served.children()
    assert workers
    assert [p.name for p in temp.iterdir() if p.name.startswith("crimekg-serve-")]
    served.process.send_signal(signum)
    assert served.process.wait(30) == 0
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in workers):
        time.sleep(0.1)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
    assert not [p.name for p in temp.iterdir() if p.name.startswith("crimekg-serve-")]
    assert "Traceback" not in served.log.read_text(errors="replace")


def test_a_second_server_on_the_same_store_is_refused(update_server) -> None:
    args = list(update_server.process.args)
    store = args[args.index("--store") + 1]
    result = run_serve("--port", "0", "--store", store)
    assert result.returncode == 2
    assert "another crimekg serve is using the store" in result.stderr
    assert update_server.get("/sparql", query="ASK {}").status == 200
