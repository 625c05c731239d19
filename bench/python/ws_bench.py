"""Anchor: the official Python SDK's WebsocketManager.on_message on the frames of bench/ws.ts.

on_message is what websocket-client calls per text frame: json.loads, ws_msg_to_identifier,
then every callback registered for that identifier. No socket is opened: the manager is built
(its WebSocketApp only connects in run()) and its subscription table filled as subscribe()
would once connected.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any, Callable

from hyperliquid.websocket_manager import ActiveSubscription, WebsocketManager


def measure(name: str, fn: Callable[[], object], duration: float = 1.5) -> dict[str, Any]:
    warm = time.perf_counter() + 0.3
    while time.perf_counter() < warm:
        fn()
    times: list[float] = []
    start = time.perf_counter()
    now = start
    while now < start + duration:
        t0 = time.perf_counter()
        fn()
        now = time.perf_counter()
        times.append(now - t0)
    times.sort()
    q = lambda p: times[min(len(times) - 1, int(p * len(times)))] * 1e6  # noqa: E731
    return {"name": name, "opsPerSec": len(times) / (now - start), "p50us": q(0.5), "p99us": q(0.99), "samples": len(times)}


def main() -> None:
    with open(sys.argv[1], encoding="utf8") as f:
        frames: dict[str, str] = json.load(f)
    manager = WebsocketManager("http://127.0.0.1:9")
    delivered = {"l2Book": 0, "trades": 0, "allMids": 0}

    def counter(kind: str) -> Callable[[Any], None]:
        def callback(_msg: Any) -> None:
            delivered[kind] += 1

        return callback

    coin = json.loads(frames["l2Book"])["data"]["coin"].lower()
    manager.active_subscriptions[f"l2Book:{coin}"].append(ActiveSubscription(counter("l2Book"), 1))
    manager.active_subscriptions[f"trades:{coin}"].append(ActiveSubscription(counter("trades"), 2))
    manager.active_subscriptions["allMids"].append(ActiveSubscription(counter("allMids"), 3))
    out = []
    for kind in ("l2Book", "trades", "allMids"):
        frame = frames[kind]
        before = delivered[kind]
        result = measure("python sdk WebsocketManager", lambda: manager.on_message(None, frame))
        if delivered[kind] - before < result["samples"]:
            raise SystemExit(f"{kind}: callback missed frames")
        out.append(result)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
