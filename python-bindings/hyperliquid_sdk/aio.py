"""AsyncClient: the asyncio client of `hl serve` (grpc.aio); subscriptions are async iterators."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import AsyncIterator
from types import TracebackType
from typing import Any, TypeVar

import grpc
import grpc.aio
from pydantic import BaseModel

from . import _rpc
from ._generated.methods import AsyncExchangeMethods, AsyncInfoMethods, AsyncSubscriptionMethods
from ._pb.grpc.health.v1 import health_pb2, health_pb2_grpc
from .errors import NetworkError, from_rpc_error
from .sidecar import Sidecar
from .streams import Overflow, Reconnected, read_event
from .trading import AsyncTradingStream

T = TypeVar("T", bound=BaseModel)


class AsyncClient(AsyncInfoMethods, AsyncExchangeMethods, AsyncSubscriptionMethods):
    """The asyncio twin of Client. Create it with ``await AsyncClient.connect(...)`` or
    ``async with AsyncClient(...) as hl:`` (the sidecar, if any, starts on entry)."""

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
        self._start = (network, devnet, private_key, server_args)
        self._url, self._token = url, token
        self._timeout = timeout
        self._check = check
        self.sidecar: Sidecar | None = None
        self._channel: grpc.aio.Channel | None = None
        self._metadata: tuple[tuple[str, str], ...] = ()
        # A with_action_options(l1_only=True) view: what user-signed actions send instead (no vault, no expiry).
        self._user_signed_metadata: tuple[tuple[str, str], ...] | None = None
        self._calls: dict[str, Any] = {}
        self._owner = True

    @classmethod
    async def connect(cls, url: str | None = None, token: str | None = None, **kw: Any) -> AsyncClient:
        client = cls(url, token, **kw)
        await client.start()
        return client

    async def start(self) -> None:
        """Start the sidecar (when no URL was given), open the channel, wait for health."""
        if self._channel is not None:
            return
        url, token = self._url, self._token
        if url is None:
            network, devnet, private_key, args = self._start
            self._start = (network, devnet, None, args)
            sidecar = await asyncio.to_thread(lambda: Sidecar.start(network=network, devnet=devnet, private_key=private_key, args=args))
            del private_key
            self.sidecar = sidecar
            url, token = sidecar.url, sidecar.token
        target, tls = _rpc.target_of(url)
        self._url = url
        self._channel = grpc.aio.secure_channel(target, grpc.ssl_channel_credentials(), _rpc.CHANNEL_OPTIONS) if tls else grpc.aio.insecure_channel(target, _rpc.CHANNEL_OPTIONS)
        self._metadata = (("authorization", f"Bearer {token}"),) if token else ()
        try:
            health: Any = health_pb2_grpc.HealthStub(self._channel)  # type: ignore[no-untyped-call]
            res = await health.Check(health_pb2.HealthCheckRequest(), timeout=30.0, wait_for_ready=True)
        except grpc.RpcError as e:
            await self.close()
            raise from_rpc_error(e) from None
        if res.status != health_pb2.HealthCheckResponse.SERVING:
            await self.close()
            raise NetworkError(f"hl serve at {url} is not serving ({res.status})")

    @property
    def address(self) -> str | None:
        """The server wallet's address, when this client started the server."""
        return self.sidecar.address if self.sidecar else None

    def _callable(self, kind: str, service: str, rpc: str) -> Any:
        if self._channel is None:
            raise RuntimeError("AsyncClient is not started: use `async with` or `await AsyncClient.connect()`")
        key = f"{service}/{rpc}"
        call = self._calls.get(key)
        if call is None:
            req_cls, res_cls = _rpc.message_classes(service, rpc)
            make = self._channel.unary_stream if kind == "stream" else self._channel.unary_unary
            call = self._calls[key] = (make(_rpc.method_path(service, rpc), request_serializer=req_cls.SerializeToString, response_deserializer=res_cls.FromString), req_cls)
        return call

    def _metadata_for(self, rpc: str) -> tuple[tuple[str, str], ...]:
        return _rpc.metadata_for(rpc, self._metadata, self._user_signed_metadata)

    async def _unary(self, service: str, rpc: str, request: BaseModel, response: type[T], timeout: float | None) -> T:
        call, req_cls = self._callable("unary", service, rpc)
        try:
            msg = await call(_rpc.to_proto(request, req_cls), timeout=timeout if timeout is not None else self._timeout, metadata=self._metadata_for(rpc))
        except grpc.RpcError as e:
            raise from_rpc_error(e, payload=request) from None
        answer = _rpc.from_proto(msg, response)
        return _rpc.check_answer(answer) if self._check and service == "hl.v1.ExchangeService" else answer

    def _stream(self, service: str, rpc: str, request: BaseModel, response: type[T], timeout: float | None) -> AsyncIterator[T | Reconnected | Overflow]:
        call, req_cls = self._callable("stream", service, rpc)
        return _iterate(call(_rpc.to_proto(request, req_cls), timeout=timeout, metadata=self._metadata), response)

    def trading(self, timeout: float | None = None) -> AsyncTradingStream:
        """Open a TradingService.TradingStream (hyperliquid_sdk.trading), the asyncio way."""
        if self._channel is None:
            raise RuntimeError("AsyncClient is not started: use `async with` or `await AsyncClient.connect()`")
        return AsyncTradingStream(self._channel, self._metadata, timeout)

    def with_action_options(
        self, *, vault_address: str | None = None, expires_after: int | None = None, nonce: int | None = None, l1_only: bool = False
    ) -> AsyncClient:
        """A view of this started client (same channel and server) whose exchange calls set the
        action's envelope, as ``Client.with_action_options``. Closing the view closes nothing."""
        if self._channel is None:
            raise RuntimeError("AsyncClient is not started: use `async with` or `await AsyncClient.connect()`")
        view = copy.copy(self)
        view.sidecar = None
        view._owner = False
        view._metadata, view._user_signed_metadata = _rpc.view_metadata(self._metadata, vault_address, expires_after, nonce, l1_only)
        return view

    async def close(self) -> None:
        """Close the channel and stop the server this client started (if any); a no-op for a
        with_action_options view."""
        if not self._owner:
            return
        if self._channel is not None:
            await self._channel.close(None)
        if self.sidecar:
            await asyncio.to_thread(self.sidecar.stop)

    async def __aenter__(self) -> AsyncClient:
        await self.start()
        return self

    async def __aexit__(self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        await self.close()


async def _iterate(stream: Any, response: type[T]) -> AsyncIterator[T | Reconnected | Overflow]:
    try:
        async for msg in stream:
            yield read_event(msg, response)
    except grpc.RpcError as e:
        if e.code() == grpc.StatusCode.CANCELLED:
            return
        raise from_rpc_error(e) from None
    finally:
        stream.cancel()
