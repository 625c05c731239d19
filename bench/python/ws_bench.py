"""Anchor: the official Python SDK's WebsocketManager.on_message on the frames of bench/ws.ts.

on_message is what websocket-client calls per text frame: json.loads, ws_msg_to_identifier,
then every callback registered for that identifier. No socket is opened: the manager is built
(its WebSocketApp only connects in run()) and its subscription table filled as subscribe()
would once connected.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any

from bench_harness import measure
from hyperliquid.websocket_manager import ActiveSubscription, WebsocketManager


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
        result = measure("python sdk WebsocketManager", functools.partial(manager.on_message, None, frame))
        if delivered[kind] - before < result["samples"]:
            raise SystemExit(f"{kind}: callback missed frames")
        out.append(result)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
