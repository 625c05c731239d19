"""hyperliquid_sdk (this package, over `hl serve`) vs the official hyperliquid-python-sdk 0.24 on
the same local devnet (`hl devnet`, loopback only, stopped at the end):

- order placement: p50 / p99 of one resting GTC order, sequential, through Client (sync),
  AsyncClient and the compat Exchange, vs the official Exchange.order;
- WebSocket messages delivered to a Python callback per second: a devnet with simulated order
  flow, both subscribed to the same trades + l2Book streams at once for the same seconds;
  and the Python-side cost per message (decode + convert + callback) on one recorded message;
- import time of both packages (fresh interpreters, median of 5);
- and, in sdk_stages.py, where an order's time goes stage by stage, and messages per second
  from a loopback source that outruns every client (bench/python/loopback_api.mjs).

Usage: sdk_bench.py [orders=300] [ws_seconds=5] [flow=3000]. Prints a JSON list of results.
Run from the repository root after `npm run build:js` and scripts/build-python-server.mjs.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python-bindings"))

import eth_account
from hyperliquid.exchange import Exchange as OfficialExchange
from hyperliquid.info import Info as OfficialInfo
from hyperliquid_sdk import AsyncClient, Client
from hyperliquid_sdk import models as m
from hyperliquid_sdk.compat.exchange import Exchange as CompatExchange


class Devnet:
    def __init__(self, flow: int = 0) -> None:
        args = ["node", str(ROOT / "bin/hl.js"), "devnet", "--port", "0", "--flow", str(flow)]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().decode()
        match = re.search(r"listening on (http://\S+)", line)
        if not match:
            self.stop()
            raise SystemExit(f"devnet did not start: {line!r}")
        self.url = match.group(1)

    def fund(self, user: str, usdc: str = "100000") -> None:
        req = urllib.request.Request(f"{self.url}/devnet/fund", data=json.dumps({"user": user, "usdc": usdc}).encode(), headers={"content-type": "application/json"})
        urllib.request.urlopen(req, timeout=10).read()

    def stop(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        self.proc.wait(timeout=10)


def stats(name: str, times: list[float]) -> dict[str, Any]:
    times = sorted(times)

    def q(p: float) -> float:
        return times[min(len(times) - 1, int(p * len(times)))] * 1e6

    return {"name": name, "samples": len(times), "p50us": round(q(0.5)), "p99us": round(q(0.99)), "opsPerSec": round(len(times) / sum(times), 1)}


def timed(fn: Any, n: int) -> list[float]:
    for _ in range(10):
        fn()
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def order_bench(n: int) -> list[dict[str, Any]]:
    devnet = Devnet()
    try:
        official_acct, ours_acct, compat_acct = (eth_account.Account.create() for _ in range(3))
        for a in (official_acct, ours_acct, compat_acct):
            devnet.fund(a.address)
        mid = float(OfficialInfo(devnet.url, skip_ws=True).all_mids()["BTC"])
        px = round(mid * 0.5)
        official = OfficialExchange(official_acct, devnet.url)

        def place_official() -> None:
            res = official.order("BTC", True, 0.001, px, {"limit": {"tif": "Gtc"}})
            assert res["status"] == "ok" and "resting" in res["response"]["data"]["statuses"][0], res

        results = [stats("official hyperliquid-python-sdk: Exchange.order", timed(place_official, n))]
        wire = m.OrderWire(a=0, b=True, p=Decimal(px), s=Decimal("0.001"), r=False, t=m.OrderType(limit=m.LimitOrderType(tif="Gtc")))
        grouping = m.Grouping(named="na")
        with Client(network=devnet.url, private_key="0x" + ours_acct.key.hex().removeprefix("0x")) as hl:

            def place_sync() -> None:
                res = hl.order(orders=[wire], grouping=grouping)
                assert res.ok is not None

            results.append(stats("hyperliquid_sdk Client.order (sync)", timed(place_sync, n)))

        async def run_async() -> list[float]:
            async with AsyncClient(network=devnet.url, private_key="0x" + ours_acct.key.hex().removeprefix("0x")) as ahl:
                for _ in range(10):
                    await ahl.order(orders=[wire], grouping=grouping)
                out = []
                for _ in range(n):
                    t0 = time.perf_counter()
                    res = await ahl.order(orders=[wire], grouping=grouping)
                    out.append(time.perf_counter() - t0)
                    assert res.ok is not None
                return out

        results.append(stats("hyperliquid_sdk AsyncClient.order", asyncio.run(run_async())))
        compat = CompatExchange(compat_acct, devnet.url)
        try:

            def place_compat() -> None:
                res = compat.order("BTC", True, 0.001, px, {"limit": {"tif": "Gtc"}})
                assert res["status"] == "ok", res

            results.append(stats("hyperliquid_sdk.compat Exchange.order", timed(place_compat, n)))
        finally:
            compat.close()
        return results
    finally:
        devnet.stop()


def ws_bench(seconds: float, flow: int) -> list[dict[str, Any]]:
    devnet = Devnet(flow)
    try:
        from hyperliquid.websocket_manager import WebsocketManager

        counts = {"official": 0, "ours": 0, "ours-compat": 0}
        lock = threading.Lock()

        def counter(key: str) -> Any:
            def cb(_msg: Any) -> None:
                with lock:
                    counts[key] += 1

            return cb

        official = WebsocketManager(devnet.url)
        official.start()
        time.sleep(0.5)
        for sub in ({"type": "trades", "coin": "BTC"}, {"type": "l2Book", "coin": "BTC"}):
            official.subscribe(sub, counter("official"))
        with Client(network=devnet.url) as hl:
            from hyperliquid_sdk.compat.websocket_manager import (
                WebsocketManager as CompatManager,
            )

            compat = CompatManager(devnet.url, client=hl)
            for sub in ({"type": "trades", "coin": "BTC"}, {"type": "l2Book", "coin": "BTC"}):
                compat.subscribe(sub, counter("ours-compat"))

            stop = threading.Event()

            def native(stream: Any) -> None:
                cb = counter("ours")
                try:
                    for msg in stream:
                        cb(msg)
                        if stop.is_set():
                            return
                except Exception:  # noqa: BLE001 - the channel closes under it at the end
                    return

            streams = [hl.subscribe_trades(coin="BTC"), hl.subscribe_l2_book(coin="BTC")]
            threads = [threading.Thread(target=native, args=(s,), daemon=True) for s in streams]
            for t in threads:
                t.start()
            time.sleep(1.0)
            with lock:
                for k in counts:
                    counts[k] = 0
            time.sleep(seconds)
            with lock:
                snapshot = dict(counts)
            stop.set()
            compat.stop()
        official.stop()
        results = [{"name": f"ws messages delivered to a callback: {k}", "msgsPerSec": round(v / seconds, 1), "flow": flow} for k, v in snapshot.items()]
        results += per_message_cost(devnet)
        return results
    finally:
        devnet.stop()


def per_message_cost(devnet: Devnet) -> list[dict[str, Any]]:
    """Python-side cost of one l2Book message: the official on_message on its JSON frame vs this
    package's protobuf decode + model (native) / + wire dict (compat) on the same book."""
    from hyperliquid.websocket_manager import ActiveSubscription, WebsocketManager
    from hyperliquid_sdk import _rpc
    from hyperliquid_sdk._fast import to_wire_of
    from hyperliquid_sdk.streams import read_event
    from hyperliquid_sdk.wire import to_wire

    book = json.loads(urllib.request.urlopen(urllib.request.Request(f"{devnet.url}/info", data=b'{"type":"l2Book","coin":"BTC"}', headers={"content-type": "application/json"})).read())
    frame = json.dumps({"channel": "l2Book", "data": book})
    manager = WebsocketManager("http://127.0.0.1:9")
    manager.active_subscriptions["l2Book:btc"].append(ActiveSubscription(lambda _m: None, 1))
    official = timed(lambda: manager.on_message(None, frame), 3000)
    # The stream sends hl.serve.v1.L2BookEvent envelopes whose `data` is the book.
    _, event_cls = _rpc.message_classes("hl.v1.SubscriptionService", "L2Book")
    model = m.L2BookMessage.model_validate({"coin": book["coin"], "time": book["time"], "levels": {"bids": book["levels"][0], "asks": book["levels"][1]}})
    envelope: Any = event_cls()
    envelope.data.CopyFrom(_rpc.to_proto(model, type(envelope.data)))
    payload = envelope.SerializeToString()
    native = timed(lambda: read_event(event_cls.FromString(payload), m.L2BookMessage), 3000)
    via_models = timed(lambda: to_wire(read_event(event_cls.FromString(payload), m.L2BookMessage)), 3000)
    compat = timed(lambda: to_wire_of(event_cls.FromString(payload).data, m.L2BookMessage), 3000)
    return [
        stats("per l2Book message: official WebsocketManager.on_message", official),
        stats("per l2Book message: hyperliquid_sdk decode + model", native),
        stats("per l2Book message: hyperliquid_sdk.compat decode + wire dict (what its callbacks get)", compat),
        stats("per l2Book message: decode + model + to_wire (the compat path before)", via_models),
    ]


