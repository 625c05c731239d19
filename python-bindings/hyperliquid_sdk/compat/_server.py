"""The `hl serve` behind the compat classes: a sidecar started for the original's base_url, or a
running server named by HL_SERVE_URL (and HL_SERVE_TOKEN)."""

from __future__ import annotations

import os

from ..client import Client
from .utils.constants import MAINNET_API_URL


def connect(base_url: str | None, timeout: float | None, private_key: str | None = None) -> Client:
    """A Client for the API at base_url (MAINNET_API_URL when None, as in the original)."""
    url = os.environ.get("HL_SERVE_URL")
    if url and private_key is None:
        return Client(url, os.environ.get("HL_SERVE_TOKEN"), timeout=timeout or 30.0, check=False)
    # `--network URL`: the server's API is base_url; its WebSocket is base_url's /ws.
    return Client(network=base_url or MAINNET_API_URL, private_key=private_key, timeout=timeout or 30.0, check=False)
