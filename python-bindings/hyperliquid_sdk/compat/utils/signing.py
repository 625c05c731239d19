"""hyperliquid.utils.signing: order types, number -> wire helpers and the signing functions, with
the original's names and signatures. A local implementation: msgpack (the library) for the L1
action hash, eth_account for EIP-712; no call to the server. The EIP-712 field tables come from
the schema (models.EIP712_TYPES). Checked against ../shared/conformance/vectors."""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any, Literal, Optional, TypedDict, Union

import msgpack
from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_utils.conversions import to_hex as to_hex  # re-exported, as the original module does
from eth_utils.crypto import keccak
from typing_extensions import NotRequired

from ..._generated.models import EIP712_TYPES
from .types import Cloid

Tif = Union[Literal["Alo"], Literal["Ioc"], Literal["Gtc"]]
Tpsl = Union[Literal["tp"], Literal["sl"]]
LimitOrderType = TypedDict("LimitOrderType", {"tif": Tif})
TriggerOrderType = TypedDict("TriggerOrderType", {"triggerPx": float, "isMarket": bool, "tpsl": Tpsl})
TriggerOrderTypeWire = TypedDict("TriggerOrderTypeWire", {"triggerPx": str, "isMarket": bool, "tpsl": Tpsl})
OrderType = TypedDict("OrderType", {"limit": LimitOrderType, "trigger": TriggerOrderType}, total=False)
OrderTypeWire = TypedDict("OrderTypeWire", {"limit": LimitOrderType, "trigger": TriggerOrderTypeWire}, total=False)
OrderRequest = TypedDict(
    "OrderRequest",
    {"coin": str, "is_buy": bool, "sz": float, "limit_px": float, "order_type": OrderType, "reduce_only": bool, "cloid": NotRequired[Optional[Cloid]]},
    total=False,
)
OidOrCloid = Union[int, Cloid]
ModifyRequest = TypedDict("ModifyRequest", {"oid": OidOrCloid, "order": OrderRequest}, total=False)
CancelRequest = TypedDict("CancelRequest", {"coin": str, "oid": int})
CancelByCloidRequest = TypedDict("CancelByCloidRequest", {"coin": str, "cloid": Cloid})
PriorityGrouping = TypedDict("PriorityGrouping", {"p": int})
Grouping = Union[Literal["na"], Literal["normalTpsl"], Literal["positionTpsl"], PriorityGrouping]
Order = TypedDict("Order", {"asset": int, "isBuy": bool, "limitPx": float, "sz": float, "reduceOnly": bool, "cloid": Optional[Cloid]})
OrderWire = TypedDict("OrderWire", {"a": int, "b": bool, "p": str, "s": str, "r": bool, "t": OrderTypeWire, "c": NotRequired[Optional[str]]})
ModifyWire = TypedDict("ModifyWire", {"oid": int, "order": OrderWire})
ScheduleCancelAction = TypedDict("ScheduleCancelAction", {"type": Literal["scheduleCancel"], "time": NotRequired[Optional[int]]})


def _types(primary: str) -> list[dict[str, str]]:
    return [dict(f) for f in EIP712_TYPES[f"HyperliquidTransaction:{primary}"]]


USD_SEND_SIGN_TYPES = _types("UsdSend")
SPOT_TRANSFER_SIGN_TYPES = _types("SpotSend")
WITHDRAW_SIGN_TYPES = _types("Withdraw")
USD_CLASS_TRANSFER_SIGN_TYPES = _types("UsdClassTransfer")
SEND_ASSET_SIGN_TYPES = _types("SendAsset")
USER_DEX_ABSTRACTION_SIGN_TYPES = _types("UserDexAbstraction")
TOKEN_DELEGATE_TYPES = _types("TokenDelegate")
CONVERT_TO_MULTI_SIG_USER_SIGN_TYPES = _types("ConvertToMultiSigUser")
USER_SET_ABSTRACTION_SIGN_TYPES = _types("UserSetAbstraction")
MULTI_SIG_ENVELOPE_SIGN_TYPES = _types("SendMultiSig")


