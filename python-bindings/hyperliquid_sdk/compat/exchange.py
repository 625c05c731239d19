"""hyperliquid.exchange: Exchange with the original's methods, argument order, defaults and return
shapes ({"status": "ok", "response": …} or {"status": "err", "response": "…"}).

It takes an eth_account LocalAccount like the original, and starts its own `hl serve` for it: the
key is written once to that child's stdin (``--key-stdin``), never to argv, the environment, a
file or an RPC, and the server signs every action. What Python keeps is what it had: the caller's
LocalAccount object still holds the key (``wallet.key``), and Python cannot wipe the str/bytes
copies made on the way to the pipe; this package keeps no reference of its own once it is sent.
"""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any, Optional

from .._generated import models as m
from ..client import Client
from ..wire import to_wire
from ._exchange_admin import AdminMethods
from ._server import connect
from .info import Info
from .utils.constants import MAINNET_API_URL
from .utils.signing import (
    CancelByCloidRequest,
    CancelRequest,
    Grouping,
    ModifyRequest,
    OrderRequest,
    OrderType,
    OrderWire,
    float_to_usd_int,
    order_request_to_order_wire,
)
from .utils.types import Abstraction, AgentAbstraction, BuilderInfo, Cloid, Meta, SpotMeta


def _grouping(g: Grouping) -> m.Grouping:
    return m.Grouping(named=g) if isinstance(g, str) else m.Grouping(priority=m.PriorityGrouping(p=g["p"]))


def _order_model(wire: OrderWire) -> m.OrderWire:
    return m.OrderWire.model_validate(wire)


