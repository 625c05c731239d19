"""Differential oracle: signs JSON-line requests with the official Python SDK's own functions.

One JSON line in, one JSON line out, in order. Never touches the network.
  {"kind":"l1","privateKey","action","nonce","vaultAddress","expiresAfter","isMainnet"}
      -> {"connectionId","signature"}
  {"kind":"userSigned","privateKey","action","primaryType","types"}
      -> {"signature"}  (the SDK's own EIP-712 tables are used when it has the action)
  {"kind":"multiSig","privateKey","action","nonce","vaultAddress","expiresAfter","isMainnet"}
      -> {"signature"}
  {"kind":"floatToWire"|"floatToIntForHashing","value"} -> {"result"} | {"error"}
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import eth_account
from hyperliquid.utils import signing
from oracle_io import serve

Json = dict[str, Any]
Signer = Callable[[Any, Json, bool], Json]


def _keep_chain_id(wallet: Any, action: Json, payload_types: list[Json], primary_type: str, is_mainnet: bool) -> Json:
    """The SDK's sign_user_signed_action, except that it keeps the action's signatureChainId."""
    action["hyperliquidChain"] = "Mainnet" if is_mainnet else "Testnet"
    result: Json = signing.sign_inner(wallet, signing.user_signed_payload(primary_type, payload_types, action))
    return result


# The SDK's per-action signers pick their own EIP-712 tables; they call the module-level
# sign_user_signed_action, which we replace so a random signatureChainId is honoured.
signing.sign_user_signed_action = _keep_chain_id

SDK_SIGNERS: dict[str, Signer] = {
    "HyperliquidTransaction:UsdSend": signing.sign_usd_transfer_action,
    "HyperliquidTransaction:SpotSend": signing.sign_spot_transfer_action,
    "HyperliquidTransaction:Withdraw": signing.sign_withdraw_from_bridge_action,
    "HyperliquidTransaction:UsdClassTransfer": signing.sign_usd_class_transfer_action,
    "HyperliquidTransaction:SendAsset": signing.sign_send_asset_action,
    "HyperliquidTransaction:UserDexAbstraction": signing.sign_user_dex_abstraction_action,
    "HyperliquidTransaction:UserSetAbstraction": signing.sign_user_set_abstraction_action,
    "HyperliquidTransaction:ConvertToMultiSigUser": signing.sign_convert_to_multi_sig_user_action,
    "HyperliquidTransaction:ApproveAgent": signing.sign_agent,
    "HyperliquidTransaction:ApproveBuilderFee": signing.sign_approve_builder_fee,
    "HyperliquidTransaction:TokenDelegate": signing.sign_token_delegate_action,
}


def handle(req: Json) -> Json:
    kind = req.get("kind")
    if kind == "floatToWire":
        return {"result": signing.float_to_wire(req["value"])}
    if kind == "floatToIntForHashing":
        return {"result": str(signing.float_to_int_for_hashing(req["value"]))}
    wallet = eth_account.Account.from_key(req["privateKey"])
    if kind == "l1":
        conn = signing.action_hash(req["action"], req.get("vaultAddress"), req["nonce"], req.get("expiresAfter"))
        sig = signing.sign_l1_action(wallet, req["action"], req.get("vaultAddress"), req["nonce"], req.get("expiresAfter"), req["isMainnet"])
        return {"connectionId": "0x" + conn.hex(), "signature": sig}
    if kind == "userSigned":
        action: Json = dict(req["action"])
        is_mainnet = action.get("hyperliquidChain") == "Mainnet"
        sdk_signer = SDK_SIGNERS.get(req["primaryType"])
        if sdk_signer is not None:
            return {"signature": sdk_signer(wallet, action, is_mainnet), "tables": "sdk"}
        return {"signature": _keep_chain_id(wallet, action, req["types"], req["primaryType"], is_mainnet), "tables": "request"}
    if kind == "multiSig":
        outer: Json = dict(req["action"])
        without_tag = {k: v for k, v in outer.items() if k != "type"}
        digest = signing.action_hash(without_tag, req.get("vaultAddress"), req["nonce"], req.get("expiresAfter"))
        envelope: Json = {"signatureChainId": outer["signatureChainId"], "multiSigActionHash": digest, "nonce": req["nonce"]}
        return {"signature": _keep_chain_id(wallet, envelope, signing.MULTI_SIG_ENVELOPE_SIGN_TYPES, "HyperliquidTransaction:SendMultiSig", req["isMainnet"])}
    raise ValueError(f"unknown kind {kind!r}")


def main() -> None:
    serve(handle)


if __name__ == "__main__":
    main()
