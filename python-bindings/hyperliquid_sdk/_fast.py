"""protobuf message -> model (``convert``) or -> JSON wire value (``to_wire_of``) without a JSON
detour. Per model class a converter is compiled once (Python source from the model's fields and
the message descriptor, no loop or per-field dispatch at run time) that reads the upb message by
attribute and builds the model as ``model_construct`` would. The message was checked by the
server against the schema already; ``_rpc.from_proto`` uses this, and the round-trip tests
compare both outputs with the validating path and with the server's own wire JSON.

``to_wire_of`` is ``wire.to_wire(convert(msg, cls))`` without the models in between (the compat
layer's dicts): shapes as in wire.py, decimals as the text the server sent."""

from __future__ import annotations

import keyword
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from google.protobuf import json_format
from google.protobuf.message import Message
from pydantic import BaseModel

Convert = Callable[[Any], Any]
_CONV: dict[type[BaseModel], Convert] = {}
_WIRE: dict[type[BaseModel], Convert] = {}
_set = object.__setattr__


def _value(v: Any) -> Any:
    return json_format.MessageToDict(v)


def _kind(tp: Any) -> tuple[str, Any]:
    """("model", cls) | ("dec", None) | ("value", None) | ("plain", None) for one element type."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _kind(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return _kind([a for a in typing.get_args(tp) if a is not type(None)][0])
    if tp is Decimal:
        return ("dec", None)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return ("model", tp)
    if tp is typing.Any or "JsonValue" in str(tp):
        return ("value", None)
    return ("plain", None)


class _Source:
    """Names the generated code refers to (classes, nested converters) and the code itself."""

    def __init__(self) -> None:
        self.ns: dict[str, Any] = {"D": Decimal, "V": _value, "new": object.__new__, "put": _set}
        self.lines: list[str] = []

    def name(self, value: Any) -> str:
        key = f"n{len(self.ns)}"
        self.ns[key] = value
        return key


def _read(name: str) -> str:
    return f"m.{name}" if name.isidentifier() and not keyword.iskeyword(name) else f"getattr(m, {name!r})"


def _one(src: _Source, kind: tuple[str, Any], field: Any, expr: str, wire: bool) -> str:
    """Expression converting one element ``expr`` of this kind."""
    what, cls = kind
    if what == "dec":
        return expr if wire else f"D({expr})"
    if what == "value":
        return f"V({expr})"
    if what == "model":
        return f"{src.name(_converter(cls, field.message_type, wire))}({expr})"
    return expr


def _field_expr(src: _Source, tp: Any, field: Any, wire: bool) -> str:
    read = _read(field.name)
    origin = typing.get_origin(tp)
    if origin is list:
        kind = _kind(typing.get_args(tp)[0])
        one = _one(src, kind, field, "x", wire)
        return f"list({read})" if one == "x" else f"[{one} for x in {read}]"
    if origin is dict:
        kind = _kind(typing.get_args(tp)[1])
        value_field = field.message_type.fields_by_name["value"]
        one = _one(src, kind, value_field, "x", wire)
        return f"dict({read})" if one == "x" else f"{{k: {one} for k, x in {read}.items()}}"
    return _one(src, _kind(tp), field, read, wire)


def _converter(cls: type[BaseModel], descriptor: Any, wire: bool) -> Convert:
    table = _WIRE if wire else _CONV
    done = table.get(cls)
    if done is not None:
        return done
    # A placeholder first: a model that contains itself (directly or not) refers to it.
    real: list[Convert] = []
    table[cls] = lambda msg: real[0](msg)
    cls.model_rebuild()
    src = _Source()
    shape = getattr(cls, "__wire_shape__", "object") if wire else "model"
    body: list[str] = []
    parts: list[str] = []
    for attr, info in cls.model_fields.items():
        field = descriptor.fields_by_name[info.serialization_alias or attr]
        expr = _field_expr(src, info.annotation, field, wire)
        presence = field.has_presence
        key = info.serialization_alias or attr
        if shape == "model":
            parts.append(f"{attr!r}: ({expr}) if m.HasField({field.name!r}) else None" if presence else f"{attr!r}: {expr}")
        elif shape == "union":
            body.append(f"    if m.HasField({field.name!r}): return {expr}")
        elif shape in ("tuple", "unwrap"):
            parts.append(f"({expr}) if m.HasField({field.name!r}) else None" if presence else expr)
        elif presence:
            body.append(f"    if m.HasField({field.name!r}): d[{key!r}] = {expr}")
        elif body:  # after an optional member: keep the model's key order
            body.append(f"    d[{key!r}] = {expr}")
        else:
            parts.append(f"{key!r}: {expr}")
    if shape == "model":
        c = src.name(cls)
        fields = src.name(frozenset(cls.model_fields))
        body = [
            f"    o = new({c})",
            f"    put(o, '__dict__', {{{', '.join(parts)}}})",
            f"    put(o, '__pydantic_fields_set__', set({fields}))",
            "    put(o, '__pydantic_extra__', None)",
            "    put(o, '__pydantic_private__', None)",
            "    return o",
        ]
    elif shape == "union":
        body.append("    return None")
    elif shape == "tuple":
        body = [f"    return [{', '.join(parts)}]"]
    elif shape == "unwrap":
        body = [f"    return {parts[0]}"]
    else:
        body = [f"    d = {{{', '.join(parts)}}}", *body, "    return d"]
    code = "def f(m):\n" + "\n".join(body) + "\n"
    exec(compile(code, f"<hyperliquid_sdk._fast {'wire' if wire else 'model'} {cls.__name__}>", "exec"), src.ns)  # noqa: S102 - source built above from field names
    real.append(src.ns["f"])
    table[cls] = src.ns["f"]
    return table[cls]


def convert(msg: Message, cls: type[BaseModel]) -> Any:
    """The model of a message (every field set, no validation)."""
    f = _CONV.get(cls)
    return (f or _converter(cls, msg.DESCRIPTOR, False))(msg)


def to_wire_of(msg: Message, cls: type[BaseModel]) -> Any:
    """The JSON wire value of a message of model ``cls`` (wire.to_wire's shapes), without models."""
    f = _WIRE.get(cls)
    return (f or _converter(cls, msg.DESCRIPTOR, True))(msg)
