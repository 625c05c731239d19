"""compat Exchange beyond order/cancel/transfer: every public method of the original's Exchange,
(1) with the same names, argument names and defaults; (2) sending the same action as the
original: both run against one recording proxy in front of the devnet, and the /exchange bodies
they post (action, vaultAddress, expiresAfter; nonces aside) must be equal; (3) doing what it
says on the devnet (vault trading, expiry, sub-accounts, agents, staking, deploys)."""

from __future__ import annotations

import functools
import inspect
import json
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import eth_account
import pytest
from conftest import devnet_admin, devnet_url

from hyperliquid_sdk import NULL, Client, ValidationError
from hyperliquid_sdk.compat.exchange import Exchange
from hyperliquid_sdk.compat.info import Info
from hyperliquid_sdk.compat.utils import signing
from hyperliquid_sdk.compat.utils.types import Cloid

VALIDATOR = "0x" + "a1" * 20
VAULT = "0x" + "b2" * 20


def _public(cls: type) -> dict[str, list[tuple[str, Any]]]:
    return {n: [(p.name, p.default) for p in inspect.signature(f).parameters.values()] for n, f in inspect.getmembers(cls, callable) if not n.startswith("_")}


def test_public_methods_match_the_original() -> None:
    original = pytest.importorskip("hyperliquid.exchange")
    ours = _public(Exchange)
    theirs = _public(original.Exchange)
    assert sorted(set(theirs) - set(ours)) == []
    assert sorted(set(ours) - set(theirs)) == ["close"]
    assert {n: ours[n] for n in theirs} == theirs
    info = pytest.importorskip("hyperliquid.info")
    assert sorted(set(_public(info.Info)) - set(_public(Info))) == []
    sig = pytest.importorskip("hyperliquid.utils.signing")
    assert sorted(n for n in dir(sig) if not n.startswith("_") and not hasattr(signing, n)) == []


class Recorder:
    """A loopback HTTP proxy to the devnet that keeps every /exchange body it forwards."""

    def __init__(self, target: str) -> None:
        self.bodies: list[dict[str, Any]] = []
        rec = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                if self.path == "/exchange":
                    rec.bodies.append(json.loads(body))
                req = urllib.request.Request(target + self.path, data=body, headers={"content-type": "application/json"})
                try:
                    with urllib.request.urlopen(req, timeout=10) as res:
                        status, out = res.status, res.read()
                except urllib.error.HTTPError as e:
                    status, out = e.code, e.read()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(out)))
                self.end_headers()
                self.wfile.write(out)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def last(self, call: Callable[[], Any]) -> dict[str, Any]:
        """The body `call` posted to /exchange (the original raises on a 4xx answer: ignored here)."""
        n = len(self.bodies)
        try:
            call()
        except Exception as e:  # the original's hyperliquid.utils.error.ClientError
            if getattr(e, "status_code", None) != 422:
                raise
        assert len(self.bodies) == n + 1, "expected exactly one /exchange post"
        return self.bodies[-1]


@pytest.fixture(scope="module")
def world(hl: Client) -> Iterator[tuple[str, Recorder, Any]]:
    api = devnet_url(hl)
    account = eth_account.Account.create()
    devnet_admin(
        api,
        "seed",
        {
            "accounts": [{"address": account.address, "usdc": "5000", "spot": {"USDC": "100"}, "volume": "200000", "staked": "50"}],
            "validators": [{"address": VALIDATOR, "selfStake": "10000"}],
            "vaults": [{"address": VAULT, "name": "v", "leader": account.address, "equity": "1000"}],
        },
    )
    rec = Recorder(api)
    yield api, rec, account
    rec.server.shutdown()


@pytest.fixture(scope="module")
def pair(world: tuple[str, Recorder, Any]) -> Iterator[tuple[Any, Exchange]]:
    original = pytest.importorskip("hyperliquid.exchange")
    _, rec, account = world
    ours = Exchange(account, rec.url)
    yield original.Exchange(account, rec.url), ours
    ours.close()


def _canonical(value: Any) -> Any:
    """Decimal strings as hl serve sends them: "10.0" -> "10" (the exchange wants canonical ones)."""
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]+\.[0-9]*0", value):
        return value.rstrip("0").rstrip(".")
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    return value


