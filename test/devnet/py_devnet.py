"""The official Python SDK (hyperliquid-python-sdk), unchanged, against the devnet.

Usage: HL_DEVNET_KEY=0x… python py_devnet.py http://127.0.0.1:PORT
(the base URL may also come from HL_DEVNET_URL). The key is read from the environment only and
is never printed. Uses the SDK's own Info / Exchange classes pointed at the devnet: info queries,
orders (rest, modify, cancel, market open/close, bulk), leverage, transfers, an approved agent
trading for its user, and the l2Book / userFills WebSocket streams.

Prints one JSON object on stdout: {"ok": true, ...results} or {"ok": false, "error", ...partial}.
Anything the SDK itself prints goes to stderr.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

import eth_account
from eth_account.signers.local import LocalAccount
from hyperliquid.exchange import Exchange
from hyperliquid.info import Info
from hyperliquid.utils.types import Cloid

Json = dict[str, Any]
GTC: Json = {"limit": {"tif": "Gtc"}}
STREAM_TIMEOUT_S = 15.0


class Stream:
    """Collects the messages of one subscription; `wait` blocks until `n` have arrived."""

    def __init__(self) -> None:
        self.messages: list[Json] = []
        self._cond = threading.Condition()

    def callback(self, msg: Any) -> None:
        with self._cond:
            self.messages.append(msg)
            self._cond.notify_all()

    def wait(self, predicate: Callable[[list[Json]], bool], timeout: float = STREAM_TIMEOUT_S) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: predicate(self.messages), timeout)


class ErrorLog(logging.Handler):
    """Keeps the errors websocket-client logs (an exception in the SDK's on_message, e.g. a
    message shape its routing cannot read, is logged there and otherwise dropped)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.errors.append(record.getMessage())


def sdk_px(px: float, sz_decimals: int, is_spot: bool = False) -> float:
    """The SDK's own price rounding (Exchange._slippage_price): 5 significant figures, 6 (perp) or 8 (spot) decimals minus szDecimals."""
    return round(float(f"{px:.5g}"), (8 if is_spot else 6) - sz_decimals)


def statuses(res: Any) -> list[Any]:
    out: list[Any] = res["response"]["data"]["statuses"]
    return out


def oid_of(status: Any) -> int:
    for kind in ("resting", "filled"):
        if isinstance(status, dict) and kind in status:
            oid: int = status[kind]["oid"]
            return oid
    raise RuntimeError(f"no oid in {status!r}")


def positions(state: Any) -> dict[str, str]:
    return {p["position"]["coin"]: p["position"]["szi"] for p in state["assetPositions"]}


def probe(results: Json, name: str, call: Callable[[], Any]) -> Any:
    """Runs one SDK call, keeping its result or the exception's text."""
    try:
        res = call()
    except Exception as e:  # noqa: BLE001 - one failing call must not stop the sweep
        results[name] = {"exception": f"{type(e).__name__}: {e}"}
        return None
    results[name] = res
    return res


