"""Stages of bench/python/sdk_bench.py: an order's time taken apart, and WebSocket delivery from
a source that is never the limit (bench/python/loopback_api.mjs, loopback only, stopped at the end)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "python-bindings"))

import eth_account
from hyperliquid.info import Info as OfficialInfo
from hyperliquid_sdk import Client
from hyperliquid_sdk import models as m
from sdk_bench import ROOT, Devnet, stats, timed


class LoopbackApi:
    """bench/python/loopback_api.mjs: an instant /exchange and a WebSocket source faster than any subscriber."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(["node", str(ROOT / "bench/python/loopback_api.mjs")], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().decode()
        match = re.search(r"listening on (http://\S+)", line)
        if not match:
            raise SystemExit(f"loopback_api did not start: {line!r}")
        self.url = match.group(1)

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=10)


def flood_bench(seconds: float) -> list[dict[str, Any]]:
    """Messages per second each client delivers to a Python callback when the source is not the
    limit (loopback_api.mjs): one client at a time, same source, same seconds, trades of one coin."""
    from hyperliquid.websocket_manager import WebsocketManager
    from hyperliquid_sdk.compat.websocket_manager import (
        WebsocketManager as CompatManager,
    )

    flood = LoopbackApi()
    sub = {"type": "trades", "coin": "BTC"}
    out: list[dict[str, Any]] = []

    def count(run: Any, name: str) -> None:
        n = [0]

        def cb(_msg: Any) -> None:
            n[0] += 1

        stop = run(cb)
        time.sleep(1.0)
        start = n[0]
        time.sleep(seconds)
        delivered = n[0] - start
        stop()
        out.append({"name": f"ws flood, messages delivered to a callback: {name}", "msgsPerSec": round(delivered / seconds)})

    def official(cb: Any) -> Any:
        manager = WebsocketManager(flood.url)
        manager.start()
        time.sleep(0.3)
        manager.subscribe(sub, cb)
        return manager.stop

    try:
        count(official, "official WebsocketManager")
        with Client(network=flood.url) as hl:

            def native(cb: Any) -> Any:
                stream = hl.subscribe_trades(coin="BTC")
                done = threading.Event()

                def pump() -> None:
                    for msg in stream:  # leaving the loop ends (cancels) the stream
                        cb(msg)
                        if done.is_set():
                            return

                thread = threading.Thread(target=pump, daemon=True)
                thread.start()

                def stop() -> None:
                    done.set()
                    thread.join(10)

                return stop

            def compat(cb: Any) -> Any:
                manager = CompatManager(flood.url, client=hl)
                manager.subscribe(sub, cb)
                return manager.stop

            count(native, "hyperliquid_sdk Client.subscribe_trades (typed models)")
            count(compat, "hyperliquid_sdk.compat WebsocketManager (wire dicts)")
    finally:
        flood.stop()
    return out


def order_decomposition(n: int) -> list[dict[str, Any]]:
    """Where an order's time goes, stage by stage (same devnet / loopback API as the rows above):
    the official SDK's signing alone and its POST of a pre-signed order; the TypeScript client
    directly against the devnet (hl serve's part without the hop); a gRPC round trip to hl
    serve that reaches nothing (the hop); Client.order through hl serve to an instant API."""
    import requests
    from hyperliquid.utils.signing import (
        get_timestamp_ms,
        order_request_to_order_wire,
        order_wires_to_order_action,
        sign_l1_action,
    )
    from hyperliquid_sdk._pb.grpc.health.v1 import health_pb2, health_pb2_grpc

    out: list[dict[str, Any]] = []
    devnet = Devnet()
    try:
        acct, ts_acct = eth_account.Account.create(), eth_account.Account.create()
        devnet.fund(acct.address)
        devnet.fund(ts_acct.address)
        px = round(float(OfficialInfo(devnet.url, skip_ws=True).all_mids()["BTC"]) * 0.5)
        req: Any = {"coin": "BTC", "is_buy": True, "sz": 0.001, "limit_px": px, "order_type": {"limit": {"tif": "Gtc"}}, "reduce_only": False}
        action = order_wires_to_order_action([order_request_to_order_wire(req, 0)])
        out.append(stats("official: sign_l1_action alone (eth_account)", timed(lambda: sign_l1_action(acct, action, None, get_timestamp_ms(), None, False), n)))
        bodies = []
        for i in range(n + 10):
            nonce = get_timestamp_ms() + i
            bodies.append({"action": action, "nonce": nonce, "signature": sign_l1_action(acct, action, None, nonce, None, False), "vaultAddress": None, "expiresAfter": None})
        session, it = requests.Session(), iter(bodies)
        out.append(stats("official: requests POST of a pre-signed order to the devnet", timed(lambda: session.post(devnet.url + "/exchange", json=next(it)).json(), n)))
        ts = subprocess.run(
            ["node", "--import", "tsx", str(ROOT / "bench/python/ts_order.ts"), devnet.url, "0x" + ts_acct.key.hex().removeprefix("0x"), str(n), str(px)],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
            timeout=120,
        )
        out.append(json.loads(ts.stdout) if ts.returncode == 0 else {"name": "TypeScript ExchangeClient.order, directly", "skipped": ts.stderr.strip()[-200:]})
    finally:
        devnet.stop()
    api = LoopbackApi()
    try:
        wire = m.OrderWire(a=0, b=True, p=Decimal(50000), s=Decimal("0.001"), r=False, t=m.OrderType(limit=m.LimitOrderType(tif="Gtc")))
        grouping = m.Grouping(named="na")
        with Client(network=api.url, private_key="0x" + eth_account.Account.create().key.hex().removeprefix("0x")) as hl:
            stub = health_pb2_grpc.HealthStub(hl._channel)
            out.append(stats("hyperliquid_sdk: gRPC round trip to hl serve, no upstream (health Check)", timed(lambda: stub.Check(health_pb2.HealthCheckRequest()), n)))
            out.append(stats("hyperliquid_sdk: Client.order via hl serve to an instant API (loopback_api.mjs)", timed(lambda: hl.order(orders=[wire], grouping=grouping), n)))
    finally:
        api.stop()
    return out
