"""The markers a subscription yields between its data messages (hl.serve.v1 stream envelopes).

Every ``subscribe_*`` iterator yields the subscription's message model, or one of these:

- ``Reconnected``: the server's WebSocket to the API reconnected. A full-state feed (l2Book,
  allMids, clearinghouseState, …) sends a fresh snapshot next; an event feed (trades,
  userFills, …) may have missed messages. Throw away what was built from earlier messages.
- ``Overflow``: this client read too slowly and the server dropped ``dropped`` messages of an
  event feed (oldest first) since the last one yielded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from google.protobuf.message import Message
from pydantic import BaseModel

from . import _fast

T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True)
class Reconnected:
    """The feed's WebSocket reconnected: reset the state built from earlier messages."""

    channel: str
    """The feed's channel, e.g. ``"userFills"``."""


@dataclass(frozen=True)
class Overflow:
    """The server dropped this many messages of an event feed because the client read too slowly."""

    dropped: int


StreamMarker = Reconnected | Overflow
"""What a subscription yields besides its data messages."""


def read_event(message: Message, model: type[T]) -> T | Reconnected | Overflow:
    """The data model, or the marker, of one hl.serve.v1.*Event envelope."""
    envelope: Any = message  # one of the ~30 generated *Event classes
    which = envelope.WhichOneof("event")
    if which == "data":
        result: T = _fast.convert(envelope.data, model)
        return result
    if which == "reconnected":
        return Reconnected(channel=envelope.reconnected.channel)
    if which == "overflow":
        return Overflow(dropped=int(envelope.overflow.dropped))
    raise ValueError(f"a stream envelope with no event (a newer server?): {type(envelope).__name__}")


__all__ = ["Overflow", "Reconnected", "StreamMarker", "read_event"]
