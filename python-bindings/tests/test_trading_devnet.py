"""Client.trading() / AsyncClient.trading() against the embedded devnet through a sidecar of their
own (cancel_all counts the wallet's orders): Ready first, then place / modify / cancel_all acked
with latency and statuses, the order update and fill pushed, and a refused command as a
CommandFailed carrying the ValidationError a unary call raises."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from decimal import Decimal
from typing import Any

from hyperliquid_sdk import AsyncClient, Client, ValidationError
from hyperliquid_sdk import models as m
from hyperliquid_sdk.trading import Ack, CommandFailed, Ready, TradingEvent


def limit(px: Decimal, sz: str, tif: str = "Gtc") -> m.OrderWire:
    return m.OrderWire(a=0, b=True, p=px.quantize(Decimal(1)), s=sz, r=False, t=m.OrderType(limit=m.LimitOrderType(tif=tif)))  # type: ignore[arg-type]


def until(events: Iterator[TradingEvent], wanted: Callable[[TradingEvent], bool]) -> Any:
    for event in events:
        if wanted(event):
            return event
    raise AssertionError("the stream ended first")


async def until_async(events: AsyncIterator[TradingEvent], wanted: Callable[[TradingEvent], bool]) -> Any:
    async for event in events:
        if wanted(event):
            return event
    raise AssertionError("the stream ended first")


def is_ack(client_id: str) -> Callable[[TradingEvent], bool]:
    return lambda e: isinstance(e, Ack) and e.client_id == client_id


def resting_oid(ack: Ack) -> int:
    assert isinstance(ack.response, m.OrderResponse) and ack.response.ok and ack.response.ok.response.data
    status = ack.response.ok.response.data.statuses[0]
    assert status.keyed and status.keyed.resting, status
    return status.keyed.resting.oid


def test_trading_stream_sync() -> None:
    with Client(devnet=True) as hl:
        assert hl.address
        mid = hl.all_mids().mids["BTC"]
        with hl.trading(timeout=60) as ts:
            events = iter(ts)
            ready = next(events)
            assert isinstance(ready, Ready) and ready.address.lower() == hl.address.lower()

            assert ts.place([limit(mid * Decimal("0.8"), "0.001")], m.Grouping(named="na"), client_id="p1") == "p1"
            placed: Ack = until(events, is_ack("p1"))
            assert placed.latency_us > 0 and placed.latency == placed.latency_us / 1e6 and placed.error is None
            oid = resting_oid(placed)
            until(events, lambda e: isinstance(e, m.OrderUpdatesMessage) and any(u.order.oid == oid for u in e.updates))

            modify_id = ts.modify(oid, limit(mid * Decimal("0.7"), "0.002"))
            assert modify_id == "c1"  # generated client ids
            modified: Ack = until(events, is_ack(modify_id))
            assert isinstance(modified.response, m.DefaultResponse) and modified.response.ok and modified.error is None

            cancelled: Ack = until(events, is_ack(ts.cancel_all("BTC")))
            assert cancelled.cancelled == 1 and isinstance(cancelled.response, m.CancelResponse) and cancelled.response.ok
            assert hl.open_orders(user=hl.address).orders == []
            nothing: Ack = until(events, is_ack(ts.cancel_all()))
            assert nothing.cancelled == 0 and nothing.response is None

            # refused by the server (an unknown coin): the same ValidationError as a unary call
            ts.cancel_all("NOPE", client_id="bad")
            failed = until(events, lambda e: isinstance(e, CommandFailed | Ack))
            assert isinstance(failed, CommandFailed) and failed.client_id == "bad"
            assert isinstance(failed.error, ValidationError) and failed.error.code == "INVALID_ARGUMENT"

            crossed: Ack = until(events, is_ack(ts.place([limit(mid * Decimal("1.05"), "0.001", "Ioc")], m.Grouping(named="na"))))
            assert isinstance(crossed.response, m.OrderResponse) and crossed.error is None
            fills = until(events, lambda e: isinstance(e, m.UserFillsMessage) and not e.is_snapshot and bool(e.fills))
            assert fills.fills[0].coin == "BTC"

            ts.close()  # the command side ends: so does the stream, after the last ack
            assert not [e for e in events if isinstance(e, CommandFailed)]


async def trading_async() -> None:
    async with AsyncClient(devnet=True) as hl:
        assert hl.address
        mid = (await hl.all_mids()).mids["BTC"]
        ts = hl.trading(timeout=60)
        async with ts:
            events = aiter(ts)
            ready = await anext(events)
            assert isinstance(ready, Ready) and ready.address.lower() == hl.address.lower()

            placed: Ack = await until_async(events, is_ack(await ts.place([limit(mid * Decimal("0.8"), "0.001")], m.Grouping(named="na"))))
            oid = resting_oid(placed)
            assert placed.latency_us > 0
            await until_async(events, lambda e: isinstance(e, m.OrderUpdatesMessage) and any(u.order.oid == oid for u in e.updates))

            cancelled: Ack = await until_async(events, is_ack(await ts.cancel([m.CancelWire(a=0, o=oid)], client_id="x")))
            assert isinstance(cancelled.response, m.CancelResponse) and cancelled.error is None

            await ts.cancel_all("NOPE", client_id="bad")
            failed = await until_async(events, lambda e: isinstance(e, CommandFailed | Ack))
            assert isinstance(failed, CommandFailed) and failed.client_id == "bad" and isinstance(failed.error, ValidationError)

            crossed: Ack = await until_async(events, is_ack(await ts.place([limit(mid * Decimal("1.05"), "0.001", "Ioc")], m.Grouping(named="na"))))
            assert crossed.error is None
            fills = await until_async(events, lambda e: isinstance(e, m.UserFillsMessage) and not e.is_snapshot and bool(e.fills))
            assert fills.fills[0].coin == "BTC"
            await ts.close()
            assert [e async for e in events if isinstance(e, CommandFailed)] == []


def test_trading_stream_async() -> None:
    asyncio.run(asyncio.wait_for(trading_async(), 90))


def test_trading_stream_signs_each_commands_expiry() -> None:
    """expires_after is signed into that command's action only: a past one is refused by the
    exchange ("Action expired"), a future one rests, a command without it is unaffected."""
    with Client(devnet=True) as hl:
        mid = hl.all_mids().mids["BTC"]
        now = int(time.time() * 1000)
        with hl.trading(timeout=60) as ts:
            events = iter(ts)
            assert isinstance(next(events), Ready)
            ts.place([limit(mid * Decimal("0.8"), "0.001")], m.Grouping(named="na"), client_id="past", expires_after=now - 60_000)
            past: Ack = until(events, is_ack("past"))
            assert isinstance(past.response, m.OrderResponse) and past.response.err is not None
            assert "expired" in str(past.response.err.response).lower()
            ts.place([limit(mid * Decimal("0.8"), "0.001")], m.Grouping(named="na"), client_id="later", expires_after=now + 60_000)
            resting_oid(until(events, is_ack("later")))
            resting_oid(until(events, is_ack(ts.place([limit(mid * Decimal("0.8"), "0.001")], m.Grouping(named="na")))))
            cancelled: Ack = until(events, is_ack(ts.cancel_all("BTC")))
            assert cancelled.cancelled == 2
