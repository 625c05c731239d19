"""Anchor: the official Python SDK's Exchange.order against bench/order.ts's loopback server.

Usage: order_bench.py <base_url> <seconds>. Prints a JSON list with one result. Meta and spot
meta are passed in, so nothing but the loopback /exchange endpoint is contacted.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import eth_account
from bench_harness import measure
from hyperliquid.exchange import Exchange

KEY = "0x8f1d3a6c0b5e4f2a9d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e"
META: Any = {"universe": [{"name": "BTC", "szDecimals": 5, "maxLeverage": 50}]}
SPOT_META: Any = {"tokens": [], "universe": []}


def main() -> None:
    base_url, duration = sys.argv[1], float(sys.argv[2])
    ex = Exchange(eth_account.Account.from_key(KEY), base_url, meta=META, spot_meta=SPOT_META)

    def place() -> None:
        res = ex.order("BTC", True, 0.0123, 30123.0, {"limit": {"tif": "Gtc"}})
        if res["status"] != "ok":
            raise RuntimeError(res)

    out = measure("python sdk: Exchange.order", place, duration)
    json.dump([out], sys.stdout)


if __name__ == "__main__":
    main()