def _same_request(body: dict[str, Any]) -> dict[str, Any]:
    """What must match: the action without its nonce/time (a timestamp in both SDKs), the vault and expiry."""
    action = {k: v for k, v in body["action"].items() if k not in ("nonce", "time", "agentAddress")}
    return {"action": _canonical(action), "vaultAddress": body.get("vaultAddress"), "expiresAfter": body.get("expiresAfter")}


SUB = "0x" + "c3" * 20
CALLS: list[tuple[str, tuple[Any, ...]]] = [
    ("perp_deploy_register_asset", ("pyx", None, "pyx:TST", 2, "10.0", 1, False, {"fullName": "Py X", "collateralToken": 0, "oracleUpdater": None})),
    ("perp_deploy_register_asset", ("pyx", 1_000_000, "pyx:TWO", 3, "0.50", 2, True, None)),
    ("perp_deploy_set_oracle", ("pyx", {"pyx:TST": "10.5", "pyx:TWO": "0.5"}, [{"pyx:TST": "10.4"}], {"pyx:TST": "10.3"})),
    ("spot_deploy_register_token", ("PYT", 2, 8, 1_000_000_000_000, "Py Token")),
    ("spot_deploy_user_genesis", (1, [("0x" + "AB" * 20, "100000")], [(0, "5")])),
    ("spot_deploy_genesis", (1, "100000", True)),
    ("spot_deploy_genesis", (1, "100000", False)),
    ("spot_deploy_register_spot", (1, 0)),
    ("spot_deploy_register_hyperliquidity", (1, 2.5, 10.0, 20, None)),
    ("spot_deploy_register_hyperliquidity", (1, 2.5, 10.0, 20, 3)),
    ("spot_deploy_set_deployer_trading_fee_share", (1, "50%")),
    ("spot_deploy_enable_freeze_privilege", (1,)),
    ("spot_deploy_freeze_user", (1, "0x" + "AB" * 20, True)),
    ("spot_deploy_revoke_freeze_privilege", (1,)),
    ("spot_deploy_enable_quote_token", (1,)),
    ("c_signer_jail_self", ()),
    ("c_signer_unjail_self", ()),
    ("c_validator_register", ("1.2.3.4", "val", "desc", False, 100, "0x" + "d4" * 20, True, 10)),
    ("c_validator_change_profile", (None, "n", None, True, None, 5, None)),
    ("c_validator_change_profile", ("5.6.7.8", None, "d", False, True, None, "0x" + "d4" * 20)),
    ("c_validator_unregister", ()),
    ("convert_to_multi_sig_user", (["0x" + "e5" * 20, "0x" + "0f" * 20], 1)),
    ("approve_builder_fee", ("0x" + "77" * 20, "0.001%")),
    ("use_big_blocks", (True,)),
    ("agent_enable_dex_abstraction", ()),
    ("agent_set_abstraction", ("u",)),
    ("user_dex_abstraction", ("0x" + "AB" * 20, True)),
    ("user_set_abstraction", ("0x" + "AB" * 20, "portfolioMargin")),
    ("gossip_priority_bid", (1, "1.2.3.4", 1000)),
    ("token_delegate", (VALIDATOR, 100_000_000, False)),
    ("send_asset", ("0x" + "99" * 20, "", "spot", "USDC", 1.5)),
    ("vault_usd_transfer", (VAULT, True, 1_000_000)),
    ("sub_account_transfer", (SUB, True, 1_000_000)),
    ("sub_account_spot_transfer", (SUB, False, "USDC", 0.5)),
    ("create_sub_account", ("pysub",)),
    ("usd_class_transfer", (1.25, False)),
    ("approve_agent", ("bot",)),
    ("approve_agent", ()),
    # The methods that were there before, for the same check.
    ("order", ("BTC", True, 0.001, 1000.5, {"limit": {"tif": "Gtc"}}, False, Cloid.from_int(9))),
    ("order", ("ETH", False, 0.01, 9000, {"trigger": {"triggerPx": 8900.0, "isMarket": True, "tpsl": "sl"}}, True)),
    ("bulk_orders", ([{"coin": "BTC", "is_buy": True, "sz": 0.001, "limit_px": 1000, "order_type": {"limit": {"tif": "Alo"}}, "reduce_only": False}], {"b": "0x" + "Ab" * 20, "f": 10}, "normalTpsl")),
    ("bulk_orders", ([{"coin": "BTC", "is_buy": True, "sz": 0.001, "limit_px": 1000, "order_type": {"limit": {"tif": "Gtc"}}, "reduce_only": False}], None, "positionTpsl")),
    ("modify_order", (12345, "BTC", True, 0.002, 1001, {"limit": {"tif": "Gtc"}})),
    ("cancel", ("BTC", 12345)),
    ("cancel_by_cloid", ("BTC", Cloid.from_int(9))),
    ("schedule_cancel", (None,)),
    ("update_leverage", (5, "ETH", False)),
    ("update_isolated_margin", (12.5, "ETH")),
    ("set_referrer", ("ABC",)),
    ("usd_transfer", (2.5, "0x" + "99" * 20)),
    ("spot_transfer", (1.5, "0x" + "99" * 20, "USDC:0x6d1e7cde53ba9467b783cb7c530ce054")),
    ("withdraw_from_bridge", (5.0, "0x" + "99" * 20)),
]