def order_type_to_wire(order_type: OrderType) -> OrderTypeWire:
    if "limit" in order_type:
        return {"limit": order_type["limit"]}
    if "trigger" in order_type:
        t = order_type["trigger"]
        return {"trigger": {"isMarket": t["isMarket"], "triggerPx": float_to_wire(t["triggerPx"]), "tpsl": t["tpsl"]}}
    raise ValueError("Invalid order type", order_type)


def address_to_bytes(address: str) -> bytes:
    return bytes.fromhex(address[2:] if address.startswith("0x") else address)


def action_hash(action: Any, vault_address: Optional[str], nonce: int, expires_after: Optional[int]) -> bytes:
    """keccak256(msgpack(action) ‖ nonce (8 bytes BE) ‖ 0x00 | 0x01 vault ‖ [0x00 expiresAfter])."""
    data = msgpack.packb(action) + nonce.to_bytes(8, "big")
    data += b"\x00" if vault_address is None else b"\x01" + address_to_bytes(vault_address)
    if expires_after is not None:
        data += b"\x00" + expires_after.to_bytes(8, "big")
    return keccak(data)


def construct_phantom_agent(hash: bytes, is_mainnet: bool) -> dict[str, Any]:
    return {"source": "a" if is_mainnet else "b", "connectionId": hash}


_DOMAIN_TYPE = [{"name": "name", "type": "string"}, {"name": "version", "type": "string"}, {"name": "chainId", "type": "uint256"}, {"name": "verifyingContract", "type": "address"}]
_ZERO = "0x0000000000000000000000000000000000000000"


def l1_payload(phantom_agent: dict[str, Any]) -> dict[str, Any]:
    return {
        "domain": {"chainId": 1337, "name": "Exchange", "verifyingContract": _ZERO, "version": "1"},
        "types": {"Agent": [{"name": "source", "type": "string"}, {"name": "connectionId", "type": "bytes32"}], "EIP712Domain": _DOMAIN_TYPE},
        "primaryType": "Agent",
        "message": phantom_agent,
    }


def user_signed_payload(primary_type: str, payload_types: list[dict[str, str]], action: dict[str, Any]) -> dict[str, Any]:
    return {
        "domain": {"name": "HyperliquidSignTransaction", "version": "1", "chainId": int(action["signatureChainId"], 16), "verifyingContract": _ZERO},
        "types": {primary_type: payload_types, "EIP712Domain": _DOMAIN_TYPE},
        "primaryType": primary_type,
        "message": action,
    }


def sign_inner(wallet: Any, data: dict[str, Any]) -> dict[str, Any]:
    signed = wallet.sign_message(encode_typed_data(full_message=data))
    return {"r": _hex(signed["r"]), "s": _hex(signed["s"]), "v": signed["v"]}


def _hex(n: int) -> str:
    # The original's eth_utils.to_hex of an int: 0x and the shortest hex digits.
    return hex(n)


def sign_l1_action(wallet: Any, action: Any, active_pool: Optional[str], nonce: int, expires_after: Optional[int], is_mainnet: bool) -> dict[str, Any]:
    return sign_inner(wallet, l1_payload(construct_phantom_agent(action_hash(action, active_pool, nonce, expires_after), is_mainnet)))


def sign_user_signed_action(wallet: Any, action: dict[str, Any], payload_types: list[dict[str, str]], primary_type: str, is_mainnet: bool) -> dict[str, Any]:
    # Like the original: the envelope is set on the action the caller passed.
    action["signatureChainId"] = "0x66eee"
    action["hyperliquidChain"] = "Mainnet" if is_mainnet else "Testnet"
    return sign_inner(wallet, user_signed_payload(primary_type, payload_types, action))


def sign_usd_transfer_action(wallet: Any, action: dict[str, Any], is_mainnet: bool) -> dict[str, Any]:
    return sign_user_signed_action(wallet, action, USD_SEND_SIGN_TYPES, "HyperliquidTransaction:UsdSend", is_mainnet)


