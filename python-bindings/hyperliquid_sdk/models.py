"""The pydantic models of every request, action, subscription, response and message of the
schema (generated: hyperliquid_sdk/_generated/models.py; `npm run generate`)."""

from ._generated.models import *  # noqa: F403
from ._generated.models import EIP712_TYPES, MODELS, Dec, InputModel, OutputModel, canonical_decimal

__all__ = ["EIP712_TYPES", "MODELS", "Dec", "InputModel", "OutputModel", "canonical_decimal"]