def import_time(stmt: str) -> float:
    code = f"import time; t=time.perf_counter(); {stmt}; print(time.perf_counter()-t)"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "python-bindings")}
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout) for _ in range(5)]
    return statistics.median(runs)


def import_bench() -> list[dict[str, Any]]:
    cases = {
        "official: from hyperliquid.exchange import Exchange; from hyperliquid.info import Info": "from hyperliquid.exchange import Exchange; from hyperliquid.info import Info",
        "hyperliquid_sdk: from hyperliquid_sdk import Client": "from hyperliquid_sdk import Client",
        "hyperliquid_sdk: Client + models (first use)": "from hyperliquid_sdk import Client, models; models.OrderWire",
        "hyperliquid_sdk.compat: Exchange + Info": "from hyperliquid_sdk.compat.exchange import Exchange; from hyperliquid_sdk.compat.info import Info",
    }
    return [{"name": f"import {k}", "ms": round(import_time(v) * 1000, 1)} for k, v in cases.items()]


def main() -> None:
    orders = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    ws_seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 5.0
    flow = int(sys.argv[3]) if len(sys.argv) > 3 else 3000
    from sdk_stages import flood_bench, order_decomposition

    results = import_bench() + order_bench(orders) + order_decomposition(orders) + ws_bench(ws_seconds, flow) + flood_bench(ws_seconds)
    json.dump(results, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
