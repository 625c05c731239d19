"""Calling `hl serve` from Python with grpcio.

The stubs are generated at run time from the repository's schema/ with grpcio-tools (nothing
generated is committed), into a temporary directory. Then: InfoService (mids, a book, the
account), ExchangeService (an order that rests and its cancel; actions need the bearer token
and are signed by the server's wallet), and one message of the SubscriptionService l2Book stream.

    hl serve --devnet        # prints the URL; the token is in .hl-serve-token
    HL_SERVE_URL=http://127.0.0.1:50051 HL_SERVE_USER=0x... python examples/serve_from_python.py

Environment: HL_SERVE_URL (default http://127.0.0.1:50051), HL_SERVE_TOKEN (default: read from
.hl-serve-token), HL_SERVE_USER (the server wallet's address, for the account read).
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

import grpc
from grpc_tools import protoc

SCHEMA = Path(__file__).resolve().parent.parent / "schema"


def generate_stubs(out: Path) -> None:
    """protoc with the grpc plugin over schema/hl, with grpc_tools' copy of the well-known types."""
    well_known = Path(protoc.__file__).parent / "_proto"
    protos = [str(p.relative_to(SCHEMA)) for p in sorted(SCHEMA.glob("hl/**/*.proto"))]
    args = ["protoc", f"-I{SCHEMA}", f"-I{well_known}", f"--python_out={out}", f"--grpc_python_out={out}", *protos]
    if protoc.main(args) != 0:
        raise SystemExit("protoc failed to generate the Python stubs from schema/")
    # No __init__.py: hl/ and hl/v1/ import as namespace packages, and nothing named google/ is
    # made here to shadow the installed google.protobuf.


def load(name: str) -> ModuleType:
    return importlib.import_module(name)


def server_target(url: str) -> str:
    if not url.startswith("http://"):
        raise SystemExit(f"HL_SERVE_URL={url}: this example speaks h2c (http://); use grpc.secure_channel for https")
    return url.removeprefix("http://").rstrip("/")


def bearer_token() -> str:
    token = os.environ.get("HL_SERVE_TOKEN")
    if token:
        return token
    path = Path(".hl-serve-token")
    if not path.exists():
        raise SystemExit("set HL_SERVE_TOKEN or run from the directory holding .hl-serve-token")
    return path.read_text().strip()


def main() -> None:
    url = os.environ.get("HL_SERVE_URL", "http://127.0.0.1:50051")
    user = os.environ.get("HL_SERVE_USER")
    with tempfile.TemporaryDirectory(prefix="hl-grpc-") as tmp:
        out = Path(tmp)
        generate_stubs(out)
        sys.path.insert(0, str(out))
        info_pb = load("hl.v1.info_market_pb2")
        account_pb = load("hl.v1.info_account_pb2")
        perp_pb = load("hl.v1.info_perp_pb2")
        order_pb = load("hl.v1.exchange_order_pb2")
        ws_pb = load("hl.v1.ws_market_pb2")
        info_grpc = load("hl.v1.info_service_pb2_grpc")
        exchange_grpc = load("hl.v1.exchange_service_pb2_grpc")
        subs_grpc = load("hl.v1.subscription_service_pb2_grpc")

        with grpc.insecure_channel(server_target(url)) as channel:
            info = info_grpc.InfoServiceStub(channel)
            mids = info.AllMids(info_pb.AllMidsRequest(), timeout=10)
            print("mids:", dict(mids.mids))
            book = info.L2Book(info_pb.L2BookRequest(coin="ETH"), timeout=10)
            best_bid, best_ask = book.levels.bids[0], book.levels.asks[0]
            print(f"ETH book: {best_bid.px} / {best_ask.px}")
            if user:
                state = info.ClearinghouseState(account_pb.ClearinghouseStateRequest(user=user), timeout=10)
                print("account value:", state.marginSummary.accountValue)

            # Actions: the server signs with its wallet; every call carries the bearer token.
            exchange = exchange_grpc.ExchangeServiceStub(channel)
            auth = (("authorization", f"Bearer {bearer_token()}"),)
            eth = next(i for i, asset in enumerate(info.Meta(perp_pb.MetaRequest(), timeout=10).universe) if asset.name == "ETH")
            price = str(round(float(best_bid.px) * 0.9))
            order = order_pb.OrderWire(a=eth, b=True, p=price, s="0.1", r=False, t=order_pb.OrderType(limit=order_pb.LimitOrderType(tif="Gtc")))
            answer: Any = exchange.Order(order_pb.OrderAction(orders=[order], grouping=order_pb.Grouping(named="na")), metadata=auth, timeout=10)
            if answer.WhichOneof("value") == "err":
                raise SystemExit(f"the exchange refused the order: {answer.err.response}")
            status = answer.ok.response.data.statuses[0]
            print("order status:", status)
            if status.keyed.WhichOneof("status") != "resting":
                raise SystemExit(f"expected the order at {price} to rest: {status}")
            oid = status.keyed.resting.oid
            cancelled: Any = exchange.Cancel(order_pb.CancelAction(cancels=[order_pb.CancelWire(a=eth, o=oid)]), metadata=auth, timeout=10)
            if cancelled.WhichOneof("value") == "err":
                raise SystemExit(f"the exchange refused the cancel: {cancelled.err.response}")
            print("cancel:", cancelled.ok.response.data.statuses[0])

            try:
                exchange.Order(order_pb.OrderAction(orders=[order], grouping=order_pb.Grouping(named="na")), timeout=10)
                raise SystemExit("an action without the token was accepted")
            except grpc.RpcError as e:
                print("without the token:", e.code().name)

            # Streams: each message is an envelope (data, or a reconnected / overflow marker that
            # tells the client to reset what it built); the first data message is a snapshot.
            stream = subs_grpc.SubscriptionServiceStub(channel).L2Book(ws_pb.L2BookSubscription(coin="ETH"), timeout=10)
            first = next(event.data for event in stream if event.WhichOneof("event") == "data")
            print(f"streamed ETH book: {first.levels.bids[0].px} / {first.levels.asks[0].px}")
            stream.cancel()


if __name__ == "__main__":
    main()
