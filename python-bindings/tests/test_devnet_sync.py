"""Client (sync) against the embedded devnet through its own sidecar: place, modify, cancel,
market open and close, leverage, transfer, a subscription across a forced WebSocket drop,
and errors built from the service's details."""

from __future__ import annotations

import itertools
import time
from decimal import Decimal

import pytest
from conftest import devnet_admin, devnet_url

from hyperliquid_sdk import AuthenticationError, Client, Overflow, Reconnected, ValidationError
from hyperliquid_sdk import models as m

_cloids = itertools.count(1)


def limit(a: int, buy: bool, px: Decimal, sz: str, tif: str = "Gtc", reduce_only: bool = False, cloid: str | None = None) -> m.OrderWire:
    return m.OrderWire(a=a, b=buy, p=px, s=sz, r=reduce_only, t=m.OrderType(limit=m.LimitOrderType(tif=tif)), c=cloid)  # type: ignore[arg-type]


def btc_mid(hl: Client) -> Decimal:
    return hl.all_mids().mids["BTC"]


def position(hl: Client, coin: str) -> Decimal:
    assert hl.address
    state = hl.clearinghouse_state(user=hl.address)
    return sum((p.position.szi for p in state.asset_positions if p.position.coin == coin), Decimal(0))


def test_place_modify_cancel(hl: Client) -> None:
    assert hl.address
    px = (btc_mid(hl) * Decimal("0.9")).quantize(Decimal(1))
    cloid = f"0x{next(_cloids):032x}"
    placed = hl.order(orders=[limit(0, True, px, "0.001", cloid=cloid)], grouping=m.Grouping(named="na"))
    assert placed.ok is not None
    resting = placed.ok.response.data.statuses[0].keyed
    assert resting is not None and resting.resting is not None and resting.resting.cloid == cloid
    modified = hl.modify(oid=m.OidOrCloid(cloid=cloid), order=limit(0, True, px - 1, "0.002", cloid=cloid))
    assert modified.ok is not None
    (order,) = [o for o in hl.open_orders(user=hl.address).orders if o.cloid == cloid]
    assert (order.limit_px, order.sz) == (px - 1, Decimal("0.002"))
    cancelled = hl.cancel(cancels=[m.CancelWire(a=0, o=order.oid)])
    assert cancelled.ok is not None and cancelled.ok.response.data.statuses[0].success == "success"
    assert not [o for o in hl.open_orders(user=hl.address).orders if o.cloid == cloid]


def test_market_open_and_close(hl: Client) -> None:
    before = position(hl, "ETH")
    mid = hl.all_mids().mids["ETH"]
    opened = hl.order(orders=[limit(1, True, (mid * Decimal("1.05")).quantize(Decimal("0.1")), "0.01", tif="Ioc")], grouping=m.Grouping(named="na"))
    assert opened.ok is not None
    filled = opened.ok.response.data.statuses[0].keyed
    assert filled is not None and filled.filled is not None and filled.filled.total_sz == Decimal("0.01")
    assert position(hl, "ETH") == before + Decimal("0.01")
    closed = hl.order(orders=[limit(1, False, (mid * Decimal("0.95")).quantize(Decimal("0.1")), "0.01", tif="Ioc", reduce_only=True)], grouping=m.Grouping(named="na"))
    assert closed.ok is not None and closed.ok.response.data.statuses[0].keyed is not None
    assert position(hl, "ETH") == before


def test_leverage(hl: Client) -> None:
    assert hl.address
    hl.update_leverage(asset=2, is_cross=False, leverage=3)
    data = hl.active_asset_data(user=hl.address, coin="SOL")
    assert (data.leverage.type, data.leverage.value) == ("isolated", 3)


def test_usd_send(hl: Client) -> None:
    assert hl.address
    to = "0x" + "22" * 20
    before = hl.clearinghouse_state(user=hl.address).withdrawable
    hl.usd_send(destination=to, amount=Decimal("2.5"))
    assert hl.clearinghouse_state(user=hl.address).withdrawable == before - Decimal("2.5")
    assert hl.clearinghouse_state(user=to).withdrawable == Decimal("2.5")


def test_subscription_survives_a_websocket_drop(hl: Client) -> None:
    stream = hl.subscribe_l2_book(coin="BTC")
    first = next(stream)
    assert isinstance(first, m.L2BookMessage) and first.coin == "BTC" and first.levels.bids
    devnet_admin(devnet_url(hl), "faults", {"dropWebSockets": True})
    # The stream goes on across the server's reconnect: a Reconnected marker (reset what was
    # built so far), then a fresh snapshot.
    events = []
    for event in stream:
        events.append(event)
        if isinstance(event, m.L2BookMessage) and any(isinstance(e, Reconnected) for e in events):
            break
    assert Reconnected(channel="l2Book") in events, events
    after = events[-1]
    assert isinstance(after, m.L2BookMessage) and after.coin == "BTC" and after.time >= first.time
    assert not [e for e in events if isinstance(e, Overflow)]
    stream.close()  # type: ignore[attr-defined]


def test_user_events_stream_sees_a_fill(hl: Client) -> None:
    assert hl.address
    stream = hl.subscribe_user_fills(user=hl.address)
    snapshot = next(stream)
    assert isinstance(snapshot, m.UserFillsMessage) and snapshot.is_snapshot
    mid = hl.all_mids().mids["BTC"]
    hl.order(orders=[limit(0, True, (mid * Decimal("1.05")).quantize(Decimal(1)), "0.001", tif="Ioc")], grouping=m.Grouping(named="na"))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        msg = next(stream)
        if isinstance(msg, m.UserFillsMessage) and msg.fills:
            assert msg.fills[0].coin == "BTC"
            break
    else:
        pytest.fail("no fill pushed")
    stream.close()  # type: ignore[attr-defined]


def test_validation_error_names_the_field(hl: Client) -> None:
    with pytest.raises(ValidationError) as e:
        hl.order(orders=[limit(-1, True, Decimal(1), "1")], grouping=m.Grouping(named="na"))
    assert e.value.code == "INVALID_ARGUMENT"
    assert any("orders" in i.path and "-1" in i.value and i.allowed for i in e.value.issues), e.value.issues


def test_wrong_token_is_an_authentication_error(hl: Client) -> None:
    with Client(hl.url, "not-the-token") as other:
        assert other.all_mids().mids  # reads need no token
        with pytest.raises(AuthenticationError):
            other.update_leverage(asset=0, is_cross=True, leverage=2)
