"""Anchor: the official Python SDK signing the same actions as bench/signing.ts."""

from __future__ import annotations

import json
import sys
from typing import Any

import eth_account
from bench_harness import measure
from hyperliquid.utils.signing import (
    USD_SEND_SIGN_TYPES,
    sign_l1_action,
    sign_user_signed_action,
)

KEY = "0x8f1d3a6c0b5e4f2a9d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e"


def order_action(n: int) -> dict[str, Any]:
    orders = [
        {"a": i % 5, "b": i % 2 == 0, "p": "30123.5", "s": "0.0123", "r": False, "t": {"limit": {"tif": "Gtc"}}, "c": "0x" + f"{i:032x}"}
        for i in range(n)
    ]
    return {"type": "order", "orders": orders, "grouping": "na"}


def main() -> None:
    wallet = eth_account.Account.from_key(KEY)
    nonce = 1_700_000_000_000
    one, ten = order_action(1), order_action(10)
    usd = {"type": "usdSend", "signatureChainId": "0x66eee", "hyperliquidChain": "Mainnet", "destination": "0x5e9ee1089755c3435139848e47e6635505d5a13a", "amount": "12.5", "time": nonce}
    which = sys.argv[1:] or ["l1-1", "l1-10", "usdSend"]
    out = []
    if "l1-1" in which:
        out.append(measure("python sdk: L1 order ×1", lambda: sign_l1_action(wallet, one, None, nonce, None, True)))
    if "l1-10" in which:
        out.append(measure("python sdk: L1 order ×10", lambda: sign_l1_action(wallet, ten, None, nonce, None, True)))
    if "usdSend" in which:
        out.append(measure("python sdk: usdSend", lambda: sign_user_signed_action(wallet, dict(usd), USD_SEND_SIGN_TYPES, "HyperliquidTransaction:UsdSend", True)))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
