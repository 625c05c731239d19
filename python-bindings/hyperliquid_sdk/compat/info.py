"""hyperliquid.info: Info with the original's methods, argument order, defaults and return shapes
(the JSON of the wire, as dicts and lists). Reads go to the local `hl serve` (InfoService) and
come back through the generated models (``wire.to_wire``); subscriptions are
WebsocketManager's, which reconnect and resubscribe."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Optional

from .._generated import models as m
from ..client import Client
from ..wire import to_wire
from ._server import connect
from .api import API
from .utils.constants import MAINNET_API_URL
from .utils.types import Cloid, Meta, SpotMeta, Subscription
from .websocket_manager import WebsocketManager


class Info(API):
    def __init__(
        self,
        base_url: Optional[str] = None,
        skip_ws: Optional[bool] = False,
        meta: Optional[Meta] = None,
        spot_meta: Optional[SpotMeta] = None,
        perp_dexs: Optional[list[str]] = None,
        timeout: Optional[float] = None,
        *,
        client: Client | None = None,
    ) -> None:
        self.base_url = base_url or MAINNET_API_URL
        self.timeout = timeout
        self.client = client or connect(self.base_url, timeout)
        self._owns_client = client is None
        self.ws_manager: Optional[WebsocketManager] = None
        if not skip_ws:
            self.ws_manager = WebsocketManager(self.base_url, client=self.client)
            self.ws_manager.start()
        if spot_meta is None:
            spot_meta = self.spot_meta()
        self.coin_to_asset: dict[str, int] = {}
        self.name_to_coin: dict[str, str] = {}
        self.asset_to_sz_decimals: dict[int, int] = {}
        tokens = {t["index"]: t for t in spot_meta["tokens"]}
        for spot in spot_meta["universe"]:
            asset = spot["index"] + 10000
            self.coin_to_asset[spot["name"]] = asset
            self.name_to_coin[spot["name"]] = spot["name"]
            base, quote = spot["tokens"]
            self.asset_to_sz_decimals[asset] = tokens[base]["szDecimals"]
            name = f"{tokens[base]['name']}/{tokens[quote]['name']}"
            self.name_to_coin.setdefault(name, spot["name"])
        offsets = {"": 0}
        if perp_dexs is not None:
            dexs = self.perp_dexs()
            for i, dex in enumerate(dexs[1:]):
                offsets[dex["name"]] = 110000 + i * 10000
        for dex, offset in offsets.items():
            if perp_dexs is not None and dex not in perp_dexs:
                continue
            self.set_perp_meta(meta if dex == "" and meta is not None else self.meta(dex=dex), offset)

    def set_perp_meta(self, meta: Meta, offset: int) -> Any:
        for asset, info in enumerate(meta["universe"]):
            asset += offset
            self.coin_to_asset[info["name"]] = asset
            self.name_to_coin[info["name"]] = info["name"]
            self.asset_to_sz_decimals[asset] = info["szDecimals"]

    def disconnect_websocket(self) -> None:
        if self.ws_manager is None:
            raise RuntimeError("Cannot call disconnect_websocket since skip_ws was used")
        self.ws_manager.stop()

    def close(self) -> None:
        """Stop the subscriptions and the local server this Info started (not in the original)."""
        if self.ws_manager is not None:
            self.ws_manager.stop()
        if self._owns_client:
            self.client.close()

    def _dex(self, dex: str) -> str | None:
        return dex or None

    def user_state(self, address: str, dex: str = "") -> Any:
        return to_wire(self.client.clearinghouse_state(user=address, dex=self._dex(dex)))

    def spot_user_state(self, address: str) -> Any:
        return to_wire(self.client.spot_clearinghouse_state(user=address))

    def open_orders(self, address: str, dex: str = "") -> Any:
        return to_wire(self.client.open_orders(user=address, dex=self._dex(dex)))

    def frontend_open_orders(self, address: str, dex: str = "") -> Any:
        return to_wire(self.client.frontend_open_orders(user=address, dex=self._dex(dex)))

    def all_mids(self, dex: str = "") -> Any:
        return to_wire(self.client.all_mids(dex=self._dex(dex)))

    def user_fills(self, address: str) -> Any:
        return to_wire(self.client.user_fills(user=address))

    def user_fills_by_time(self, address: str, start_time: int, end_time: Optional[int] = None, aggregate_by_time: Optional[bool] = False) -> Any:
        return to_wire(self.client.user_fills_by_time(user=address, start_time=start_time, end_time=end_time, aggregate_by_time=aggregate_by_time))

    def meta(self, dex: str = "") -> Any:
        return to_wire(self.client.meta(dex=self._dex(dex)))

    def meta_and_asset_ctxs(self) -> Any:
        return to_wire(self.client.meta_and_asset_ctxs())

    def perp_dexs(self) -> Any:
        return to_wire(self.client.perp_dexs())

    def spot_meta(self) -> Any:
        return to_wire(self.client.spot_meta())

    def spot_meta_and_asset_ctxs(self) -> Any:
        return to_wire(self.client.spot_meta_and_asset_ctxs())

    def funding_history(self, name: str, startTime: int, endTime: Optional[int] = None) -> Any:  # noqa: N803 (the original's names)
        return to_wire(self.client.funding_history(coin=self.name_to_coin[name], start_time=startTime, end_time=endTime))

    def user_funding_history(self, user: str, startTime: int, endTime: Optional[int] = None) -> Any:  # noqa: N803
        return to_wire(self.client.user_funding(user=user, start_time=startTime, end_time=endTime))

    def l2_snapshot(self, name: str) -> Any:
        return to_wire(self.client.l2_book(coin=self.name_to_coin[name]))

    def candles_snapshot(self, name: str, interval: str, startTime: int, endTime: int) -> Any:  # noqa: N803
        req = m.CandleSnapshotParams.model_validate({"coin": self.name_to_coin[name], "interval": interval, "startTime": startTime, "endTime": endTime})
        return to_wire(self.client.candle_snapshot(req=req))

    def user_fees(self, address: str) -> Any:
        return to_wire(self.client.user_fees(user=address))

    def user_staking_summary(self, address: str) -> Any:
        return to_wire(self.client.delegator_summary(user=address))

    def user_staking_delegations(self, address: str) -> Any:
        return to_wire(self.client.delegations(user=address))

    def user_staking_rewards(self, address: str) -> Any:
        return to_wire(self.client.delegator_rewards(user=address))

    def delegator_history(self, user: str) -> Any:
        return to_wire(self.client.delegator_history(user=user))

    def query_order_by_oid(self, user: str, oid: int) -> Any:
        return to_wire(self.client.order_status(user=user, oid=m.OidOrCloidParam(oid=oid)))

    def query_order_by_cloid(self, user: str, cloid: Cloid) -> Any:
        return to_wire(self.client.order_status(user=user, oid=m.OidOrCloidParam(cloid=cloid.to_raw())))

    def query_referral_state(self, user: str) -> Any:
        return to_wire(self.client.referral(user=user))

    def query_sub_accounts(self, user: str) -> Any:
        return to_wire(self.client.sub_accounts(user=user))

    def query_user_to_multi_sig_signers(self, multi_sig_user: str) -> Any:
        return to_wire(self.client.user_to_multi_sig_signers(user=multi_sig_user))

    def query_perp_deploy_auction_status(self) -> Any:
        return to_wire(self.client.perp_deploy_auction_status())

    def query_user_dex_abstraction_state(self, user: str) -> Any:
        return to_wire(self.client.user_dex_abstraction(user=user))

    def query_user_abstraction_state(self, user: str) -> Any:
        return to_wire(self.client.user_abstraction(user=user))

    def historical_orders(self, user: str) -> Any:
        return to_wire(self.client.historical_orders(user=user))

    def user_non_funding_ledger_updates(self, user: str, startTime: int, endTime: Optional[int] = None) -> Any:  # noqa: N803
        return to_wire(self.client.user_non_funding_ledger_updates(user=user, start_time=startTime, end_time=endTime))

    def portfolio(self, user: str) -> Any:
        return to_wire(self.client.portfolio(user=user))

    def user_twap_slice_fills(self, user: str) -> Any:
        return to_wire(self.client.user_twap_slice_fills(user=user))

    def user_vault_equities(self, user: str) -> Any:
        return to_wire(self.client.user_vault_equities(user=user))

    def user_role(self, user: str) -> Any:
        return to_wire(self.client.user_role(user=user))

    def user_rate_limit(self, user: str) -> Any:
        return to_wire(self.client.user_rate_limit(user=user))

    def query_spot_deploy_auction_status(self, user: str) -> Any:
        return to_wire(self.client.spot_deploy_state(user=user))

    def extra_agents(self, user: str) -> Any:
        return to_wire(self.client.extra_agents(user=user))

    def _remap_coin_subscription(self, subscription: Subscription) -> None:
        s: Any = subscription
        if s["type"] in ("l2Book", "trades", "candle", "bbo", "activeAssetCtx", "activeAssetData"):
            s["coin"] = self.name_to_coin[s["coin"]]

    def subscribe(self, subscription: Subscription, callback: Callable[[Any], None]) -> int:
        self._remap_coin_subscription(subscription)
        if self.ws_manager is None:
            raise RuntimeError("Cannot call subscribe since skip_ws was used")
        return self.ws_manager.subscribe(dict(subscription), callback)

    def unsubscribe(self, subscription: Subscription, subscription_id: int) -> bool:
        self._remap_coin_subscription(subscription)
        if self.ws_manager is None:
            raise RuntimeError("Cannot call unsubscribe since skip_ws was used")
        return self.ws_manager.unsubscribe(dict(subscription), subscription_id)

    def name_to_asset(self, name: str) -> int:
        return self.coin_to_asset[self.name_to_coin[name]]
