"""A gRPC client of `hl serve` in Python: grpcio with stubs that grpcio-tools generated from
schema/ (the test puts them on PYTHONPATH), not the project's bindings.

Checks health, reads l2Book, places, modifies and cancels an order, then keeps an l2Book and a
userFills stream open through a WebSocket drop forced on the devnet: each stream must deliver
a `reconnected` marker and then data again. Prints one JSON line of results; exits 1 on failure.

Usage: grpc_client.py HOST:PORT TOKEN DEVNET_URL WALLET_ADDRESS
"""

import json
import queue
import sys
import threading
import time
import urllib.request

import grpc

# schema/grpc/health is generated with schema/grpc as its root: "grpc" is grpcio's own package.
from health.v1 import health_pb2, health_pb2_grpc
from hl.v1 import exchange_order_pb2 as order_pb
from hl.v1 import (
    exchange_service_pb2_grpc,
    info_account_pb2,
    info_market_pb2,
    info_service_pb2_grpc,
    subscription_service_pb2_grpc,
    ws_market_pb2,
    ws_user_pb2,
)

TIMEOUT = 10


def fail(message):
    print(json.dumps({"ok": False, "error": message}), flush=True)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def order_wire(price, size="0.001", tif="Gtc"):
    return order_pb.OrderWire(
        a=0,
        b=True,
        p=price,
        s=size,
        r=False,
        t=order_pb.OrderType(limit=order_pb.LimitOrderType(tif=tif)),
    )


def watch(stream, events, name):
    """Puts (name, kind) of each stream message on `events` until the stream ends."""
    try:
        for message in stream:
            events.put((name, message.WhichOneof("event")))
    except grpc.RpcError as e:
        if e.code() != grpc.StatusCode.CANCELLED:
            events.put((name, f"error:{e.code().name}"))


def main():
    target, token, devnet_url, address = sys.argv[1:5]
    auth = (("authorization", f"Bearer {token}"),)
    channel = grpc.insecure_channel(target)
    grpc.channel_ready_future(channel).result(timeout=TIMEOUT)
    results = {}

    health = health_pb2_grpc.HealthStub(channel).Check(
        health_pb2.HealthCheckRequest(service=""), timeout=TIMEOUT
    )
    check(
        health.status == health_pb2.HealthCheckResponse.SERVING,
        f"health: {health.status}",
    )
    results["health"] = "SERVING"

    info = info_service_pb2_grpc.InfoServiceStub(channel)
    book = info.L2Book(info_market_pb2.L2BookRequest(coin="BTC"), timeout=TIMEOUT)
    check(book.coin == "BTC" and len(book.levels.bids) > 0, "l2Book: no bids")
    best_bid = float(book.levels.bids[0].px)
    results["l2Book"] = {
        "bids": len(book.levels.bids),
        "bestBid": book.levels.bids[0].px,
    }

    exchange = exchange_service_pb2_grpc.ExchangeServiceStub(channel)
    placed = exchange.Order(
        order_pb.OrderAction(
            orders=[order_wire(str(round(best_bid * 0.8)))],
            grouping=order_pb.Grouping(named="na"),
        ),
        metadata=auth,
        timeout=TIMEOUT,
    )
    check(placed.WhichOneof("value") == "ok", f"order rejected: {placed}")
    status = placed.ok.response.data.statuses[0]
    check(
        status.keyed.WhichOneof("status") == "resting", f"order not resting: {status}"
    )
    oid = status.keyed.resting.oid
    results["placed"] = oid

    modified = exchange.Modify(
        order_pb.ModifyAction(
            oid=order_pb.OidOrCloid(oid=oid),
            order=order_wire(str(round(best_bid * 0.7)), size="0.002"),
        ),
        metadata=auth,
        timeout=TIMEOUT,
    )
    check(modified.WhichOneof("value") == "ok", f"modify rejected: {modified}")
    # A modify replaces the order: cancel what is open now (the new oid).
    open_orders = info.OpenOrders(
        info_account_pb2.OpenOrdersRequest(user=address), timeout=TIMEOUT
    )
    check(
        len(open_orders.orders) == 1 and open_orders.orders[0].sz == "0.002",
        f"after modify: {open_orders}",
    )
    new_oid = open_orders.orders[0].oid
    results["modified"] = new_oid

    cancelled = exchange.Cancel(
        order_pb.CancelAction(cancels=[order_pb.CancelWire(a=0, o=new_oid)]),
        metadata=auth,
        timeout=TIMEOUT,
    )
    check(cancelled.WhichOneof("value") == "ok", f"cancel rejected: {cancelled}")
    check(
        cancelled.ok.response.data.statuses[0].success == "success",
        f"cancel status: {cancelled}",
    )
    results["cancelled"] = True

    # Streams through a forced WebSocket drop on the devnet side.
    subs = subscription_service_pb2_grpc.SubscriptionServiceStub(channel)
    events = queue.Queue()
    streams = {
        "l2Book": subs.L2Book(ws_market_pb2.L2BookSubscription(coin="BTC"), timeout=60),
        "userFills": subs.UserFills(
            ws_user_pb2.UserFillsSubscription(user=address), timeout=60
        ),
    }
    for name, stream in streams.items():
        threading.Thread(target=watch, args=(stream, events, name), daemon=True).start()
    seen = {name: [] for name in streams}

    def wait_for(predicate, what):
        deadline = time.monotonic() + TIMEOUT
        while not predicate():
            left = deadline - time.monotonic()
            if left <= 0:
                fail(f"timed out waiting for {what}; seen {seen}")
            try:
                name, kind = events.get(timeout=left)
            except queue.Empty:
                continue
            seen[name].append(kind)

    wait_for(
        lambda: all(seen[n][:1] == ["data"] for n in streams),
        "the first message of each stream",
    )
    drop = urllib.request.Request(
        f"{devnet_url}/devnet/faults",
        data=json.dumps({"dropWebSockets": True}).encode(),
        headers={"content-type": "application/json"},
    )
    urllib.request.urlopen(drop, timeout=TIMEOUT).read()

    def through_drop(n):
        kinds = seen[n]
        return "reconnected" in kinds and "data" in kinds[kinds.index("reconnected") :]

    wait_for(
        lambda: all(through_drop(n) for n in streams),
        "a reconnected marker then data on each stream",
    )
    for n, kinds in seen.items():
        check(not any(k.startswith("error") for k in kinds), f"{n} ended: {kinds}")
    for stream in streams.values():
        stream.cancel()
    results["streams"] = {n: seen[n] for n in streams}
    print(json.dumps({"ok": True, **results}), flush=True)


if __name__ == "__main__":
    main()