@pytest.mark.parametrize(("method", "args"), CALLS, ids=[f"{i}-{c[0]}" for i, c in enumerate(CALLS)])
def test_sends_what_the_original_sends(world: tuple[str, Recorder, Any], pair: tuple[Any, Exchange], method: str, args: tuple[Any, ...]) -> None:
    _, rec, _ = world
    theirs, ours = pair
    want = rec.last(lambda: getattr(theirs, method)(*args))
    got = rec.last(lambda: getattr(ours, method)(*args))
    assert _same_request(got) == _same_request(want)


def test_oracle_px_string_is_sent_canonical(world: tuple[str, Recorder, Any], pair: tuple[Any, Exchange]) -> None:
    """The original sends oracle_px as given ("10.0"), which the devnet refuses like the exchange
    (422: not a canonical decimal); through hl serve "10.0" is accepted and sent as "10"."""
    _, rec, _ = world
    theirs, ours = pair
    args: tuple[Any, ...] = ("pyz", None, "pyz:AAA", 2, "10.0", 1, False, {"fullName": "Py Z", "collateralToken": 0, "oracleUpdater": None})
    error = pytest.importorskip("hyperliquid.utils.error")
    with pytest.raises(error.ClientError) as refused:
        theirs.perp_deploy_register_asset(*args)
    assert refused.value.status_code == 422 and rec.bodies[-1]["action"]["registerAsset"]["assetRequest"]["oraclePx"] == "10.0"
    res = ours.perp_deploy_register_asset(*args)
    assert res == {"status": "ok", "response": {"type": "default"}}, res
    sent = rec.bodies[-1]["action"]["registerAsset"]
    assert sent["assetRequest"]["oraclePx"] == "10" and sent["maxGas"] is None and sent["schema"] == {"fullName": "Py Z", "collateralToken": 0, "oracleUpdater": None}


def test_vault_and_expiry_reach_the_envelope(world: tuple[str, Recorder, Any], pair: tuple[Any, Exchange]) -> None:
    _, rec, account = world
    theirs, _ = pair
    original = pytest.importorskip("hyperliquid.exchange")
    ours = Exchange(account, rec.url, vault_address=VAULT)
    try:
        mine = original.Exchange(account, rec.url, vault_address=VAULT)
        later = int(time.time() * 1000) + 60_000
        for ex in (mine, ours):
            ex.set_expires_after(later)
        calls: list[tuple[str, tuple[Any, ...]]] = [("update_leverage", (3, "BTC")), ("usd_class_transfer", (1.0, True)), ("send_asset", ("0x" + "99" * 20, "", "spot", "USDC", 1.0)), ("set_referrer", ("NOPE",))]
        for method, args in calls:
            want = rec.last(functools.partial(getattr(mine, method), *args))
            got = rec.last(functools.partial(getattr(ours, method), *args))
            assert _same_request(got)["action"] == _same_request(want)["action"], method
            if method == "update_leverage":
                assert (got["vaultAddress"], got["expiresAfter"]) == (VAULT, later)
        _ = theirs
    finally:
        ours.close()


