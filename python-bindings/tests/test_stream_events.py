"""The envelopes of subscriptions and trading events read without a server: each oneof member of
hl.serve.v1.*Event to its model or marker, and a TradingEvent error to the exception a unary
call raises (from its code and packed google.rpc details)."""

from __future__ import annotations

from typing import Any

import pytest
from google.protobuf import any_pb2

from hyperliquid_sdk import AuthenticationError, Overflow, RateLimitError, Reconnected, ValidationError, _rpc
from hyperliquid_sdk import models as m
from hyperliquid_sdk._pb.google.rpc import error_details_pb2
from hyperliquid_sdk._pb.hl.serve.v1 import trading_pb2
from hyperliquid_sdk.streams import read_event
from hyperliquid_sdk.trading import Ack, CommandFailed, Ready, read_trading_event


def envelope(rpc: str) -> Any:
    _, cls = _rpc.message_classes("hl.v1.SubscriptionService", rpc)
    return cls()


def test_data_reconnected_and_overflow_of_an_envelope() -> None:
    e = envelope("Trades")
    trade = m.TradesMessage.model_validate(
        {"trades": [{"coin": "BTC", "side": "B", "px": "1.5", "sz": "2", "time": 7, "hash": "0x" + "00" * 32, "tid": 3, "users": ["0x" + "11" * 20, "0x" + "22" * 20]}]}
    )
    e.data.CopyFrom(_rpc.to_proto(trade, type(e.data)))
    got = read_event(type(e).FromString(e.SerializeToString()), m.TradesMessage)
    assert isinstance(got, m.TradesMessage) and got.trades[0].px == trade.trades[0].px and got.trades[0].tid == 3

    e = envelope("Trades")
    e.reconnected.channel = "trades"
    assert read_event(e, m.TradesMessage) == Reconnected(channel="trades")
    e = envelope("L2Book")
    e.overflow.dropped = 12
    assert read_event(e, m.L2BookMessage) == Overflow(dropped=12)
    with pytest.raises(ValueError, match="no event"):
        read_event(envelope("L2Book"), m.L2BookMessage)


def packed(detail: Any) -> any_pb2.Any:
    a = any_pb2.Any()
    a.Pack(detail)
    return a


def test_trading_error_events_map_to_the_unary_exceptions() -> None:
    bad = error_details_pb2.BadRequest(field_violations=[error_details_pb2.BadRequest.FieldViolation(field="orders[0].p", description='"1.000"; allowed: a canonical decimal')])
    ev = trading_pb2.TradingEvent(error=trading_pb2.CommandError(client_id="b1", code=3, message="orders[0].p: not canonical", details=[packed(bad)]))
    failed = read_trading_event(ev)
    assert isinstance(failed, CommandFailed) and failed.client_id == "b1"
    assert isinstance(failed.error, ValidationError) and failed.error.code == "INVALID_ARGUMENT"
    assert [(i.path, i.value, i.allowed) for i in failed.error.issues] == [("orders[0].p", '"1.000"', "a canonical decimal")]

    retry = error_details_pb2.RetryInfo()
    retry.retry_delay.seconds = 2
    limited = read_trading_event(trading_pb2.TradingEvent(error=trading_pb2.CommandError(client_id="r", code=8, message="slow down", details=[packed(retry)])))
    assert isinstance(limited, CommandFailed) and isinstance(limited.error, RateLimitError) and limited.error.retry_after == 2
    unauth = read_trading_event(trading_pb2.TradingEvent(error=trading_pb2.CommandError(client_id="u", code=16, message="no token")))
    assert isinstance(unauth, CommandFailed) and isinstance(unauth.error, AuthenticationError)


def test_ready_ack_and_refusal() -> None:
    assert read_trading_event(trading_pb2.TradingEvent(ready=trading_pb2.Ready(address="0xabc"))) == Ready(address="0xabc")
    ev = trading_pb2.TradingEvent(ack=trading_pb2.Ack(client_id="c", latency_us=1500))
    ev.ack.modify.err.status = "err"
    ev.ack.modify.err.response = "Order was never placed"
    ack = read_trading_event(ev)
    assert isinstance(ack, Ack) and ack.latency == 0.0015 and isinstance(ack.response, m.DefaultResponse)
    assert ack.error is not None and "never placed" in str(ack.error)
    empty = read_trading_event(trading_pb2.TradingEvent(ack=trading_pb2.Ack(client_id="n", cancelled=0)))
    assert isinstance(empty, Ack) and empty.response is None and empty.error is None
