"""AsyncClient against the embedded devnet through its own sidecar: the same trading paths as the
sync tests, a subscription as an async iterator across a forced WebSocket drop, and errors."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest
from conftest import devnet_admin

from hyperliquid_sdk import ApiError, AsyncClient, Reconnected, ValidationError
from hyperliquid_sdk import models as m


def wire(a: int, buy: bool, px: Decimal, sz: str, tif: str = "Gtc", reduce_only: bool = False) -> m.OrderWire:
    return m.OrderWire(a=a, b=buy, p=px, s=sz, r=reduce_only, t=m.OrderType(limit=m.LimitOrderType(tif=tif)))  # type: ignore[arg-type]


async def scenario() -> None:
    async with AsyncClient(devnet=True) as hl:
        assert hl.address and hl.sidecar and hl.sidecar.api_url
        user = hl.address
        mid = (await hl.all_mids()).mids["BTC"]
        placed = await hl.order(orders=[wire(0, True, (mid * Decimal("0.9")).quantize(Decimal(1)), "0.001")], grouping=m.Grouping(named="na"))
        assert placed.ok is not None
        status = placed.ok.response.data.statuses[0].keyed
        assert status is not None and status.resting is not None
        oid = status.resting.oid
        await hl.modify(oid=m.OidOrCloid(oid=oid), order=wire(0, True, (mid * Decimal("0.8")).quantize(Decimal(1)), "0.003"))
        orders = (await hl.open_orders(user=user)).orders
        assert [o.sz for o in orders] == [Decimal("0.003")]
        await hl.cancel(cancels=[m.CancelWire(a=0, o=orders[0].oid)])
        assert (await hl.open_orders(user=user)).orders == []

        # market open and close, concurrently with a leverage change on another asset
        up = (mid * Decimal("1.05")).quantize(Decimal(1))
        opened, _ = await asyncio.gather(hl.order(orders=[wire(0, True, up, "0.002", "Ioc")], grouping=m.Grouping(named="na")), hl.update_leverage(asset=1, is_cross=True, leverage=7))
        assert opened.ok is not None
        state = await hl.clearinghouse_state(user=user)
        assert [p.position.szi for p in state.asset_positions if p.position.coin == "BTC"] == [Decimal("0.002")]
        down = (mid * Decimal("0.95")).quantize(Decimal(1))
        await hl.order(orders=[wire(0, False, down, "0.002", "Ioc", reduce_only=True)], grouping=m.Grouping(named="na"))
        state = await hl.clearinghouse_state(user=user)
        assert [p for p in state.asset_positions if p.position.coin == "BTC"] == []
        assert (await hl.active_asset_data(user=user, coin="ETH")).leverage.value == 7

        await hl.usd_send(destination="0x" + "33" * 20, amount=Decimal("1"))
        assert (await hl.clearinghouse_state(user="0x" + "33" * 20)).withdrawable == Decimal(1)

        # an async-iterator subscription across a dropped WebSocket
        stream = hl.subscribe_all_mids()
        it = aiter(stream)
        first = await anext(it)
        assert isinstance(first, m.AllMidsMessage) and "BTC" in first.mids
        await asyncio.to_thread(devnet_admin, hl.sidecar.api_url, "faults", {"dropWebSockets": True})
        # a Reconnected marker, then mids from the new connection
        marker = await asyncio.wait_for(anext(it), 15)
        while isinstance(marker, m.AllMidsMessage):  # sent before the drop reached the stream
            marker = await asyncio.wait_for(anext(it), 15)
        assert marker == Reconnected(channel="allMids")
        second = await asyncio.wait_for(anext(it), 15)
        assert isinstance(second, m.AllMidsMessage) and "BTC" in second.mids
        await it.aclose()  # type: ignore[attr-defined]

        with pytest.raises(ValidationError):
            await hl.update_leverage(asset=0, is_cross=True, leverage=-3)
        with pytest.raises(ApiError):
            # more than the account has: the exchange answers {"status":"err"}
            await hl.usd_send(destination="0x" + "44" * 20, amount=Decimal("99999999"))


def test_async_client_trades_and_streams() -> None:
    asyncio.run(scenario())