def test_trades_for_the_vault_and_expires(world: tuple[str, Recorder, Any]) -> None:
    api, _, account = world
    info = Info(api, skip_ws=True)
    ex = Exchange(account, api, vault_address=VAULT)
    try:
        px = round(float(info.all_mids()["BTC"]) * 0.8)
        res = ex.order("BTC", True, 0.001, px, {"limit": {"tif": "Gtc"}})
        assert res["status"] == "ok" and "resting" in res["response"]["data"]["statuses"][0], res
        assert [o["coin"] for o in info.open_orders(VAULT)] == ["BTC"]
        assert info.open_orders(account.address) == []
        oid = res["response"]["data"]["statuses"][0]["resting"]["oid"]
        ex.set_expires_after(int(time.time() * 1000) - 60_000)
        res = ex.cancel("BTC", oid)
        assert res["status"] == "err" and "expired" in res["response"].lower(), res
        ex.set_expires_after(int(time.time() * 1000) + 60_000)
        assert ex.cancel("BTC", oid)["status"] == "ok"
        assert info.open_orders(VAULT) == []
    finally:
        ex.close()
        info.close()


def test_accounts_agents_staking_on_the_devnet(world: tuple[str, Recorder, Any]) -> None:
    api, _, account = world
    info = Info(api, skip_ws=True)
    ex = Exchange(account, api)
    try:
        res = ex.create_sub_account("deskA")
        assert res["status"] == "ok", res
        sub = res["response"]["data"]
        assert ex.sub_account_transfer(sub, True, 2_000_000) == {"status": "ok", "response": {"type": "default"}}
        assert float(info.user_state(sub)["withdrawable"]) == 2.0
        assert ex.sub_account_spot_transfer(sub, True, "USDC", 3.0)["status"] == "ok"
        assert any(b["coin"] == "USDC" and float(b["total"]) == 3.0 for b in info.spot_user_state(sub)["balances"])
        assert [s["subAccountUser"].lower() for s in info.query_sub_accounts(account.address) if s["name"] == "deskA"] == [sub.lower()]

        res, agent_key = ex.approve_agent("bot")
        assert res["status"] == "ok", res
        agent = eth_account.Account.from_key(agent_key)
        assert [a["address"].lower() for a in info.extra_agents(account.address) if a["name"] == "bot"] == [agent.address.lower()]
        as_agent = Exchange(agent, api, account_address=account.address)
        try:
            px = round(float(info.all_mids()["ETH"]) * 0.8)
            assert as_agent.order("ETH", True, 0.01, px, {"limit": {"tif": "Gtc"}})["status"] == "ok"
            assert [o["coin"] for o in info.open_orders(account.address)] == ["ETH"]
            assert as_agent.cancel("ETH", info.open_orders(account.address)[0]["oid"])["status"] == "ok"
        finally:
            as_agent.close()

        assert ex.approve_builder_fee("0x" + "77" * 20, "0.01%")["status"] == "ok"
        assert info.post("/info", {"type": "maxBuilderFee", "user": account.address, "builder": "0x" + "77" * 20}) == 10

        assert ex.token_delegate(VALIDATOR, 1_000_000_000, False)["status"] == "ok"
        assert VALIDATOR in [d["validator"].lower() for d in info.user_staking_delegations(account.address)]
        assert ex.vault_usd_transfer(VAULT, True, 5_000_000)["status"] == "ok"
        assert any(e["vaultAddress"].lower() == VAULT for e in info.user_vault_equities(account.address))
        assert ex.noop(int(time.time() * 1000))["status"] == "ok"
        assert ex.use_big_blocks(True)["status"] == "ok"
    finally:
        ex.close()
        info.close()


