"""Fixtures: one `hl serve --devnet` sidecar per session for the sync tests and one for the async
tests, each started by the client itself (no URL given). In a checkout the bundled server is
built first when it is missing; from an installed wheel it is the wheel's."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

import hyperliquid_sdk
from hyperliquid_sdk import Client

REPO = Path(__file__).resolve().parents[2]
BUNDLE = Path(hyperliquid_sdk.__file__).parent / "_server" / "hl-serve.mjs"


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("CI") == "true":
        # The compat tests compare with the official SDK; under CI they must run, not skip.
        import importlib.util

        if importlib.util.find_spec("hyperliquid") is None:
            raise pytest.UsageError("CI=true: the official hyperliquid-python-sdk (the compat tests' oracle) is not installed")
    if os.environ.get("HL_WHEEL_TEST") == "1":
        # Testing the installed wheel: its own server, nothing from a checkout.
        assert "site-packages" in hyperliquid_sdk.__file__, hyperliquid_sdk.__file__
        return
    if not BUNDLE.exists() and (REPO / "scripts/build-python-server.mjs").exists():
        subprocess.run(["node", str(REPO / "scripts/build-python-server.mjs")], check=True)


@pytest.fixture(scope="session")
def hl() -> Iterator[Client]:
    with Client(devnet=True) as client:
        yield client


def devnet_url(client: Client) -> str:
    """The embedded devnet's URL (the sidecar prints it: `API http://… (embedded devnet)`)."""
    assert client.sidecar is not None and client.sidecar.api_url is not None
    return client.sidecar.api_url


def devnet_admin(api_url: str, path: str, body: dict[str, object]) -> object:
    req = urllib.request.Request(f"{api_url}/devnet/{path}", data=json.dumps(body).encode(), headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as res:
        return json.loads(res.read())
