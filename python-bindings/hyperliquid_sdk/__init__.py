"""hyperliquid_sdk: a typed Python client of `hl serve` (the Hyperliquid TypeScript SDK as a gRPC
service), sync (Client) and asyncio (AsyncClient), with pydantic models generated from the schema.

    from hyperliquid_sdk import Client
    with Client(devnet=True) as hl:          # starts a local `hl serve --devnet` on a free port
        book = hl.l2_book(coin="BTC")        # -> models.L2BookResponse
"""

from __future__ import annotations

from ._generated import models
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

__all__ = [
    "ActionOutcomeUnknownError",
    "ApiError",
    "AsyncClient",
    "AuthenticationError",
    "Client",
    "HyperliquidError",
    "Issue",
    "NetworkError",
    "RateLimitError",
    "Sidecar",
    "SidecarError",
    "SignatureMismatchError",
    "TimeoutError",
    "ValidationError",
    "models",
]
