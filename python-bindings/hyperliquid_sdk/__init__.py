"""hyperliquid_sdk: a typed Python client of `hl serve` (the Hyperliquid TypeScript SDK as a gRPC
service), sync (Client) and asyncio (AsyncClient), with pydantic models generated from the schema.

    from hyperliquid_sdk import Client
    with Client(devnet=True) as hl:          # starts a local `hl serve --devnet` on a free port
        book = hl.l2_book(coin="BTC")        # -> models.L2BookResponse
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._generated.methods import NULL
from .aio import AsyncClient
from .client import Client
from .errors import (
    ActionOutcomeUnknownError,
    ApiError,
    AuthenticationError,
    HyperliquidError,
    Issue,
    NetworkError,
    RateLimitError,
    SidecarError,
    SignatureMismatchError,
    TimeoutError,
    ValidationError,
)
from .sidecar import Sidecar
from .streams import Overflow, Reconnected

if TYPE_CHECKING:
    from . import models


def __getattr__(name: str) -> Any:
    # The models module is imported on first use (it is most of the import time).
    if name == "models":
        import importlib

        return importlib.import_module(f"{__name__}.models")
    raise AttributeError(name)


__all__ = [
    "ActionOutcomeUnknownError",
    "ApiError",
    "AsyncClient",
    "AuthenticationError",
    "Client",
    "HyperliquidError",
    "Issue",
    "NULL",
    "NetworkError",
    "Overflow",
    "RateLimitError",
    "Reconnected",
    "Sidecar",
    "SidecarError",
    "SignatureMismatchError",
    "TimeoutError",
    "ValidationError",
    "models",
]
