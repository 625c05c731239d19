"""compat.utils.signing reproduces the shared conformance vectors: every L1 and user-signed
signature (r, s compared as numbers, v exactly), the connection ids and the number formatting
facts of the official SDK."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import eth_account
import pytest

from hyperliquid_sdk._generated.models import EIP712_TYPES
from hyperliquid_sdk.compat.utils import signing

VECTORS = Path(os.environ.get("HL_CONFORMANCE_VECTORS", Path(__file__).resolve().parents[3] / "shared/conformance/vectors"))
if not VECTORS.is_dir() and os.environ.get("CI") == "true":
    raise RuntimeError(f"no conformance vectors at {VECTORS} (../shared is required under CI=true)")
pytestmark = pytest.mark.skipif(not VECTORS.is_dir(), reason=f"no conformance vectors at {VECTORS} (../shared absent)")


def load(name: str) -> dict[str, Any]:
    return json.loads((VECTORS / name).read_text())  # type: ignore[no-any-return]


def same(got: dict[str, Any], want: dict[str, Any]) -> bool:
    return int(got["r"], 16) == int(want["r"], 16) and int(got["s"], 16) == int(want["s"], 16) and got["v"] == want["v"]


def l1_cases() -> list[tuple[str, dict[str, Any]]]:
    if not VECTORS.is_dir():  # parametrize runs at collection, before the skip mark
        return []
    ref = load("signing-reference.json")
    gen = load("signing-generated.json")
    return [(c["name"], {**c, "privateKey": ref["privateKey"], "signer": ref["signer"]}) for c in ref["l1"]] + [(f"generated-{i}-{c['action']['type']}", c) for i, c in enumerate(gen["l1"])]


def user_cases() -> list[tuple[str, dict[str, Any]]]:
    if not VECTORS.is_dir():
        return []
    ref = load("signing-reference.json")
    gen = load("signing-generated.json")
    return [(c["name"], {**c, "privateKey": ref["privateKey"], "signer": ref["signer"]}) for c in ref["userSigned"]] + [(f"generated-{i}-{c['primaryType']}", c) for i, c in enumerate(gen["userSigned"])]


@pytest.mark.parametrize("case", [c for _, c in l1_cases()], ids=[n for n, _ in l1_cases()])
def test_l1_signature(case: dict[str, Any]) -> None:
    wallet = eth_account.Account.from_key(case["privateKey"])
    assert "0x" + signing.action_hash(case["action"], case["vaultAddress"], case["nonce"], case["expiresAfter"]).hex() == case["connectionId"]
    sig = signing.sign_l1_action(wallet, case["action"], case["vaultAddress"], case["nonce"], case["expiresAfter"], case["isMainnet"])
    assert same(sig, case["signature"])
    signer = signing.recover_agent_or_user_from_l1_action(case["action"], sig, case["vaultAddress"], case["nonce"], case["expiresAfter"], case["isMainnet"])
    assert signer.lower() == case["signer"].lower()


@pytest.mark.parametrize("case", [c for _, c in user_cases()], ids=[n for n, _ in user_cases()])
def test_user_signed_signature(case: dict[str, Any]) -> None:
    wallet = eth_account.Account.from_key(case["privateKey"])
    types = [dict(f) for f in EIP712_TYPES[case["primaryType"]]]
    sig = signing.sign_inner(wallet, signing.user_signed_payload(case["primaryType"], types, dict(case["action"])))
    assert same(sig, case["signature"])


def test_number_formatting_facts() -> None:
    facts = load("signing-reference.json")["wireConversions"]
    for x, want in facts["floatToWire"]:
        if want == "error":
            with pytest.raises(ValueError):
                signing.float_to_wire(x)
        else:
            assert signing.float_to_wire(x) == want
    for x, want in facts["floatToIntForHashing"]:
        if want == "error":
            with pytest.raises(ValueError):
                signing.float_to_int_for_hashing(x)
        else:
            assert str(signing.float_to_int_for_hashing(x)) == want
