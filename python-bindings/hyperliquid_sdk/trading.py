"""TradingStream (hl.serve.v1.TradingService): one bidirectional stream a bot can live on.

Commands go in (place / modify / cancel / cancel_by_cloid / cancel_all, each with a client id the
server echoes); events come out: ``Ready`` first (the server wallet's feeds are subscribed), then
``Ack`` (the exchange's answer and the server's latency), ``CommandFailed`` (the command's error as
the same HyperliquidError a unary call raises), the wallet's order updates, fills and user events
(their message models) and ``Reconnected`` (a feed's WebSocket reconnected: re-read state).

    with hl.trading() as ts:
        ts.place(orders=[...], grouping=m.Grouping(named="na"), client_id="p1")
        for event in ts:
            if isinstance(event, Ack) and event.client_id == "p1": ...
"""

from __future__ import annotations

import itertools
import queue
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, Union

import grpc
import grpc.aio
from google.protobuf import json_format
from pydantic import BaseModel

from . import _fast
from ._pb.hl.serve.v1 import trading_pb2
from .errors import ApiError, HyperliquidError, error_from_status, from_rpc_error, status_code, unpack_details
from .streams import Reconnected

if TYPE_CHECKING:
    from ._generated import models as m

_METHOD = "/hl.serve.v1.TradingService/TradingStream"


@dataclass(frozen=True)
class Ready:
    """The stream is live: the wallet's feeds are subscribed. Commands sent earlier waited for it."""

    address: str


@dataclass(frozen=True)
class Ack:
    """A command's answer from the exchange (a rejection, ``err`` of the response, is one too)."""

    client_id: str
    latency_us: int
    """From the command's arrival at the server to the exchange's answer, in microseconds."""
    response: m.OrderResponse | m.DefaultResponse | m.CancelResponse | None
    """place -> OrderResponse, modify -> DefaultResponse, cancel* -> CancelResponse; None when
    cancel_all found no open order (nothing was sent)."""
    cancelled: int = 0
    """cancel_all: how many orders the cancel named."""

    @property
    def latency(self) -> float:
        """``latency_us`` in seconds."""
        return self.latency_us / 1e6

    @property
    def error(self) -> ApiError | None:
        """The exchange's refusal (``{"status": "err"}``) as an ApiError, else None."""
        err = getattr(self.response, "err", None)
        if err is None:
            return None
        return ApiError(f"the exchange refused the action: {err.response}", code="OK", reason="EXCHANGE_ERR")


@dataclass(frozen=True)
class CommandFailed:
    """A command that failed before or while it was sent; ``error`` is what the unary rpc raises."""

    client_id: str
    error: HyperliquidError


TradingEvent = Union[Ready, Ack, CommandFailed, "m.OrderUpdatesMessage", "m.UserFillsMessage", "m.UserEventsMessage", Reconnected]
"""What a trading stream yields."""


def read_trading_event(event: Any) -> TradingEvent:
    """The typed event of one hl.serve.v1.TradingEvent."""
    from ._generated import models

    which = event.WhichOneof("event")
    if which == "ready":
        return Ready(address=event.ready.address)
    if which == "ack":
        a = event.ack
        case = a.WhichOneof("response")
        kinds: dict[str, type[BaseModel]] = {"order": models.OrderResponse, "modify": models.DefaultResponse, "cancel": models.CancelResponse}
        response = _fast.convert(getattr(a, case), kinds[case]) if case else None
        return Ack(client_id=a.client_id, latency_us=int(a.latency_us), response=response, cancelled=int(a.cancelled))
    if which == "error":
        e = event.error
        return CommandFailed(client_id=e.client_id, error=error_from_status(status_code(e.code), e.message, unpack_details(e.details)))
    if which == "order_updates":
        result: TradingEvent = _fast.convert(event.order_updates, models.OrderUpdatesMessage)
        return result
    if which == "fills":
        result = _fast.convert(event.fills, models.UserFillsMessage)
        return result
    if which == "user_events":
        result = _fast.convert(event.user_events, models.UserEventsMessage)
        return result
    if which == "reconnected":
        return Reconnected(channel=event.reconnected.channel)
    raise ValueError(f"a trading event with no event (a newer server?): {which}")


_Envelope = tuple[str | None, int | None]
"""A command's per-call signing options: (vault_address, expires_after), each None for the server's default."""


