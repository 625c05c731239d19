"""hyperliquid.websocket_manager: WebsocketManager with the original's subscribe / unsubscribe.

Each subscription is a SubscriptionService stream of the local `hl serve`, read by a thread that
calls the callback with the original's message shape ``{"channel": …, "data": <wire>}``. Unlike
the original it reconnects and resubscribes: a stream that ends (the server's WebSocket to the
API dropped and an event stream may have missed messages, or the server restarted) is opened
again after a short back-off, and a full-state stream simply goes on with a fresh snapshot."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, NamedTuple

from .. import _rpc
from .._fast import to_wire_of
from .._generated.methods import SUBSCRIPTION_RPCS
from ..client import Client
from ..errors import HyperliquidError
from ..streams import Overflow, Reconnected, read_event


class ActiveSubscription(NamedTuple):
    callback: Callable[[Any], None]
    subscription_id: int


def subscription_to_identifier(subscription: dict[str, Any]) -> str:
    """The original's identifier of a subscription (its routing key)."""
    t = str(subscription["type"])
    if t in ("l2Book", "trades", "bbo", "activeAssetCtx"):
        return f"{t}:{str(subscription['coin']).lower()}"
    if t in ("userEvents", "orderUpdates"):
        return t
    if t in ("userFills", "userFundings", "userNonFundingLedgerUpdates", "webData2"):
        return f"{t}:{subscription['user'].lower()}"
    if t == "candle":
        return f"candle:{subscription['coin'].lower()},{subscription['interval']}"
    if t == "activeAssetData":
        return f"activeAssetData:{subscription['coin'].lower()},{subscription['user'].lower()}"
    return t


class _Stream:
    def __init__(self, client: Client, subscription: dict[str, Any], callback: Callable[[Any], None], reconnect_delay: float) -> None:
        self.subscription = dict(subscription)
        self.callback = callback
        self.reconnects = 0
        self.dropped = 0
        self._client = client
        self._delay = reconnect_delay
        self._stop = threading.Event()
        self._call: Any = None
        rpc, request, model, channel = SUBSCRIPTION_RPCS[subscription["type"]]
        self._rpc, self._channel = rpc, channel
        from .._generated import models

        self._model = models.MODELS[model]
        self._request = models.MODELS[request].model_validate(subscription)
        self._thread = threading.Thread(target=self._run, name=f"hl-ws-{subscription['type']}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        call, req_cls = self._client._callable("stream", "hl.v1.SubscriptionService", self._rpc)
        while not self._stop.is_set():
            try:
                self._call = call(_rpc.to_proto(self._request, req_cls), metadata=self._client._metadata)
                model, channel, callback = self._model, self._channel, self.callback
                for envelope in self._call:
                    # The original's callbacks know only data (its wire dicts, read straight
                    # from the message: no models on this path): a reconnect of the server's
                    # WebSocket is counted (a full-state feed sends a fresh snapshot next), and
                    # so are messages the server dropped for a slow reader.
                    if envelope.WhichOneof("event") == "data":
                        callback({"channel": channel, "data": to_wire_of(envelope.data, model)})
                        continue
                    event = read_event(envelope, model)
                    if isinstance(event, Reconnected):
                        self.reconnects += 1
                    elif isinstance(event, Overflow):
                        self.dropped += event.dropped
            except Exception as e:  # noqa: BLE001 - a stream end of any kind is retried
                if self._stop.is_set():
                    return
                if isinstance(e, HyperliquidError) and e.code == "INVALID_ARGUMENT":
                    raise
            if self._stop.wait(self._delay):
                return
            self.reconnects += 1

    def stop(self) -> None:
        self._stop.set()
        if self._call is not None:
            self._call.cancel()


class WebsocketManager:
    """The original's WebsocketManager(base_url); ``client`` (keyword) shares another's server."""

    def __init__(self, base_url: str, *, client: Client | None = None, reconnect_delay: float = 0.5) -> None:
        self.base_url = base_url
        self.subscription_id_counter = 0
        self.active_subscriptions: dict[str, list[ActiveSubscription]] = {}
        self._streams: dict[int, _Stream] = {}
        self._client = client
        self._owns_client = client is None
        self._delay = reconnect_delay
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the local server if this manager has none (the original opened its socket here)."""
        if self._client is None:
            from ._server import connect

            self._client = connect(self.base_url, None)

    def stop(self) -> None:
        for s in list(self._streams.values()):
            s.stop()
        self._streams.clear()
        self.active_subscriptions.clear()
        if self._owns_client and self._client is not None:
            self._client.close()
            self._client = None

    def subscribe(self, subscription: dict[str, Any], callback: Callable[[Any], None], subscription_id: int | None = None) -> int:
        if self._client is None:
            self.start()
        assert self._client is not None
        with self._lock:
            if subscription_id is None:
                self.subscription_id_counter += 1
                subscription_id = self.subscription_id_counter
            identifier = subscription_to_identifier(subscription)
            if identifier in ("userEvents", "orderUpdates") and self.active_subscriptions.get(identifier):
                raise NotImplementedError(f"Cannot subscribe to {identifier} multiple times")
            self.active_subscriptions.setdefault(identifier, []).append(ActiveSubscription(callback, subscription_id))
            self._streams[subscription_id] = _Stream(self._client, subscription, callback, self._delay)
        return subscription_id

    def unsubscribe(self, subscription: dict[str, Any], subscription_id: int) -> bool:
        with self._lock:
            identifier = subscription_to_identifier(subscription)
            active = self.active_subscriptions.get(identifier, [])
            kept = [s for s in active if s.subscription_id != subscription_id]
            self.active_subscriptions[identifier] = kept
            stream = self._streams.pop(subscription_id, None)
        if stream:
            stream.stop()
        return len(active) != len(kept)

    def reconnect_count(self, subscription_id: int) -> int:
        """How often the subscription was opened again or its server's WebSocket reconnected."""
        stream = self._streams.get(subscription_id)
        return stream.reconnects if stream else 0

    def dropped_count(self, subscription_id: int) -> int:
        """How many messages the server dropped because this subscription's callback was slow."""
        stream = self._streams.get(subscription_id)
        return stream.dropped if stream else 0
