"""The compat layer against the embedded devnet, as a bot written for hyperliquid-python-sdk 0.24
would use it: Exchange(LocalAccount, base_url) starts its own `hl serve` with the key on stdin;
order / modify / cancel / market open and close / leverage / transfer return the original's
shapes; Info(skip_ws=False) subscriptions resubscribe across a dropped stream."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import eth_account
import pytest
from conftest import devnet_admin, devnet_url

from hyperliquid_sdk import Client
from hyperliquid_sdk.compat.exchange import Exchange
from hyperliquid_sdk.compat.info import Info
from hyperliquid_sdk.compat.utils import constants
from hyperliquid_sdk.compat.utils.types import Cloid


@pytest.fixture(scope="module")
def bot(hl: Client) -> Iterator[tuple[Exchange, Info, str]]:
    account = eth_account.Account.create()
    api = devnet_url(hl)
    devnet_admin(api, "fund", {"user": account.address, "usdc": "5000"})
    exchange = Exchange(account, api)
    info = Info(api, skip_ws=False)
    yield exchange, info, account.address
    info.close()
    exchange.close()


def test_constants_are_the_originals() -> None:
    assert constants.MAINNET_API_URL == "https://api.hyperliquid.xyz" and constants.LOCAL_API_URL == "http://localhost:3001"


def test_order_modify_cancel(bot: tuple[Exchange, Info, str]) -> None:
    exchange, info, address = bot
    assert exchange.client.address and exchange.client.address.lower() == address.lower()
    px = round(float(info.all_mids()["BTC"]) * 0.9)
    cloid = Cloid.from_int(7)
    res = exchange.order("BTC", True, 0.001, px, {"limit": {"tif": "Gtc"}}, cloid=cloid)
    assert res["status"] == "ok", res
    oid = res["response"]["data"]["statuses"][0]["resting"]["oid"]
    assert info.query_order_by_cloid(address, cloid)["order"]["order"]["oid"] == oid
    res = exchange.modify_order(oid, "BTC", True, 0.002, px - 10, {"limit": {"tif": "Gtc"}}, cloid=cloid)
    assert res["status"] == "ok", res
    (order,) = info.open_orders(address)
    assert (order["sz"], float(order["limitPx"])) == ("0.002", px - 10)
    res = exchange.cancel_by_cloid("BTC", cloid)
    assert res == {"status": "ok", "response": {"type": "cancel", "data": {"statuses": ["success"]}}}
    assert info.open_orders(address) == []


def test_market_open_close_and_leverage(bot: tuple[Exchange, Info, str]) -> None:
    exchange, info, address = bot
    assert exchange.update_leverage(4, "ETH", is_cross=False) == {"status": "ok", "response": {"type": "default"}}
    res = exchange.market_open("ETH", True, 0.05)
    assert res["status"] == "ok" and "filled" in res["response"]["data"]["statuses"][0], res
    (pos,) = [p["position"] for p in info.user_state(address)["assetPositions"] if p["position"]["coin"] == "ETH"]
    assert pos["szi"] == "0.05" and pos["leverage"]["type"] == "isolated" and pos["leverage"]["value"] == 4
    res = exchange.market_close("ETH")
    assert res is not None and res["status"] == "ok", res
    assert [p for p in info.user_state(address)["assetPositions"] if p["position"]["coin"] == "ETH"] == []


def test_transfer_and_an_err_answer(bot: tuple[Exchange, Info, str]) -> None:
    exchange, info, address = bot
    to = "0x" + "55" * 20
    assert exchange.usd_transfer(3.5, to) == {"status": "ok", "response": {"type": "default"}}
    assert info.user_state(to)["withdrawable"] in ("3.5", "3.50")
    res = exchange.usd_transfer(10_000_000, to)
    assert res["status"] == "err" and isinstance(res["response"], str)


def test_subscription_resubscribes_after_a_dropped_stream(bot: tuple[Exchange, Info, str], hl: Client) -> None:
    exchange, info, address = bot
    got: list[Any] = []
    seen = threading.Event()

    def on_fill(msg: Any) -> None:
        got.append(msg)
        if any(f["coin"] == "BTC" for f in msg["data"].get("fills", [])):
            seen.set()

    sid = info.subscribe({"type": "userFills", "user": address}, on_fill)
    deadline = time.monotonic() + 10
    while not got and time.monotonic() < deadline:
        time.sleep(0.05)
    assert got and got[0]["channel"] == "userFills" and got[0]["data"]["isSnapshot"] is True
    # userFills is an event stream: a WebSocket drop ends it (messages may be lost) and the
    # manager subscribes again; a fill after that still reaches the callback.
    devnet_admin(devnet_url(hl), "faults", {"dropWebSockets": True})
    assert info.ws_manager is not None
    deadline = time.monotonic() + 15
    while info.ws_manager.reconnect_count(sid) == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert info.ws_manager.reconnect_count(sid) >= 1
    res = exchange.market_open("BTC", True, 0.001)
    assert res["status"] == "ok", res
    assert seen.wait(15), got[-3:]
    assert info.unsubscribe({"type": "userFills", "user": address}, sid) is True
    exchange.market_close("BTC")