class Exchange(AdminMethods):
    # Default Max Slippage for Market Orders 5%
    DEFAULT_SLIPPAGE = 0.05

    def __init__(
        self,
        wallet: Any,
        base_url: Optional[str] = None,
        meta: Optional[Meta] = None,
        vault_address: Optional[str] = None,
        account_address: Optional[str] = None,
        spot_meta: Optional[SpotMeta] = None,
        perp_dexs: Optional[list[str]] = None,
        timeout: Optional[float] = None,
    ) -> None:
        super().__init__(base_url, timeout)
        self.base_url = base_url or MAINNET_API_URL
        self.vault_address = vault_address
        self.account_address = account_address
        self.expires_after: Optional[int] = None
        self.client: Client = connect(self.base_url, timeout, private_key=wallet.key.hex() if isinstance(wallet.key, bytes) else str(wallet.key))
        if self.client.address and self.client.address.lower() != str(wallet.address).lower():
            self.client.close()
            raise RuntimeError("the server's wallet is not the LocalAccount given")
        self.wallet_address = str(wallet.address)
        self.info = Info(self.base_url, True, meta, spot_meta, perp_dexs, timeout, client=self.client)

    def close(self) -> None:
        """Stop the local server this Exchange started (not in the original)."""
        self.client.close()

    def set_expires_after(self, expires_after: Optional[int]) -> None:
        """Every later L1 action expires at this ms timestamp (None: never), as in the original."""
        self.expires_after = expires_after

    def _slippage_price(self, name: str, is_buy: bool, slippage: float, px: Optional[float] = None) -> float:
        coin = self.info.name_to_coin[name]
        if not px:
            dex = coin.split(":")[0] if ":" in coin else ""
            px = float(self.info.all_mids(dex)[coin])
        asset = self.info.coin_to_asset[coin]
        is_spot = asset >= 10_000
        px *= (1 + slippage) if is_buy else (1 - slippage)
        return round(float(f"{px:.5g}"), (6 if not is_spot else 8) - self.info.asset_to_sz_decimals[asset])

    def order(
        self,
        name: str,
        is_buy: bool,
        sz: float,
        limit_px: float,
        order_type: OrderType,
        reduce_only: bool = False,
        cloid: Optional[Cloid] = None,
        builder: Optional[BuilderInfo] = None,
    ) -> Any:
        order: OrderRequest = {"coin": name, "is_buy": is_buy, "sz": sz, "limit_px": limit_px, "order_type": order_type, "reduce_only": reduce_only}
        if cloid:
            order["cloid"] = cloid
        return self.bulk_orders([order], builder)

    def bulk_orders(self, order_requests: list[OrderRequest], builder: Optional[BuilderInfo] = None, grouping: Grouping = "na") -> Any:
        wires = [order_request_to_order_wire(o, self.info.name_to_asset(o["coin"])) for o in order_requests]
        fee = m.BuilderFee(b=builder["b"].lower(), f=builder["f"]) if builder else None
        return to_wire(self._c(vault=True).order(orders=[_order_model(w) for w in wires], grouping=_grouping(grouping), builder=fee))

    def modify_order(
        self,
        oid: int | Cloid,
        name: str,
        is_buy: bool,
        sz: float,
        limit_px: float,
        order_type: OrderType,
        reduce_only: bool = False,
        cloid: Optional[Cloid] = None,
    ) -> Any:
        modify: ModifyRequest = {"oid": oid, "order": {"coin": name, "is_buy": is_buy, "sz": sz, "limit_px": limit_px, "order_type": order_type, "reduce_only": reduce_only, "cloid": cloid}}
        return self.bulk_modify_orders_new([modify])

    def bulk_modify_orders_new(self, modify_requests: list[ModifyRequest]) -> Any:
        modifies = []
        for r in modify_requests:
            oid = r["oid"]
            ref = m.OidOrCloid(cloid=oid.to_raw()) if isinstance(oid, Cloid) else m.OidOrCloid(oid=oid)
            modifies.append(m.ModifyWire(oid=ref, order=_order_model(order_request_to_order_wire(r["order"], self.info.name_to_asset(r["order"]["coin"])))))
        return to_wire(self._c(vault=True).batch_modify(modifies=modifies))

    def market_open(
        self,
        name: str,
        is_buy: bool,
        sz: float,
        px: Optional[float] = None,
        slippage: float = DEFAULT_SLIPPAGE,
        cloid: Optional[Cloid] = None,
        builder: Optional[BuilderInfo] = None,
    ) -> Any:
        px = self._slippage_price(name, is_buy, slippage, px)
        return self.order(name, is_buy, sz, px, order_type={"limit": {"tif": "Ioc"}}, reduce_only=False, cloid=cloid, builder=builder)

    def market_close(
        self,
        coin: str,
        sz: Optional[float] = None,
        px: Optional[float] = None,
        slippage: float = DEFAULT_SLIPPAGE,
        cloid: Optional[Cloid] = None,
        builder: Optional[BuilderInfo] = None,
    ) -> Any:
        address = self.account_address or self.vault_address or self.wallet_address
        dex = coin.split(":")[0] if ":" in coin else ""
        for position in self.info.user_state(address, dex)["assetPositions"]:
            item = position["position"]
            if coin != item["coin"]:
                continue
            szi = float(item["szi"])
            if not sz:
                sz = abs(szi)
            is_buy = szi < 0
            px = self._slippage_price(coin, is_buy, slippage, px)
            return self.order(coin, is_buy, sz, px, order_type={"limit": {"tif": "Ioc"}}, reduce_only=True, cloid=cloid, builder=builder)
        return None

    def cancel(self, name: str, oid: int) -> Any:
        return self.bulk_cancel([{"coin": name, "oid": oid}])

    def cancel_by_cloid(self, name: str, cloid: Cloid) -> Any:
        return self.bulk_cancel_by_cloid([{"coin": name, "cloid": cloid}])

    def bulk_cancel(self, cancel_requests: list[CancelRequest]) -> Any:
        return to_wire(self._c(vault=True).cancel(cancels=[m.CancelWire(a=self.info.name_to_asset(c["coin"]), o=c["oid"]) for c in cancel_requests]))

    def bulk_cancel_by_cloid(self, cancel_requests: list[CancelByCloidRequest]) -> Any:
        cancels = [m.CancelByCloidWire(asset=self.info.name_to_asset(c["coin"]), cloid=c["cloid"].to_raw()) for c in cancel_requests]
        return to_wire(self._c(vault=True).cancel_by_cloid(cancels=cancels))

    def schedule_cancel(self, time: Optional[int]) -> Any:
        return to_wire(self._c(vault=True).schedule_cancel(time=time))

    def update_leverage(self, leverage: int, name: str, is_cross: bool = True) -> Any:
        return to_wire(self._c(vault=True).update_leverage(asset=self.info.name_to_asset(name), is_cross=is_cross, leverage=leverage))

    def update_isolated_margin(self, amount: float, name: str) -> Any:
        return to_wire(self._c(vault=True).update_isolated_margin(asset=self.info.name_to_asset(name), is_buy=True, ntli=float_to_usd_int(amount)))

    def set_referrer(self, code: str) -> Any:
        return to_wire(self._c().set_referrer(code=code))

    def create_sub_account(self, name: str) -> Any:
        return to_wire(self._c().create_sub_account(name=name))

    def usd_transfer(self, amount: float, destination: str) -> Any:
        return to_wire(self._c().usd_send(destination=destination, amount=Decimal(str(amount))))

    def spot_transfer(self, amount: float, destination: str, token: str) -> Any:
        return to_wire(self._c().spot_send(destination=destination, token=token, amount=Decimal(str(amount))))

    def usd_class_transfer(self, amount: float, to_perp: bool) -> Any:
        str_amount = str(amount)
        if self.vault_address:
            str_amount += f" subaccount:{self.vault_address}"
        return to_wire(self._c().usd_class_transfer(amount=str_amount, to_perp=to_perp))

    def send_asset(self, destination: str, source_dex: str, destination_dex: str, token: str, amount: float) -> Any:
        """For the default perp dex use "" as name, for spot "spot" (as the original)."""
        return to_wire(
            self._c().send_asset(
                destination=destination, source_dex=source_dex, destination_dex=destination_dex, token=token, amount=Decimal(str(amount)), from_sub_account=self.vault_address or ""
            )
        )

    def sub_account_transfer(self, sub_account_user: str, is_deposit: bool, usd: int) -> Any:
        return to_wire(self._c().sub_account_transfer(sub_account_user=sub_account_user, is_deposit=is_deposit, usd=usd))

    def sub_account_spot_transfer(self, sub_account_user: str, is_deposit: bool, token: str, amount: float) -> Any:
        return to_wire(self._c().sub_account_spot_transfer(sub_account_user=sub_account_user, is_deposit=is_deposit, token=token, amount=Decimal(str(amount))))

    def vault_usd_transfer(self, vault_address: str, is_deposit: bool, usd: int) -> Any:
        return to_wire(self._c().vault_transfer(vault_address=vault_address, is_deposit=is_deposit, usd=usd))

    def token_delegate(self, validator: str, wei: int, is_undelegate: bool) -> Any:
        return to_wire(self._c().token_delegate(validator=validator, wei=wei, is_undelegate=is_undelegate))

    def withdraw_from_bridge(self, amount: float, destination: str) -> Any:
        return to_wire(self._c().withdraw3(destination=destination, amount=Decimal(str(amount))))

    def approve_agent(self, name: Optional[str] = None) -> tuple[Any, str]:
        """Approve a fresh agent key (made here, as the original does) and return (answer, its key)."""
        from eth_account import Account

        agent_key = "0x" + secrets.token_hex(32)
        agent = Account.from_key(agent_key)
        return to_wire(self._c().approve_agent(agent_address=agent.address, agent_name=name)), agent_key

    def approve_builder_fee(self, builder: str, max_fee_rate: str) -> Any:
        return to_wire(self._c().approve_builder_fee(max_fee_rate=max_fee_rate, builder=builder))

    def use_big_blocks(self, enable: bool) -> Any:
        return to_wire(self._c().evm_user_modify(using_big_blocks=enable))

    def agent_enable_dex_abstraction(self) -> Any:
        return to_wire(self._c(vault=True).agent_enable_dex_abstraction())

    def agent_set_abstraction(self, abstraction: AgentAbstraction) -> Any:
        return to_wire(self._c(vault=True).agent_set_abstraction(abstraction=abstraction))

    def user_dex_abstraction(self, user: str, enabled: bool) -> Any:
        return to_wire(self._c().user_dex_abstraction_action(user=user.lower(), enabled=enabled))

    def user_set_abstraction(self, user: str, abstraction: Abstraction) -> Any:
        return to_wire(self._c().user_set_abstraction(user=user.lower(), abstraction=abstraction))

    def noop(self, nonce: int) -> Any:
        return to_wire(self._c(vault=True, nonce=nonce).noop())

    def gossip_priority_bid(self, slot_id: int, ip: str, max_gas: int) -> Any:
        return to_wire(self._c(vault=True).gossip_priority_bid(slot_id=slot_id, ip=ip, max_gas=max_gas))