def sweep(base_url: str, info: Info, exchange: Exchange, user: str, out: Json) -> None:
    """The rest of the SDK's Info queries and Exchange actions, each kept with its answer."""
    now = int(time.time() * 1000)
    q: Json = {}
    out["infoSweep"] = q
    probe(q, "meta_and_asset_ctxs", lambda: len(info.meta_and_asset_ctxs()[1]))
    probe(q, "spot_meta_and_asset_ctxs", lambda: len(info.spot_meta_and_asset_ctxs()[1]))
    probe(q, "user_fills_by_time", lambda: len(info.user_fills_by_time(user, now - 3_600_000)))
    probe(q, "user_fees", lambda: sorted(info.user_fees(user)))
    probe(q, "funding_history", lambda: type(info.funding_history("BTC", now - 3_600_000)).__name__)
    probe(q, "user_funding_history", lambda: type(info.user_funding_history(user, now - 3_600_000)).__name__)
    probe(q, "candles_snapshot", lambda: len(info.candles_snapshot("ETH", "1m", now - 3_600_000, now + 60_000)))
    probe(q, "historical_orders", lambda: len(info.historical_orders(user)))
    probe(q, "user_non_funding_ledger_updates", lambda: [u["delta"]["type"] for u in info.user_non_funding_ledger_updates(user, now - 3_600_000)])
    probe(q, "portfolio", lambda: [p[0] for p in info.portfolio(user)])
    probe(q, "user_twap_slice_fills", lambda: info.user_twap_slice_fills(user))
    probe(q, "user_vault_equities", lambda: info.user_vault_equities(user))
    probe(q, "user_role", lambda: info.user_role(user))
    probe(q, "user_rate_limit", lambda: sorted(info.user_rate_limit(user)))
    probe(q, "extra_agents", lambda: len(info.extra_agents(user)))
    probe(q, "query_sub_accounts", lambda: info.query_sub_accounts(user))
    probe(q, "query_referral_state", lambda: sorted(info.query_referral_state(user)))
    probe(q, "perp_dexs", lambda: info.perp_dexs())
    probe(q, "Info(perp_dexs=[''])", lambda: sorted(Info(base_url, skip_ws=True, perp_dexs=[""], timeout=10).coin_to_asset)[:3])

    x: Json = {}
    out["exchangeSweep"] = x
    cloid = Cloid.from_int(7)
    btc = float(info.all_mids()["BTC"])
    bid = sdk_px(btc * 0.9, info.asset_to_sz_decimals[0])
    probe(x, "order_cloid", lambda: exchange.order("BTC", True, 0.01, bid, GTC, cloid=cloid))
    probe(x, "query_order_by_cloid", lambda: info.query_order_by_cloid(user, cloid))
    probe(x, "bulk_modify_cloid", lambda: exchange.bulk_modify_orders_new([{"oid": cloid, "order": {"coin": "BTC", "is_buy": True, "sz": 0.02, "limit_px": bid, "order_type": GTC, "reduce_only": False, "cloid": cloid}}]))
    probe(x, "cancel_by_cloid", lambda: exchange.cancel_by_cloid("BTC", cloid))
    exchange.set_expires_after(now + 60_000)
    probe(x, "order_expires_after", lambda: exchange.order("BTC", True, 0.01, bid, GTC))
    probe(x, "cancel_expires_after", lambda: exchange.cancel("BTC", oid_of(statuses(x["order_expires_after"])[0])))
    exchange.set_expires_after(None)
    probe(x, "spot_market_open", lambda: exchange.market_open("PURR/USDC", True, 100.0))
    probe(x, "spot_balances", lambda: {b["coin"]: b["total"] for b in info.spot_user_state(user)["balances"]})
    tokens = {t["name"]: t for t in info.spot_meta()["tokens"]}
    purr = f"PURR:{tokens['PURR']['tokenId']}"
    usdc = f"USDC:{tokens['USDC']['tokenId']}"
    probe(x, "spot_transfer", lambda: exchange.spot_transfer(1.0, "0x000000000000000000000000000000000000dEaD", purr))
    probe(x, "send_asset", lambda: exchange.send_asset("0x000000000000000000000000000000000000dEaD", "spot", "spot", usdc, 1.0))
    probe(x, "update_leverage_isolated", lambda: exchange.update_leverage(5, "SOL", is_cross=False))
    probe(x, "market_open_isolated", lambda: exchange.market_open("SOL", True, 1.0))
    probe(x, "update_isolated_margin", lambda: exchange.update_isolated_margin(10.0, "SOL"))
    probe(x, "isolated_leverage", lambda: [p["position"]["leverage"] for p in info.user_state(user)["assetPositions"]])
    probe(x, "market_close_isolated", lambda: exchange.market_close("SOL"))
    probe(x, "market_close_no_position", lambda: exchange.market_close("BTC"))
    probe(x, "schedule_cancel", lambda: exchange.schedule_cancel(now + 60_000))
    probe(x, "schedule_cancel_none", lambda: exchange.schedule_cancel(None))
    sub = probe(x, "create_sub_account", lambda: exchange.create_sub_account("py-sdk-sub"))
    if isinstance(sub, dict) and isinstance(sub.get("response"), dict):
        sub_user = sub["response"].get("data")
        probe(x, "sub_account_transfer", lambda: exchange.sub_account_transfer(str(sub_user), True, 1_000_000))
        probe(x, "sub_account_spot_transfer", lambda: exchange.sub_account_spot_transfer(str(sub_user), True, purr, 2))
        probe(x, "query_sub_accounts", lambda: info.query_sub_accounts(user))
    probe(x, "approve_builder_fee", lambda: exchange.approve_builder_fee("0x000000000000000000000000000000000000bEEF", "0.001%"))
    probe(x, "max_builder_fee", lambda: info.post("/info", {"type": "maxBuilderFee", "user": user, "builder": "0x000000000000000000000000000000000000beef"}))
    probe(x, "withdraw_from_bridge", lambda: exchange.withdraw_from_bridge(5.0, user))
    probe(x, "set_referrer", lambda: exchange.set_referrer("NOSUCHCODE"))


