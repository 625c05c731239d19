"""Actions signed by `hl serve` for this package reproduce the shared conformance vectors: every
testnet L1 vector whose action this package can send is sent through a sidecar holding the
vector's key, with the vector's nonce, vault and expiry set by Client.with_action_options
(hl-nonce / hl-vault-address / hl-expires-after), to a loopback API that records the body; the
recorded signature must be the vector's."""

from __future__ import annotations

import json
import os
import threading
import types
import typing
from collections import defaultdict
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

from hyperliquid_sdk import Client
from hyperliquid_sdk._generated import models as m
from hyperliquid_sdk._generated.methods import EXCHANGE_RPCS
from hyperliquid_sdk.errors import HyperliquidError

VECTORS = Path(os.environ.get("HL_CONFORMANCE_VECTORS", Path(__file__).resolve().parents[3] / "shared/conformance/vectors"))
pytestmark = pytest.mark.skipif(not VECTORS.is_dir(), reason=f"no conformance vectors at {VECTORS} (../shared absent)")
DEFAULT = json.dumps({"status": "ok", "response": {"type": "default"}}).encode()


@pytest.fixture(scope="module")
def api() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    bodies: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            if self.path == "/exchange":
                bodies.append(json.loads(body))
            out = DEFAULT if self.path == "/exchange" else b"{}"
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", bodies
    server.shutdown()


def load(name: str) -> dict[str, Any]:
    return json.loads((VECTORS / name).read_text())  # type: ignore[no-any-return]


def same(got: dict[str, Any], want: dict[str, Any]) -> bool:
    return int(got["r"], 16) == int(want["r"], 16) and int(got["s"], 16) == int(want["s"], 16) and got["v"] == want["v"]


def _element(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _element(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return _element([a for a in typing.get_args(tp) if a is not type(None)][0])
    return tp


def _from_wire(tp: Any, value: Any) -> Any:
    """A JSON wire value as model input: wire.py's shapes read back (tuple -> fields in order,
    unwrap -> the one field, union -> the member the value fits); what model_validate cannot
    take from the wire by itself."""
    tp = _element(tp)
    if typing.get_origin(tp) is list:
        return [_from_wire(typing.get_args(tp)[0], v) for v in value]
    if not (isinstance(tp, type) and issubclass(tp, BaseModel)) or value is None:
        return value
    tp.model_rebuild()
    fields = tp.model_fields
    shape = getattr(tp, "__wire_shape__", "object")
    if shape == "tuple":
        return {name: _from_wire(f.annotation, v) for (name, f), v in zip(fields.items(), value, strict=True)}
    if shape == "unwrap":
        name, f = next(iter(fields.items()))
        return {name: _from_wire(f.annotation, value)}
    if shape == "union":
        for name, f in fields.items():
            member = _element(f.annotation)
            if typing.get_origin(member) is typing.Literal:
                fits = value in typing.get_args(member)
            elif isinstance(member, type) and issubclass(member, BaseModel):
                fits = isinstance(value, dict)
            else:
                fits = isinstance(member, type) and isinstance(value, member) and not isinstance(value, bool)
            if fits:
                return {name: _from_wire(member, value)}
        return value
    if not isinstance(value, dict):
        return value
    by_alias = {(f.serialization_alias or n): (n, f) for n, f in fields.items()}
    return {by_alias[k][0] if k in by_alias else k: _from_wire(by_alias[k][1].annotation, v) if k in by_alias else v for k, v in value.items()}


def _cases() -> dict[str, list[dict[str, Any]]]:
    """Testnet L1 vectors by private key (one sidecar per key); mainnet ones need --network mainnet."""
    if not VECTORS.is_dir():
        return {}
    ref = load("signing-reference.json")
    cases = [{**c, "privateKey": ref["privateKey"]} for c in ref["l1"]] + load("signing-generated.json")["l1"]
    by_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in cases:
        if not c["isMainnet"] and c["action"]["type"] in EXCHANGE_RPCS:
            by_key[c["privateKey"]].append(c)
    return by_key


def test_server_signatures_are_the_vectors(api: tuple[str, list[dict[str, Any]]]) -> None:
    url, bodies = api
    checked: list[str] = []
    unsendable: list[str] = []
    for key, cases in _cases().items():
        with Client(network=url, private_key=key, check=False) as hl:
            for case in cases:
                action = case["action"]
                rpc, request, response, _ = EXCHANGE_RPCS[action["type"]]
                try:
                    model = m.MODELS[request].model_validate(_from_wire(m.MODELS[request], action))
                except PydanticValidationError:
                    unsendable.append(action["type"])
                    continue
                view = hl.with_action_options(nonce=case["nonce"], vault_address=case["vaultAddress"], expires_after=case["expiresAfter"])
                n = len(bodies)
                try:
                    view._unary("hl.v1.ExchangeService", rpc, model, m.MODELS[response], 10.0)
                except HyperliquidError:
                    pass  # the canned answer need not fit every action's response; the body is what counts
                assert len(bodies) == n + 1, action["type"]
                sent = bodies[-1]
                assert sent["nonce"] == case["nonce"] and sent.get("vaultAddress") == case["vaultAddress"] and sent.get("expiresAfter") == case["expiresAfter"], (action["type"], sent)
                assert same(sent["signature"], case["signature"]), (action["type"], sent["action"], action)
                checked.append(action["type"])
    assert len(checked) >= 40, (checked, unsendable)
    with_vault = [c for cases in _cases().values() for c in cases if c["vaultAddress"] and c["action"]["type"] in checked]
    with_expiry = [c for cases in _cases().values() for c in cases if c["expiresAfter"] and c["action"]["type"] in checked]
    assert with_vault and with_expiry
    # (The vectors' "cSignerAction" is spelled "CSignerAction" by the exchange and the original
    # SDK, and so by this schema: another action, another hash.)
    assert {"perpDeploy", "spotDeploy", "evmUserModify", "createSubAccount", "subAccountTransfer", "vaultTransfer", "noop", "order", "cancel"} <= set(checked), sorted(set(checked))
    assert unsendable == [], unsendable
