"""The sidecar's life: it goes away when Python exits normally, on Ctrl-C (SIGINT) and when Python
is killed outright (its stdin closes); a missing node is a SidecarError saying what to install."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from hyperliquid_sdk import Client, SidecarError
from hyperliquid_sdk.sidecar import find_node

SCRIPT = textwrap.dedent(
    """
    import sys, time
    from hyperliquid_sdk import Client
    hl = Client(devnet=True)
    assert hl.all_mids().mids
    print(hl.sidecar.process.pid, flush=True)
    if sys.argv[1] == "exit":
        sys.exit(0)
    time.sleep(60)
    """
)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its dead parent's reaper) counts as gone.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def run_child(mode: str) -> tuple[subprocess.Popen[str], int]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    child = subprocess.Popen([sys.executable, "-c", SCRIPT, mode], stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line.strip().isdigit(), line
    return child, int(line)


def gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("mode", ["exit", "sigint", "sigkill"])
def test_the_server_stops_with_python(mode: str) -> None:
    child, server = run_child(mode)
    assert alive(server)
    if mode == "sigint":
        child.send_signal(signal.SIGINT)
    elif mode == "sigkill":
        child.kill()
    child.wait(timeout=20)
    assert gone_within(server, 15), f"hl serve (pid {server}) outlived Python ({mode})"


def test_missing_node_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HL_NODE", "/nonexistent/node")
    with pytest.raises(SidecarError) as e:
        find_node()
    assert e.value.hint and "Node.js 20" in e.value.hint
    with pytest.raises(SidecarError):
        Client(devnet=True)
