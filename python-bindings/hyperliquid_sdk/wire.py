"""Model -> JSON wire, the way `hl serve` writes it (docs/serve.md, "Shapes"): SHAPE_TUPLE models
become arrays, SHAPE_UNWRAP their one field's value, SHAPE_UNION the member that is set; other
models objects keyed by their wire names without unset members. Decimals keep the text they
came with (``Decimal("97247.0")`` is written "97247.0"). What proto cannot carry is lost here
too: a ``null`` of a required nullable number reads back as 0."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel


def to_wire(value: Any) -> Any:
    """The JSON wire form of a model (or of a list / dict / scalar holding models)."""
    if isinstance(value, BaseModel):
        shape = getattr(type(value), "__wire_shape__", "object")
        fields = type(value).model_fields
        if shape == "tuple":
            return [to_wire(getattr(value, name)) for name in fields]
        if shape == "unwrap":
            return to_wire(getattr(value, next(iter(fields))))
        if shape == "union":
            return next((to_wire(v) for name in fields if (v := getattr(value, name)) is not None), None)
        out: dict[str, Any] = {}
        for name, info in fields.items():
            v = getattr(value, name)
            if v is not None:
                out[info.serialization_alias or name] = to_wire(v)
        return out
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return [to_wire(v) for v in value]
    if isinstance(value, dict):
        return {k: to_wire(v) for k, v in value.items()}
    return value
