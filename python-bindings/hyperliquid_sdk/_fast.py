"""protobuf message -> model without a JSON detour: a plan per model class (from its fields and
the message descriptor) read with attribute access on the upb message and built with
``model_construct``. The message was checked by the server against the schema already; this is
what ``_rpc.from_proto`` uses, and the round-trip tests compare it with the validating path."""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from google.protobuf import json_format
from google.protobuf.message import Message
from pydantic import BaseModel

Convert = Callable[[Any], Any]
_PLANS: dict[type[BaseModel], list[tuple[str, str, bool, Convert | None]]] = {}


def _value(v: Any) -> Any:
    return json_format.MessageToDict(v)


def _element(tp: Any) -> Convert | None:
    """How to convert one element of this annotation (None: use as is)."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _element(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(tp) if a is not type(None)]
        return _element(inner[0])
    if tp is Decimal:
        return Decimal
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return _model(tp)
    if tp is typing.Any or "JsonValue" in str(tp):
        return _value
    return None


def _list_of(each: Convert) -> Convert:
    return lambda v: [each(x) for x in v]


def _dict_of(each: Convert) -> Convert:
    return lambda v: {k: each(x) for k, x in v.items()}


def _model(cls: type[BaseModel]) -> Convert:
    return lambda msg: convert(msg, cls)


def _plan(cls: type[BaseModel], descriptor: Any) -> list[tuple[str, str, bool, Convert | None]]:
    plan = _PLANS.get(cls)
    if plan is not None:
        return plan
    cls.model_rebuild()
    plan = []
    for attr, info in cls.model_fields.items():
        field = descriptor.fields_by_name[info.serialization_alias or attr]
        tp = info.annotation
        origin = typing.get_origin(tp)
        conv: Convert | None
        if origin is list:
            each = _element(typing.get_args(tp)[0])
            conv = _list_of(each) if each else list
        elif origin is dict:
            each = _element(typing.get_args(tp)[1])
            conv = _dict_of(each) if each else dict
        else:
            conv = _element(tp)
        plan.append((attr, field.name, field.has_presence, conv))
    _PLANS[cls] = plan
    return plan


def convert(msg: Message, cls: type[BaseModel]) -> Any:
    values: dict[str, Any] = {}
    for attr, name, presence, conv in _plan(cls, msg.DESCRIPTOR):
        if presence and not msg.HasField(name):
            values[attr] = None
            continue
        v = getattr(msg, name)
        values[attr] = conv(v) if conv is not None else v
    # What model_construct does, minus its per-call default and alias handling (every field is set).
    obj = object.__new__(cls)
    _set(obj, "__dict__", values)
    _set(obj, "__pydantic_fields_set__", set(values))
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj


_set = object.__setattr__