def sign_spot_transfer_action(wallet: Any, action: dict[str, Any], is_mainnet: bool) -> dict[str, Any]:
    return sign_user_signed_action(wallet, action, SPOT_TRANSFER_SIGN_TYPES, "HyperliquidTransaction:SpotSend", is_mainnet)


def sign_withdraw_from_bridge_action(wallet: Any, action: dict[str, Any], is_mainnet: bool) -> dict[str, Any]:
    return sign_user_signed_action(wallet, action, WITHDRAW_SIGN_TYPES, "HyperliquidTransaction:Withdraw", is_mainnet)


def sign_usd_class_transfer_action(wallet: Any, action: dict[str, Any], is_mainnet: bool) -> dict[str, Any]:
    return sign_user_signed_action(wallet, action, USD_CLASS_TRANSFER_SIGN_TYPES, "HyperliquidTransaction:UsdClassTransfer", is_mainnet)


def sign_send_asset_action(wallet: Any, action: dict[str, Any], is_mainnet: bool) -> dict[str, Any]:
    return sign_user_signed_action(wallet, action, SEND_ASSET_SIGN_TYPES, "HyperliquidTransaction:SendAsset", is_mainnet)


def sign_agent(wallet: Any, action: dict[str, Any], is_mainnet: bool) -> dict[str, Any]:
    return sign_user_signed_action(wallet, action, _types("ApproveAgent"), "HyperliquidTransaction:ApproveAgent", is_mainnet)


def sign_approve_builder_fee(wallet: Any, action: dict[str, Any], is_mainnet: bool) -> dict[str, Any]:
    return sign_user_signed_action(wallet, action, _types("ApproveBuilderFee"), "HyperliquidTransaction:ApproveBuilderFee", is_mainnet)


def sign_token_delegate_action(wallet: Any, action: dict[str, Any], is_mainnet: bool) -> dict[str, Any]:
    return sign_user_signed_action(wallet, action, TOKEN_DELEGATE_TYPES, "HyperliquidTransaction:TokenDelegate", is_mainnet)


def sign_user_dex_abstraction_action(wallet: Any, action: dict[str, Any], is_mainnet: bool) -> dict[str, Any]:
    return sign_user_signed_action(wallet, action, USER_DEX_ABSTRACTION_SIGN_TYPES, "HyperliquidTransaction:UserDexAbstraction", is_mainnet)


def sign_user_set_abstraction_action(wallet: Any, action: dict[str, Any], is_mainnet: bool) -> dict[str, Any]:
    return sign_user_signed_action(wallet, action, USER_SET_ABSTRACTION_SIGN_TYPES, "HyperliquidTransaction:UserSetAbstraction", is_mainnet)


def sign_convert_to_multi_sig_user_action(wallet: Any, action: dict[str, Any], is_mainnet: bool) -> dict[str, Any]:
    return sign_user_signed_action(wallet, action, CONVERT_TO_MULTI_SIG_USER_SIGN_TYPES, "HyperliquidTransaction:ConvertToMultiSigUser", is_mainnet)


def add_multi_sig_types(sign_types: list[dict[str, str]]) -> list[dict[str, str]]:
    """sign_types with payloadMultiSigUser and outerSigner after hyperliquidChain (as the original)."""
    out: list[dict[str, str]] = []
    for t in sign_types:
        out.append(t)
        if t["name"] == "hyperliquidChain":
            out += [{"name": "payloadMultiSigUser", "type": "address"}, {"name": "outerSigner", "type": "address"}]
    if len(out) == len(sign_types):
        print('"hyperliquidChain" missing from sign_types. sign_types was not enriched with multi-sig signing types')
    return out


def add_multi_sig_fields(action: dict[str, Any], payload_multi_sig_user: str, outer_signer: str) -> dict[str, Any]:
    return {**action, "payloadMultiSigUser": payload_multi_sig_user.lower(), "outerSigner": outer_signer.lower()}


def sign_multi_sig_user_signed_action_payload(
    wallet: Any, action: dict[str, Any], is_mainnet: bool, sign_types: list[dict[str, str]], tx_type: str, payload_multi_sig_user: str, outer_signer: str
) -> dict[str, Any]:
    """One multi-sig signer's signature of a user-signed inner action."""
    envelope = add_multi_sig_fields(action, payload_multi_sig_user, outer_signer)
    return sign_user_signed_action(wallet, envelope, add_multi_sig_types(sign_types), tx_type, is_mainnet)


