"""Differential oracle for the compat Exchange: runs the official Python SDK's Exchange methods
with a fixed timestamp and captures the payload it would POST. Never touches the network:
Info gets skip_ws and fixed meta / spot_meta; post, all_mids and user_state are replaced.

One JSON line in, one JSON line out, in order.
  {"kind":"exchange","privateKey","baseUrl","vaultAddress","accountAddress","expiresAfter",
   "timestamp","meta","spotMeta","mids","userState","agentKey","method","args":[…]}
      -> {"payload": {…} | null, "result": …}
     An argument {"$cloid": "0x…"} becomes a Cloid.
  {"kind":"pyNumbers","floats":[…],"slippage":[[px,isBuy,slippage,szDecimals,isSpot],…]}
      -> {"str": [str(float(x))…], "slippage": [Exchange._slippage_price's formula…]}
  {"kind":"methods"} -> {"methods": [the public Exchange methods, without API's]}
  {"kind":"multiSigL1Payload","privateKey","action","isMainnet","vaultAddress","nonce",
   "expiresAfter","multiSigUser","outerSigner"} -> {"signature"}
  {"kind":"multiSigUserSignedPayload","privateKey","action","isMainnet","primaryType",
   "multiSigUser","outerSigner"} -> {"signature"}   (the SDK's own *_SIGN_TYPES tables)
"""

from __future__ import annotations

import json
from typing import Any

import eth_account
import hyperliquid.exchange as hl_exchange
from hyperliquid.utils import signing
from hyperliquid.utils.types import Cloid
from oracle_io import serve

Json = dict[str, Any]

SIGN_TYPES: dict[str, list[Json]] = {
    "HyperliquidTransaction:UsdSend": signing.USD_SEND_SIGN_TYPES,
    "HyperliquidTransaction:SpotSend": signing.SPOT_TRANSFER_SIGN_TYPES,
    "HyperliquidTransaction:Withdraw": signing.WITHDRAW_SIGN_TYPES,
    "HyperliquidTransaction:UsdClassTransfer": signing.USD_CLASS_TRANSFER_SIGN_TYPES,
    "HyperliquidTransaction:SendAsset": signing.SEND_ASSET_SIGN_TYPES,
    "HyperliquidTransaction:UserDexAbstraction": signing.USER_DEX_ABSTRACTION_SIGN_TYPES,
    "HyperliquidTransaction:UserSetAbstraction": signing.USER_SET_ABSTRACTION_SIGN_TYPES,
    "HyperliquidTransaction:TokenDelegate": signing.TOKEN_DELEGATE_TYPES,
    "HyperliquidTransaction:ConvertToMultiSigUser": signing.CONVERT_TO_MULTI_SIG_USER_SIGN_TYPES,
}


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$cloid"}:
            return Cloid(value["$cloid"])
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def _encode(value: Any) -> Any:
    if isinstance(value, Cloid):
        return value.to_raw()
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    return value


def run_exchange(req: Json) -> Json:
    wallet = eth_account.Account.from_key(req["privateKey"])
    timestamp = req["timestamp"]
    hl_exchange.get_timestamp_ms = lambda: timestamp
    agent_key = req.get("agentKey")
    if agent_key:
        hl_exchange.secrets.token_hex = lambda _n=32: agent_key[2:]
    ex = hl_exchange.Exchange(
        wallet,
        req["baseUrl"],
        meta=req["meta"],
        vault_address=req.get("vaultAddress"),
        account_address=req.get("accountAddress"),
        spot_meta=req["spotMeta"],
    )
    ex.set_expires_after(req.get("expiresAfter"))
    captured: list[Any] = []

    def fake_post(url_path: str, payload: Any = None) -> Any:
        captured.append(json.loads(json.dumps(_encode(payload))))
        return {"status": "ok", "response": {"type": "default"}}

    ex.post = fake_post
    ex.info.all_mids = lambda dex="": req.get("mids") or {}
    ex.info.user_state = lambda address, dex="": req.get("userState") or {"assetPositions": []}
    result = getattr(ex, req["method"])(*_decode(req.get("args", [])))
    return {"payload": captured[0] if captured else None, "result": _encode(result)}


def handle(req: Json) -> Json:
    kind = req.get("kind")
    if kind == "exchange":
        return run_exchange(req)
    if kind == "pyNumbers":
        slip = [
            round(float(f"{px * ((1 + s) if buy else (1 - s)):.5g}"), (8 if spot else 6) - szd)
            for (px, buy, s, szd, spot) in req["slippage"]
        ]
        return {"str": [str(float(v)) for v in req["floats"]], "slippage": slip}
    if kind == "methods":
        api = set(dir(hl_exchange.API))
        return {"methods": sorted(m for m in dir(hl_exchange.Exchange) if not m.startswith("_") and m not in api and callable(getattr(hl_exchange.Exchange, m)))}
    wallet = eth_account.Account.from_key(req["privateKey"])
    if kind == "multiSigL1Payload":
        sig = signing.sign_multi_sig_l1_action_payload(
            wallet,
            req["action"],
            req["isMainnet"],
            req.get("vaultAddress"),
            req["nonce"],
            req.get("expiresAfter"),
            req["multiSigUser"],
            req["outerSigner"],
        )
        return {"signature": sig}
    if kind == "multiSigUserSignedPayload":
        sig = signing.sign_multi_sig_user_signed_action_payload(
            wallet,
            dict(req["action"]),
            req["isMainnet"],
            SIGN_TYPES[req["primaryType"]],
            req["primaryType"],
            req["multiSigUser"],
            req["outerSigner"],
        )
        return {"signature": sig}
    raise ValueError(f"unknown kind {kind!r}")


def main() -> None:
    serve(handle)


if __name__ == "__main__":
    main()