class _Commands:
    """Builds the commands; ``_send`` is the sync or async transport. Every command takes
    ``vault_address`` (trade for a vault or sub-account) and ``expires_after`` (ms timestamp),
    signed into that action only (hl.serve.v1.ActionOptions)."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)

    def _command(self, client_id: str | None, field: str, action: BaseModel | None, env: _Envelope) -> tuple[str, trading_pb2.TradingCommand]:
        cid = client_id if client_id is not None else f"c{next(self._ids)}"
        cmd = trading_pb2.TradingCommand(client_id=cid)
        vault_address, expires_after = env
        if vault_address is not None:
            cmd.options.vault_address = vault_address
        if expires_after is not None:
            cmd.options.expires_after = expires_after
        if action is not None:
            json_format.ParseDict(action.model_dump(mode="json", exclude_none=True), getattr(cmd, field))
        return cid, cmd

    @staticmethod
    def _models() -> Any:
        from ._generated import models

        return models

    def _place(self, orders: list[m.OrderWire], grouping: m.Grouping, builder: m.BuilderFee | None, client_id: str | None, env: _Envelope) -> tuple[str, trading_pb2.TradingCommand]:
        return self._command(client_id, "place", self._models().OrderAction(orders=orders, grouping=grouping, builder=builder), env)

    def _modify(self, oid: m.OidOrCloid | int | str, order: m.OrderWire, client_id: str | None, env: _Envelope) -> tuple[str, trading_pb2.TradingCommand]:
        mm = self._models()
        if not isinstance(oid, mm.OidOrCloid):
            oid = mm.OidOrCloid(oid=oid) if isinstance(oid, int) else mm.OidOrCloid(cloid=oid)
        return self._command(client_id, "modify", mm.ModifyAction(oid=oid, order=order), env)

    def _cancel(self, cancels: list[m.CancelWire], client_id: str | None, env: _Envelope) -> tuple[str, trading_pb2.TradingCommand]:
        return self._command(client_id, "cancel", self._models().CancelAction(cancels=cancels), env)

    def _cancel_by_cloid(self, cancels: list[m.CancelByCloidWire], client_id: str | None, env: _Envelope) -> tuple[str, trading_pb2.TradingCommand]:
        return self._command(client_id, "cancel_by_cloid", self._models().CancelByCloidAction(cancels=cancels), env)

    def _cancel_all(self, coin: str, client_id: str | None, env: _Envelope) -> tuple[str, trading_pb2.TradingCommand]:
        cid, cmd = self._command(client_id, "cancel_all", None, env)
        cmd.cancel_all.coin = coin
        return cid, cmd


class TradingStream(_Commands):
    """The synchronous trading stream (``Client.trading()``). Each command method returns its
    client id (``c1``, ``c2``, … unless given). Iterate for events; ``close()`` ends the command
    side (the stream ends after the last ack); ``cancel()`` ends it at once."""

    def __init__(self, channel: grpc.Channel, metadata: tuple[tuple[str, str], ...], timeout: float | None = None) -> None:
        super().__init__()
        self._queue: queue.Queue[trading_pb2.TradingCommand | None] = queue.Queue()
        call = channel.stream_stream(_METHOD, request_serializer=trading_pb2.TradingCommand.SerializeToString, response_deserializer=trading_pb2.TradingEvent.FromString)
        self._call: Any = call(self._requests(), timeout=timeout, metadata=metadata)

    def _requests(self) -> Iterator[trading_pb2.TradingCommand]:
        while (cmd := self._queue.get()) is not None:
            yield cmd

    def _send(self, made: tuple[str, trading_pb2.TradingCommand]) -> str:
        self._queue.put(made[1])
        return made[0]

    def place(self, orders: list[m.OrderWire], grouping: m.Grouping, *, builder: m.BuilderFee | None = None, client_id: str | None = None, vault_address: str | None = None, expires_after: int | None = None) -> str:
        return self._send(self._place(orders, grouping, builder, client_id, (vault_address, expires_after)))

    def modify(self, oid: m.OidOrCloid | int | str, order: m.OrderWire, *, client_id: str | None = None, vault_address: str | None = None, expires_after: int | None = None) -> str:
        return self._send(self._modify(oid, order, client_id, (vault_address, expires_after)))

    def cancel(self, cancels: list[m.CancelWire], *, client_id: str | None = None, vault_address: str | None = None, expires_after: int | None = None) -> str:
        return self._send(self._cancel(cancels, client_id, (vault_address, expires_after)))

    def cancel_by_cloid(self, cancels: list[m.CancelByCloidWire], *, client_id: str | None = None, vault_address: str | None = None, expires_after: int | None = None) -> str:
        return self._send(self._cancel_by_cloid(cancels, client_id, (vault_address, expires_after)))

    def cancel_all(self, coin: str = "", *, client_id: str | None = None, vault_address: str | None = None, expires_after: int | None = None) -> str:
        """Cancel every open order of the server's wallet (of ``coin`` only when given)."""
        return self._send(self._cancel_all(coin, client_id, (vault_address, expires_after)))

    def __iter__(self) -> Iterator[TradingEvent]:
        try:
            for event in self._call:
                yield read_trading_event(event)
        except grpc.RpcError as e:
            if e.code() == grpc.StatusCode.CANCELLED:
                return
            raise from_rpc_error(e) from None

    def close(self) -> None:
        """End the command side: the server answers what it has and ends the stream."""
        self._queue.put(None)

    def abort(self) -> None:
        """End the stream at once (commands not yet answered may still have been sent)."""
        self._queue.put(None)
        self._call.cancel()

    def __enter__(self) -> TradingStream:
        return self

    def __exit__(self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.abort()


class AsyncTradingStream(_Commands):
    """The asyncio trading stream (``AsyncClient.trading()``): ``await`` the command methods,
    ``async for`` the events, ``await close()`` to end the command side, ``abort()`` to end it."""

    def __init__(self, channel: grpc.aio.Channel, metadata: tuple[tuple[str, str], ...], timeout: float | None = None) -> None:
        super().__init__()
        call: Any = channel.stream_stream(_METHOD, request_serializer=trading_pb2.TradingCommand.SerializeToString, response_deserializer=trading_pb2.TradingEvent.FromString)
        # No request iterator: commands are written with call.write().
        self._call: Any = call(timeout=timeout, metadata=metadata)

    async def _send(self, made: tuple[str, trading_pb2.TradingCommand]) -> str:
        try:
            await self._call.write(made[1])
        except grpc.RpcError as e:
            raise from_rpc_error(e) from None
        return made[0]

    async def place(self, orders: list[m.OrderWire], grouping: m.Grouping, *, builder: m.BuilderFee | None = None, client_id: str | None = None, vault_address: str | None = None, expires_after: int | None = None) -> str:
        return await self._send(self._place(orders, grouping, builder, client_id, (vault_address, expires_after)))

    async def modify(self, oid: m.OidOrCloid | int | str, order: m.OrderWire, *, client_id: str | None = None, vault_address: str | None = None, expires_after: int | None = None) -> str:
        return await self._send(self._modify(oid, order, client_id, (vault_address, expires_after)))

    async def cancel(self, cancels: list[m.CancelWire], *, client_id: str | None = None, vault_address: str | None = None, expires_after: int | None = None) -> str:
        return await self._send(self._cancel(cancels, client_id, (vault_address, expires_after)))

    async def cancel_by_cloid(self, cancels: list[m.CancelByCloidWire], *, client_id: str | None = None, vault_address: str | None = None, expires_after: int | None = None) -> str:
        return await self._send(self._cancel_by_cloid(cancels, client_id, (vault_address, expires_after)))

    async def cancel_all(self, coin: str = "", *, client_id: str | None = None, vault_address: str | None = None, expires_after: int | None = None) -> str:
        """Cancel every open order of the server's wallet (of ``coin`` only when given)."""
        return await self._send(self._cancel_all(coin, client_id, (vault_address, expires_after)))

    async def __aiter__(self) -> AsyncIterator[TradingEvent]:
        try:
            async for event in self._call:
                yield read_trading_event(event)
        except grpc.RpcError as e:
            if e.code() == grpc.StatusCode.CANCELLED:
                return
            raise from_rpc_error(e) from None

    async def close(self) -> None:
        """End the command side: the server answers what it has and ends the stream."""
        await self._call.done_writing()

    def abort(self) -> None:
        """End the stream at once."""
        self._call.cancel()

    async def __aenter__(self) -> AsyncTradingStream:
        return self

    async def __aexit__(self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.abort()


__all__ = ["Ack", "AsyncTradingStream", "CommandFailed", "Ready", "TradingEvent", "TradingStream", "read_trading_event"]