def test_multi_sig_through_the_server(world: tuple[str, Recorder, Any], hl: Client) -> None:
    api, _, _ = world
    signers = [eth_account.Account.create() for _ in range(2)]
    user = eth_account.Account.create()
    outer = signers[0]
    devnet_admin(
        api,
        "seed",
        {
            "accounts": [{"address": a.address, "usdc": "100"} for a in [*signers, user]],
            "multiSig": [{"user": user.address, "authorizedUsers": [s.address for s in signers], "threshold": 2}],
        },
    )
    ex = Exchange(outer, api)
    info = Info(api, skip_ws=True)
    try:
        nonce = int(time.time() * 1000)
        inner = {"type": "usdSend", "signatureChainId": "0x66eee", "hyperliquidChain": "Testnet", "destination": "0x" + "5a" * 20, "amount": "7", "time": nonce}
        sigs = [signing.sign_multi_sig_user_signed_action_payload(s, dict(inner), False, signing.USD_SEND_SIGN_TYPES, "HyperliquidTransaction:UsdSend", user.address, outer.address) for s in signers]
        res = ex.multi_sig(user.address, inner, sigs, nonce)
        assert res == {"status": "ok", "response": {"type": "default"}}, res
        assert float(info.user_state("0x" + "5a" * 20)["withdrawable"]) == 7.0
        res = ex.multi_sig(user.address, inner, sigs[:1], nonce + 1)
        assert res["status"] == "err", res
    finally:
        ex.close()
        info.close()


def test_action_options_metadata_is_checked(hl: Client) -> None:
    """hl serve refuses a malformed hl-vault-address / hl-nonce with a ValidationError naming it."""
    from hyperliquid_sdk.errors import ApiError, ValidationError

    with pytest.raises(ValidationError) as bad:
        hl.with_action_options(vault_address="0xnope").noop()
    assert [i.path for i in bad.value.issues] == ["hl-vault-address"] and "0xnope" in str(bad.value.issues[0].value)
    with pytest.raises(ValidationError) as bad:
        hl.with_action_options(nonce=-1).noop()
    assert bad.value.issues[0].path == "hl-nonce"
    nonce = int(time.time() * 1000) + 5
    view = hl.with_action_options(nonce=nonce)
    assert view.noop().ok is not None
    # The same nonce again: the exchange refuses it, so the header did set the nonce.
    with pytest.raises(ApiError, match="[Nn]once"):
        view.noop()


def test_async_action_options_set_the_nonce(hl: Client) -> None:
    """AsyncClient.with_action_options: the same metadata from asyncio (a repeated nonce is refused)."""
    import asyncio

    from hyperliquid_sdk import AsyncClient
    from hyperliquid_sdk.errors import ApiError

    assert hl.sidecar is not None

    async def run() -> None:
        async with AsyncClient(hl.url, hl.sidecar.token if hl.sidecar else None) as client:
            view = client.with_action_options(nonce=int(time.time() * 1000) + 7)
            assert (await view.noop()).ok is not None
            with pytest.raises(ApiError, match="[Nn]once"):
                await view.noop()
            await view.close()  # a view: the client stays usable
            assert (await client.noop()).ok is not None

    asyncio.run(run())


def test_native_client_sends_an_explicit_json_null(world: tuple[str, Recorder, Any], pair: tuple[Any, Exchange]) -> None:
    """NULL puts a JSON null in the action (CSignerAction's variants carry null); None leaves a field out."""
    _, rec, _ = world
    client = pair[1].client
    body = rec.last(lambda: client.c_signer_action(jail_self=NULL))
    assert body["action"] == {"type": "CSignerAction", "jailSelf": None}
    body = rec.last(lambda: client.c_validator_action(unregister=NULL))
    assert body["action"] == {"type": "CValidatorAction", "unregister": None}
    assert repr(NULL) == "NULL"


def test_l1_only_leaves_vault_and_expiry_off_user_signed_actions(world: tuple[str, Recorder, Any], pair: tuple[Any, Exchange]) -> None:
    """The server refuses an expiry on a user-signed action; an l1_only view leaves it off those
    (USER_SIGNED_RPCS, generated from the schema) and still sends it with L1 actions."""
    _, rec, _ = world
    later = int(time.time() * 1000) + 60_000
    client = pair[1].client
    with pytest.raises(ValidationError) as refused:
        client.with_action_options(expires_after=later).usd_class_transfer(amount="1", to_perp=True)
    assert refused.value.issues[0].path == "hl-expires-after"
    lenient = client.with_action_options(expires_after=later, l1_only=True)
    sent = rec.last(lambda: lenient.usd_class_transfer(amount="1", to_perp=True))
    assert sent["action"]["type"] == "usdClassTransfer" and sent.get("expiresAfter") is None
    sent = rec.last(lambda: lenient.set_referrer(code="NOPE"))
    assert sent["expiresAfter"] == later