def run(base_url: str, key: str, out: Json) -> None:
    wallet: LocalAccount = eth_account.Account.from_key(key)
    user = wallet.address

    # Constructors load spot_meta and meta from /info.
    info = Info(base_url, skip_ws=False, timeout=10)
    exchange = Exchange(wallet, base_url, timeout=10)
    out["isMainnet"] = exchange.base_url == "https://api.hyperliquid.xyz"
    out["perps"] = [c for c, a in info.coin_to_asset.items() if a < 10_000]
    out["spotCoins"] = sorted(c for c, a in info.coin_to_asset.items() if a >= 10_000)
    out["nameToCoin"] = {n: c for n, c in info.name_to_coin.items() if "/" in n}
    sz_dec: Callable[[str], int] = lambda name: info.asset_to_sz_decimals[info.name_to_asset(name)]

    try:
        # Every channel the SDK routes (websocket_manager.ws_msg_to_identifier), subscribed
        # before trading so pushes as well as snapshots arrive.
        streams: dict[str, Stream] = {}
        for name, sub in (
            ("l2Book", {"type": "l2Book", "coin": "BTC"}),
            ("userFills", {"type": "userFills", "user": user}),
            ("allMids", {"type": "allMids"}),
            ("trades", {"type": "trades", "coin": "ETH"}),
            ("candle", {"type": "candle", "coin": "ETH", "interval": "1m"}),
            ("bbo", {"type": "bbo", "coin": "BTC"}),
            ("activeAssetCtx", {"type": "activeAssetCtx", "coin": "BTC"}),
            ("activeAssetData", {"type": "activeAssetData", "coin": "BTC", "user": user}),
            ("orderUpdates", {"type": "orderUpdates", "user": user}),
            ("userEvents", {"type": "userEvents", "user": user}),
            ("userFundings", {"type": "userFundings", "user": user}),
            ("userNonFundingLedgerUpdates", {"type": "userNonFundingLedgerUpdates", "user": user}),
            ("webData2", {"type": "webData2", "user": user}),
        ):
            streams[name] = Stream()
            info.subscribe(sub, streams[name].callback)
        books, fills_stream = streams["l2Book"], streams["userFills"]

        mids = info.all_mids()
        out["mids"] = {c: mids[c] for c in ("BTC", "ETH", "SOL") if c in mids}
        btc = float(mids["BTC"])
        snap = info.l2_snapshot("BTC")
        out["l2"] = {"coin": snap["coin"], "levels": [len(side) for side in snap["levels"]], "bestBid": snap["levels"][0][0], "bestAsk": snap["levels"][1][0]}
        out["userStateBefore"] = {"accountValue": info.user_state(user)["marginSummary"]["accountValue"]}

        # Gtc resting, queried three ways, modified, canceled.
        rest = exchange.order("BTC", True, 0.01, sdk_px(btc * 0.9, sz_dec("BTC")), GTC)
        out["order"] = rest
        oid = oid_of(statuses(rest)[0])
        out["openOrders"] = info.open_orders(user)
        out["frontendOpenOrders"] = info.frontend_open_orders(user)
        out["orderStatus"] = info.query_order_by_oid(user, oid)
        out["modify"] = exchange.modify_order(oid, "BTC", True, 0.02, sdk_px(btc * 0.85, sz_dec("BTC")), GTC)
        after_modify = info.open_orders(user)
        out["openOrdersAfterModify"] = after_modify
        out["cancel"] = exchange.cancel("BTC", after_modify[0]["oid"])
        out["openOrdersAfterCancel"] = info.open_orders(user)

        # Leverage, then a market round trip on ETH.
        out["updateLeverage"] = exchange.update_leverage(10, "ETH")
        out["marketOpen"] = exchange.market_open("ETH", True, 0.5)
        out["positionsAfterOpen"] = positions(info.user_state(user))
        out["leverageAfterOpen"] = [p["position"]["leverage"] for p in info.user_state(user)["assetPositions"]]
        out["marketClose"] = exchange.market_close("ETH")
        out["positionsAfterClose"] = positions(info.user_state(user))

        # Two resting SOL orders in one action, then both canceled.
        sol = float(mids["SOL"])
        out["bulkOrders"] = exchange.bulk_orders(
            [
                {"coin": "SOL", "is_buy": True, "sz": 1.0, "limit_px": sdk_px(sol * 0.9, sz_dec("SOL")), "order_type": GTC, "reduce_only": False},
                {"coin": "SOL", "is_buy": False, "sz": 1.0, "limit_px": sdk_px(sol * 1.1, sz_dec("SOL")), "order_type": GTC, "reduce_only": False},
            ]
        )
        out["bulkCancel"] = exchange.bulk_cancel([{"coin": "SOL", "oid": oid_of(s)} for s in statuses(out["bulkOrders"])])

        # Money: a perp USDC send and a perp -> spot class transfer.
        out["usdTransfer"] = exchange.usd_transfer(12.5, "0x000000000000000000000000000000000000dEaD")
        out["usdClassTransfer"] = exchange.usd_class_transfer(100.0, False)
        out["spotUserState"] = info.spot_user_state(user)

        # An agent approved by the user trades for it.
        approve, agent_key = exchange.approve_agent()
        out["approveAgent"] = approve
        agent: LocalAccount = eth_account.Account.from_key(agent_key)
        agent_exchange = Exchange(agent, base_url, account_address=user, timeout=10)
        agent_order = agent_exchange.order("BTC", True, 0.01, sdk_px(btc * 0.9, sz_dec("BTC")), GTC)
        out["agentOrder"] = agent_order
        out["agentOpenOrders"] = info.open_orders(user)
        out["agentCancel"] = agent_exchange.cancel("BTC", oid_of(statuses(agent_order)[0]))
        out["agentMarketOpen"] = agent_exchange.market_open("SOL", False, 1.0)
        out["agentMarketClose"] = agent_exchange.market_close("SOL")
        out["positionsAtEnd"] = positions(info.user_state(user))

        out["userFills"] = info.user_fills(user)
        sweep(base_url, info, exchange, user, out)

        # The streams: at least one l2Book message, and userFills carrying a live fill.
        out["l2BookStreamSeen"] = books.wait(lambda ms: len(ms) >= 1)
        out["userFillsStreamSeen"] = fills_stream.wait(lambda ms: any(not m["data"].get("isSnapshot") and m["data"]["fills"] for m in ms))
        out["l2BookMessages"] = len(books.messages)
        out["l2BookFirst"] = books.messages[0] if books.messages else None
        out["streamsSeen"] = {name: stream.wait(lambda ms: len(ms) >= 1, 5.0) for name, stream in streams.items()}
        out["streamChannels"] = {name: sorted({m["channel"] for m in stream.messages}) for name, stream in streams.items()}
        out["userFillsMessages"] = [
            {"channel": m["channel"], "user": m["data"]["user"], "isSnapshot": m["data"].get("isSnapshot", False), "fills": len(m["data"]["fills"])} for m in fills_stream.messages
        ]
    finally:
        info.disconnect_websocket()


