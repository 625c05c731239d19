"""Client: the synchronous client of `hl serve` (grpcio). Info, exchange and subscriptions are the
generated methods of InfoMethods, ExchangeMethods and SubscriptionMethods (one per rpc)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from types import TracebackType
from typing import Any, TypeVar

import grpc
from pydantic import BaseModel

from . import _rpc
from ._generated.methods import ExchangeMethods, InfoMethods, SubscriptionMethods
from ._pb.grpc.health.v1 import health_pb2, health_pb2_grpc
from .errors import HyperliquidError, NetworkError, from_rpc_error
from .sidecar import Sidecar
from .streams import Overflow, Reconnected, read_event
from .trading import TradingStream

T = TypeVar("T", bound=BaseModel)


class Client(InfoMethods, ExchangeMethods, SubscriptionMethods):
    """A synchronous client of `hl serve`.

    ``Client(url, token)`` connects to a running server; ``Client()`` starts its own on a free
    loopback port (see ``hyperliquid_sdk.sidecar``) and stops it on ``close()`` / ``with`` exit /
    interpreter exit. ``devnet=True`` puts the embedded devnet behind that server;
    ``private_key`` goes to it on its stdin. Exchange answers with ``err`` set raise ApiError
    unless ``check=False``. Subscriptions return iterators; ``break`` out of one (or close it)
    to unsubscribe.
    """

    def __init__(
        self,
        url: str | None = None,
        token: str | None = None,
        *,
        network: str = "local",
        devnet: bool = False,
        private_key: str | None = None,
        timeout: float | None = 30.0,
        check: bool = True,
        server_args: tuple[str, ...] = (),
    ) -> None:
        self.sidecar: Sidecar | None = None
        if url is None:
            self.sidecar = Sidecar.start(network=network, devnet=devnet, private_key=private_key, args=server_args)
            url, token = self.sidecar.url, self.sidecar.token
        del private_key
        target, tls = _rpc.target_of(url)
        self.url = url
        self._channel = grpc.secure_channel(target, grpc.ssl_channel_credentials(), _rpc.CHANNEL_OPTIONS) if tls else grpc.insecure_channel(target, _rpc.CHANNEL_OPTIONS)
        self._metadata: tuple[tuple[str, str], ...] = (("authorization", f"Bearer {token}"),) if token else ()
        # A with_action_options(l1_only=True) view: what user-signed actions send instead (no vault, no expiry).
        self._user_signed_metadata: tuple[tuple[str, str], ...] | None = None
        self._timeout = timeout
        self._check = check
        self._calls: dict[str, Any] = {}
        self._owner = True
        try:
            self.wait_ready(timeout=30.0)
        except BaseException:
            self.close()
            raise

    @property
    def address(self) -> str | None:
        """The server wallet's address, when this client started the server."""
        return self.sidecar.address if self.sidecar else None

    def with_action_options(
        self, *, vault_address: str | None = None, expires_after: int | None = None, nonce: int | None = None, l1_only: bool = False
    ) -> Client:
        """A view of this client (same channel and server) whose exchange calls set the action's
        envelope: trade for ``vault_address`` (a vault or sub-account; L1 actions), expire at
        ``expires_after`` (ms timestamp), sign with ``nonce``. None leaves the server's default.
        The server refuses a vault or expiry on a user-signed action (usd_send, withdraw3, …);
        with ``l1_only`` they are left off those instead, as the official SDK does (the compat
        layer's choice). Closing the view does not close this client."""
        view = copy.copy(self)
        view.sidecar = None
        view._owner = False
        view._metadata, view._user_signed_metadata = _rpc.view_metadata(self._metadata, vault_address, expires_after, nonce, l1_only)
        return view

    def wait_ready(self, timeout: float = 30.0) -> None:
        """Wait until grpc.health.v1 says SERVING."""
        stub = health_pb2_grpc.HealthStub(self._channel)  # type: ignore[no-untyped-call]
        try:
            res = stub.Check(health_pb2.HealthCheckRequest(), timeout=timeout, wait_for_ready=True)
        except grpc.RpcError as e:
            raise from_rpc_error(e) from None
        if res.status != health_pb2.HealthCheckResponse.SERVING:
            raise NetworkError(f"hl serve at {self.url} is not serving ({res.status})")

    def _callable(self, kind: str, service: str, rpc: str) -> Any:
        key = f"{service}/{rpc}"
        call = self._calls.get(key)
        if call is None:
            req_cls, res_cls = _rpc.message_classes(service, rpc)
            make = self._channel.unary_stream if kind == "stream" else self._channel.unary_unary
            call = self._calls[key] = (make(_rpc.method_path(service, rpc), request_serializer=req_cls.SerializeToString, response_deserializer=res_cls.FromString), req_cls)
        return call

    def _metadata_for(self, rpc: str) -> tuple[tuple[str, str], ...]:
        return _rpc.metadata_for(rpc, self._metadata, self._user_signed_metadata)

    def _unary(self, service: str, rpc: str, request: BaseModel, response: type[T], timeout: float | None) -> T:
        call, req_cls = self._callable("unary", service, rpc)
        try:
            msg = call(_rpc.to_proto(request, req_cls), timeout=timeout if timeout is not None else self._timeout, metadata=self._metadata_for(rpc))
        except grpc.RpcError as e:
            raise from_rpc_error(e, payload=request) from None
        answer = _rpc.from_proto(msg, response)
        return _rpc.check_answer(answer) if self._check and service == "hl.v1.ExchangeService" else answer

    def _stream(self, service: str, rpc: str, request: BaseModel, response: type[T], timeout: float | None) -> Iterator[T | Reconnected | Overflow]:
        call, req_cls = self._callable("stream", service, rpc)
        # Started here, not at the first next(): the subscription is live when this returns.
        stream = call(_rpc.to_proto(request, req_cls), timeout=timeout, metadata=self._metadata)
        return _iterate(stream, response)

    def trading(self, timeout: float | None = None) -> TradingStream:
        """Open a TradingService.TradingStream (hyperliquid_sdk.trading): commands in, acks,
        errors, order updates and fills of the server's wallet out. ``timeout`` bounds the whole stream."""
        return TradingStream(self._channel, self._metadata, timeout)

    def close(self) -> None:
        """Close the channel and stop the server this client started (if any); a no-op for a
        with_action_options view."""
        if not self._owner:
            return
        self._channel.close()
        if self.sidecar:
            self.sidecar.stop()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def _iterate(stream: Any, response: type[T]) -> Iterator[T | Reconnected | Overflow]:
    try:
        for msg in stream:
            yield read_event(msg, response)
    except grpc.RpcError as e:
        if e.code() == grpc.StatusCode.CANCELLED:
            return
        raise from_rpc_error(e) from None
    finally:
        stream.cancel()


__all__ = ["Client", "HyperliquidError"]
