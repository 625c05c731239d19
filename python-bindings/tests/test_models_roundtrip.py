"""Every rpc's request and response model round-trips through the service's own translator on random
schema-valid values, checked by the TypeScript SDK's generated checkers: a hypothesis-built model
-> protobuf binary -> (node: protobuf-es decode -> src/serve/translate.ts toWire -> the checker ->
toProto -> encode) -> back in Python equals the model it started from. The values follow the
models' own metadata: Literal choices, oneofs (one member set), formats and bounds (__rules__)."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import types
import typing
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from hyperliquid_sdk import _fast, _rpc
from hyperliquid_sdk._generated import models as m
from hyperliquid_sdk._generated.methods import EXCHANGE_RPCS, INFO_RPCS, SUBSCRIPTION_RPCS
from hyperliquid_sdk.wire import to_wire

REPO = Path(os.environ.get("HL_REPO", Path(__file__).resolve().parents[2]))
WORKER = REPO / "python-bindings/tests/helpers/roundtrip-worker.ts"
pytestmark = pytest.mark.skipif(not (REPO / "node_modules/.bin/tsx").exists(), reason="needs the repository's node_modules (set HL_REPO)")

HEX = "0123456789abcdef"
# Proto int32 unless bounded otherwise; large enough to cross the 2^31 boundary only where allowed.
INT_MAX = 2**31 - 1


def _hex(n: int) -> st.SearchStrategy[str]:
    return st.text(HEX, min_size=n, max_size=n).map(lambda s: "0x" + s)


def _decimal(lo: int | None, hi: int | None) -> st.SearchStrategy[Decimal]:
    top = Decimal(hi) if hi is not None else Decimal(10**9)
    bottom = Decimal(lo) if lo is not None else Decimal(0)
    return st.decimals(min_value=bottom, max_value=top, places=6, allow_nan=False, allow_infinity=False).map(lambda d: d.normalize())


def _scalar(tp: Any, rule: tuple[str | None, int | None, int | None] | None) -> st.SearchStrategy[Any] | None:
    fmt, lo, hi = rule or (None, None, None)
    if tp is str:
        return {"address": _hex(40), "cloid": _hex(32), "hash": _hex(64), "hex": _hex(8)}.get(fmt or "", st.text("abcdefghXYZ0123456789", min_size=1, max_size=8))
    if tp is bool:
        return st.booleans()
    if tp is int:
        return st.integers(min_value=lo if lo is not None else 0, max_value=hi if hi is not None else INT_MAX)
    if tp is float:
        return st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda x: round(x, 3))
    if tp is Decimal:
        return _decimal(lo, hi)
    return None


def strategy(tp: Any, rule: tuple[str | None, int | None, int | None] | None = None, depth: int = 0) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Annotated:
        return strategy(args[0], rule, depth)
    if origin is typing.Literal:
        return st.sampled_from(args)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return strategy(inner[0], rule, depth)
    if origin is list:
        return st.lists(strategy(args[0], rule, depth + 1), max_size=0 if depth > 3 else 2)
    if origin is dict:
        return st.dictionaries(st.text("abcXYZ", min_size=1, max_size=4), strategy(args[1], rule, depth + 1), max_size=0 if depth > 3 else 2)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return model_strategy(tp, depth + 1)
    if tp is typing.Any or "JsonValue" in str(tp):
        return st.one_of(st.integers(0, 100), st.text("abc", max_size=3), st.booleans())
    scalar = _scalar(tp, rule)
    if scalar is None:
        raise TypeError(f"no strategy for {tp!r}")
    return scalar


def model_strategy(cls: type[BaseModel], depth: int = 0) -> st.SearchStrategy[BaseModel]:
    cls.model_rebuild()
    rules: dict[str, Any] = getattr(cls, "__rules__", {})
    oneofs: tuple[tuple[str, ...], ...] = getattr(cls, "__oneofs__", ())
    in_oneof = {n for group in oneofs for n in group}
    from google.protobuf.descriptor_pool import Default

    proto = Default().FindMessageTypeByName(f"hl.v1.{cls.__name__}")
    # Only a field with presence in proto can be left unset and come back unset; the envelope
    # fields the server would fill (signatureChainId, nonce, …) are drawn like any other.
    presence = {name for name, info in cls.model_fields.items() if proto.fields_by_name[info.serialization_alias or name].has_presence}

    @st.composite
    def build(draw: Any) -> BaseModel:
        values: dict[str, Any] = {}
        for name, info in cls.model_fields.items():
            if name in in_oneof:
                continue
            optional = not info.is_required() and info.default is None and name in presence
            if optional and draw(st.booleans()):
                continue
            if info.default is not None and not info.is_required() and typing.get_origin(info.annotation) is typing.Literal:
                continue  # a const: its default
            values[name] = draw(strategy(info.annotation, rules.get(name), depth))
        for group in oneofs:
            member = draw(st.sampled_from(group))
            values[member] = draw(strategy(cls.model_fields[member].annotation, rules.get(member), depth))
        return cls.model_validate(values)

    return build()


class Worker:
    def __init__(self) -> None:
        self.proc = subprocess.Popen(["node", "--import", "tsx", str(WORKER)], cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def ask(self, name: str, payload: bytes) -> dict[str, Any]:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(json.dumps({"name": name, "b64": base64.b64encode(payload).decode()}) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())  # type: ignore[no-any-return]

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def worker() -> Iterator[Worker]:
    w = Worker()
    yield w
    w.close()


def _names() -> list[str]:
    names: set[str] = set()
    for table in (INFO_RPCS, EXCHANGE_RPCS, SUBSCRIPTION_RPCS):
        for _rpc_name, request, response, _t in table.values():
            names.update((request, response))
    return sorted(names)


def _descriptor_class(name: str) -> Any:
    from google.protobuf import message_factory
    from google.protobuf.descriptor_pool import Default

    return message_factory.GetMessageClass(Default().FindMessageTypeByName(f"hl.v1.{name}"))


def _decimals(v: Any) -> Any:
    """Decimal text compared by value: to_wire writes str(Decimal) ("1E-7"), the wire reader the server's text."""
    if isinstance(v, str):
        try:
            return Decimal(v)
        except ArithmeticError:
            return v
    if isinstance(v, list):
        return [_decimals(x) for x in v]
    if isinstance(v, dict):
        return {k: _decimals(x) for k, x in v.items()}
    return v


@pytest.mark.parametrize("name", _names())
def test_model_round_trips_through_the_translator_and_checker(name: str, worker: Worker) -> None:
    cls = m.MODELS[name]
    pb_cls = _descriptor_class(name)

    @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(model_strategy(cls))
    def check(model: BaseModel) -> None:
        answer = worker.ask(f"hl.v1.{name}", _rpc.to_proto(model, pb_cls).SerializeToString())
        assert "error" not in answer, answer
        assert answer["issues"] == [], (answer["issues"], answer["wire"])
        echoed = pb_cls.FromString(base64.b64decode(answer["b64"]))
        back = _rpc.from_proto_validated(echoed, cls)
        assert back == model, (back, model, answer["wire"])
        # The client's fast reader (no validation) gives the same model, and its wire reader
        # (the compat layer's dicts, no models) what the model's to_wire gives.
        assert _rpc.from_proto(echoed, cls) == model
        assert _decimals(_fast.to_wire_of(echoed, cls)) == _decimals(to_wire(back))

    check()
