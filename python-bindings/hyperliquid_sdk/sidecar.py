"""The local `hl serve` a client starts when it is given no server URL.

The wheel carries the server as one JavaScript file (``_server/hl-serve.mjs``, built by
scripts/build-python-server.mjs); only ``node`` >= 20 must be on PATH (or in ``$HL_NODE``).
The sidecar listens on a free loopback port (``--port 0``; the URL is read from its
``listening on`` line), with a fresh token in a 0600 file of a private temporary directory. It
stops when ``stop()`` is called, at interpreter exit (atexit), and by itself when this process
dies, however it dies: it runs in its own process group, so a terminal's Ctrl-C reaches Python
(which then stops it) rather than killing it mid-call, and it exits when its stdin closes.

A wallet key given to it is written once to its stdin (``--key-stdin``) and is never in argv,
the environment or a file. What stays in Python is whatever the caller holds (a ``str`` or an
eth_account LocalAccount): Python strings cannot be wiped, so this package drops its own
reference after the write and can do no more.
"""

from __future__ import annotations

import atexit
import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from .errors import SidecarError

MIN_NODE = (20, 0)
_LISTENING = re.compile(r"^listening on (https?://\S+)")
_WALLET = re.compile(r"wallet (0x[0-9a-fA-F]{40})")
_API = re.compile(r"API (https?://\S+)")


def server_script() -> Path:
    """The bundled server: $HL_SERVE_SCRIPT, else the package's _server/hl-serve.mjs."""
    env = os.environ.get("HL_SERVE_SCRIPT")
    path = Path(env) if env else Path(__file__).parent / "_server" / "hl-serve.mjs"
    if not path.is_file():
        raise SidecarError(
            f"the bundled hl serve is missing ({path})",
            hint="install the package from its wheel, or in a checkout run `npm run build:python` (node scripts/build-python-server.mjs)",
        )
    return path


def find_node() -> str:
    """Path of a node >= 20 ($HL_NODE, else PATH), or a SidecarError saying what to install."""
    node = os.environ.get("HL_NODE") or shutil.which("node")
    hint = "install Node.js 20 or newer (https://nodejs.org, or your package manager's nodejs) and put `node` on PATH, or set HL_NODE"
    if not node:
        raise SidecarError("node was not found: the local hl serve needs Node.js", hint=hint)
    try:
        out = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError) as e:
        raise SidecarError(f"{node} --version failed: {e}", hint=hint) from None
    m = re.match(r"v(\d+)\.(\d+)", out)
    if not m or (int(m.group(1)), int(m.group(2))) < MIN_NODE:
        raise SidecarError(f"node {out or '(unknown version)'} at {node} is too old: the local hl serve needs Node.js >= 20", hint=hint)
    return node


@dataclass
class Sidecar:
    """A running `hl serve` child process. Use ``Sidecar.start(...)``; ``stop()`` is idempotent."""

    url: str
    token: str
    address: str | None
    api_url: str | None
    process: subprocess.Popen[bytes]
    _dir: str
    _stderr: deque[str] = field(default_factory=lambda: deque(maxlen=40))
    _stopped: bool = False

    @classmethod
    def start(cls, *, network: str = "local", devnet: bool = False, private_key: str | None = None, args: tuple[str, ...] = (), start_timeout: float = 30.0) -> Sidecar:
        """Start `hl serve` on a free loopback port. ``devnet=True`` starts the embedded devnet
        behind it (with a funded throwaway wallet unless a key is given)."""
        node, script = find_node(), server_script()
        tmp = tempfile.mkdtemp(prefix="hl-serve-")
        token = secrets.token_urlsafe(32)
        token_file = os.path.join(tmp, "token")
        fd = os.open(token_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(token + "\n")
        # --h2c-only: this package speaks gRPC only; no HTTP/1.1 sniffing in front of http2.
        argv = [node, str(script), "--host", "127.0.0.1", "--port", "0", "--token-file", token_file, "--network", network, "--exit-with-stdin", "--h2c-only", *args]
        if devnet:
            argv.append("--devnet")
        if private_key is not None:
            argv.append("--key-stdin")
        env = {k: v for k, v in os.environ.items() if k != "HL_PRIVATE_KEY"}
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
        assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
        if private_key is not None:
            proc.stdin.write(private_key.encode() + b"\n")
            proc.stdin.flush()
            del private_key
        stderr: deque[str] = deque(maxlen=40)
        threading.Thread(target=_drain, args=(proc.stderr, stderr), daemon=True).start()
        url, address, api_url = _await_listening(proc, stderr, start_timeout)
        sidecar = cls(url=url, token=token, address=address, api_url=api_url, process=proc, _dir=tmp, _stderr=stderr)
        atexit.register(sidecar.stop)
        return sidecar

    def stop(self, grace: float = 5.0) -> None:
        """Close its stdin (it shuts down), then SIGTERM and, after ``grace`` s, SIGKILL its group."""
        if self._stopped:
            return
        self._stopped = True
        try:
            if self.process.stdin:
                self.process.stdin.close()
            try:
                self.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                _signal_group(self.process, signal.SIGTERM)
                try:
                    self.process.wait(timeout=grace)
                except subprocess.TimeoutExpired:
                    _signal_group(self.process, signal.SIGKILL)
                    self.process.wait()
        finally:
            shutil.rmtree(self._dir, ignore_errors=True)
            atexit.unregister(self.stop)

    def stderr_tail(self) -> str:
        """The last lines the server wrote to stderr (for error reports)."""
        return "\n".join(self._stderr)


def _signal_group(proc: subprocess.Popen[bytes], sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _drain(stream: object, into: deque[str]) -> None:
    for raw in iter(stream.readline, b""):  # type: ignore[attr-defined]
        into.append(raw.decode(errors="replace").rstrip())


def _await_listening(proc: subprocess.Popen[bytes], stderr: deque[str], timeout: float) -> tuple[str, str | None, str | None]:
    """Read stdout until `listening on URL` and the line after it (API and wallet); then drain it."""
    assert proc.stdout is not None
    lines: list[str] = []
    done = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for raw in iter(proc.stdout.readline, b""):
            lines.append(raw.decode(errors="replace").rstrip())
            if len(lines) >= 2 and any(_LISTENING.match(x) for x in lines):
                done.set()
        done.set()

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + timeout
    while not done.wait(0.05):
        if time.monotonic() > deadline:
            _signal_group(proc, signal.SIGKILL)
            raise SidecarError(f"hl serve did not say `listening on` within {timeout:.0f} s", details="\n".join([*lines, *stderr])[-2000:] or None)
    url = next((m.group(1) for x in lines if (m := _LISTENING.match(x))), None)
    if url is None:
        proc.wait(timeout=5)
        raise SidecarError(f"hl serve exited ({proc.returncode}) before listening", details="\n".join([*lines, *stderr])[-2000:] or None)
    wallet = next((m.group(1) for x in lines if (m := _WALLET.search(x))), None)
    api = next((m.group(1) for x in lines if (m := _API.search(x))), None)
    return url, wallet, api