def main() -> int:
    base_url = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("HL_DEVNET_URL", "")
    key = os.environ.get("HL_DEVNET_KEY", "")
    if not base_url or not key:
        print(json.dumps({"ok": False, "error": "usage: HL_DEVNET_KEY=0x… py_devnet.py BASE_URL"}))
        return 2
    out: Json = {}
    ws_errors = ErrorLog()
    logging.getLogger("websocket").addHandler(ws_errors)
    # The SDK prints (to stdout) WebSocket messages it cannot route to a subscription.
    sdk_stdout = io.StringIO()
    started = time.monotonic()
    try:
        with contextlib.redirect_stdout(sdk_stdout):
            run(base_url.rstrip("/"), key, out)
    except Exception as e:  # noqa: BLE001 - report it, with what was gathered so far
        traceback.print_exc(file=sys.stderr)
        print(json.dumps({"ok": False, "error": f"{type(e).__name__}: {e}", **out}, default=str))
        return 1
    finally:
        out["sdkStdout"] = sdk_stdout.getvalue()
        out["wsErrors"] = ws_errors.errors
        sys.stderr.write(out["sdkStdout"])
    out["seconds"] = round(time.monotonic() - started, 2)
    print(json.dumps({"ok": True, **out}, default=str))
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # The SDK's WebsocketManager is a non-daemon thread; after disconnect_websocket its
    # websocket-client dispatcher can sit out a 10 s select (50 s if a constructor failed).
    os._exit(code)