def sign_multi_sig_l1_action_payload(
    wallet: Any, action: Any, is_mainnet: bool, vault_address: Optional[str], timestamp: int, expires_after: Optional[int], payload_multi_sig_user: str, outer_signer: str
) -> dict[str, Any]:
    """One multi-sig signer's signature of an L1 inner action."""
    return sign_l1_action(wallet, [payload_multi_sig_user.lower(), outer_signer.lower(), action], vault_address, timestamp, expires_after, is_mainnet)


def sign_multi_sig_action(wallet: Any, action: dict[str, Any], is_mainnet: bool, vault_address: Optional[str], nonce: int, expires_after: Optional[int]) -> dict[str, Any]:
    """The outer signer's signature of a multiSig action (SendMultiSig over the action's hash)."""
    without_tag = {k: v for k, v in action.items() if k != "type"}
    envelope = {"multiSigActionHash": action_hash(without_tag, vault_address, nonce, expires_after), "nonce": nonce}
    return sign_user_signed_action(wallet, envelope, MULTI_SIG_ENVELOPE_SIGN_TYPES, "HyperliquidTransaction:SendMultiSig", is_mainnet)


def _recover(data: dict[str, Any], signature: dict[str, Any]) -> str:
    vrs = (signature["v"], int(signature["r"], 16), int(signature["s"], 16))
    return str(Account.recover_message(encode_typed_data(full_message=data), vrs=vrs))


def recover_agent_or_user_from_l1_action(action: Any, signature: dict[str, Any], active_pool: Optional[str], nonce: int, expires_after: Optional[int], is_mainnet: bool) -> str:
    return _recover(l1_payload(construct_phantom_agent(action_hash(action, active_pool, nonce, expires_after), is_mainnet)), signature)


def recover_user_from_user_signed_action(action: dict[str, Any], signature: dict[str, Any], payload_types: list[dict[str, str]], primary_type: str, is_mainnet: bool) -> str:
    action = {**action, "hyperliquidChain": "Mainnet" if is_mainnet else "Testnet"}
    return _recover(user_signed_payload(primary_type, payload_types, action), signature)


def float_to_wire(x: float) -> str:
    """8 decimals at most; a value that rounding would change by 1e-12 or more is refused."""
    rounded = f"{x:.8f}"
    if abs(float(rounded) - x) >= 1e-12:
        raise ValueError("float_to_wire causes rounding", x)
    if rounded == "-0.00000000":
        rounded = "0.00000000"
    normalized = Decimal(rounded).normalize()
    return f"{normalized:f}"


def float_to_int_for_hashing(x: float) -> int:
    return float_to_int(x, 8)


def float_to_usd_int(x: float) -> int:
    return float_to_int(x, 6)


def float_to_int(x: float, power: int) -> int:
    with_decimals = x * 10**power
    if abs(round(with_decimals) - with_decimals) >= 1e-3:
        raise ValueError("float_to_int causes rounding", x)
    return int(round(with_decimals))


def get_timestamp_ms() -> int:
    return int(time.time() * 1000)


def order_request_to_order_wire(order: OrderRequest, asset: int) -> OrderWire:
    wire: OrderWire = {
        "a": asset,
        "b": order["is_buy"],
        "p": float_to_wire(order["limit_px"]),
        "s": float_to_wire(order["sz"]),
        "r": order["reduce_only"],
        "t": order_type_to_wire(order["order_type"]),
    }
    cloid = order.get("cloid")
    if cloid is not None:
        wire["c"] = cloid.to_raw()
    return wire


def order_wires_to_order_action(order_wires: list[OrderWire], builder: Any = None, grouping: Grouping = "na") -> dict[str, Any]:
    action: dict[str, Any] = {"type": "order", "orders": order_wires, "grouping": grouping}
    if builder:
        action["builder"] = builder
    return action
