"""The deployer, validator and multi-sig methods of compat Exchange (spot_deploy_*, perp_deploy_*,
c_signer_*, c_validator_*, convert_to_multi_sig_user, multi_sig), with the original's names,
arguments and return shapes. Each is signed by `hl serve` without a vault, as the original does;
numbers given as strings ("10.0") are sent as given."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Optional

from .._generated import models as m
from .._generated.methods import NULL
from ..client import Client
from ..wire import to_wire
from .api import API
from .utils.types import PerpDexSchemaInput

# userSetAbstraction's names -> the codes a multi-sig payload carries (the original's table).
USER_SET_ABSTRACTION_WIRE_VALUES = {"disabled": "i", "unifiedAccount": "u", "portfolioMargin": "p"}


def _dec(x: float | str) -> Decimal:
    # The original sends str(x): "10.0" stays "10.0", 1.5 becomes "1.5".
    return Decimal(str(x))


def _multi_sig_payload_action(inner_action: dict[str, Any]) -> dict[str, Any]:
    if inner_action.get("type") != "userSetAbstraction" or inner_action.get("abstraction") not in USER_SET_ABSTRACTION_WIRE_VALUES:
        return inner_action
    return {**inner_action, "abstraction": USER_SET_ABSTRACTION_WIRE_VALUES[inner_action["abstraction"]]}


class ExchangeBase(API):
    """What the method groups share: the client, the wallet's address and the envelope options."""

    client: Client
    wallet_address: str
    vault_address: Optional[str]
    expires_after: Optional[int]

    def _c(self, vault: bool = False, nonce: Optional[int] = None, vault_address: Optional[str] = None) -> Client:
        """The client to send one action with: this Exchange's vault_address when ``vault`` (the
        original passes it to the L1 actions that trade for the vault) or the given one, its
        expires_after, an explicit nonce. ``l1_only``: a user-signed action signs neither vault nor
        expiry, so they are left off it, as the original does (the server would refuse them)."""
        v = vault_address if vault_address is not None else (self.vault_address if vault else None)
        if v is None and self.expires_after is None and nonce is None:
            return self.client
        return self.client.with_action_options(vault_address=v, expires_after=self.expires_after, nonce=nonce, l1_only=True)


class AdminMethods(ExchangeBase):
    def convert_to_multi_sig_user(self, authorized_users: list[str], threshold: int) -> Any:
        signers = json.dumps({"authorizedUsers": sorted(authorized_users), "threshold": threshold})
        return to_wire(self._c().convert_to_multi_sig_user(signers=signers))

    def multi_sig(self, multi_sig_user: str, inner_action: dict[str, Any], signatures: list[dict[str, Any]], nonce: int, vault_address: Optional[str] = None) -> Any:
        """Send ``inner_action`` for ``multi_sig_user`` with its signers' ``signatures`` (made at
        ``nonce`` with compat.utils.signing.sign_multi_sig_*_payload); the server's wallet is the outer signer."""
        payload = m.MultiSigPayload(multi_sig_user=multi_sig_user.lower(), outer_signer=self.wallet_address.lower(), action=_multi_sig_payload_action(inner_action))
        sigs = [m.Signature(r=s["r"], s=s["s"], v=s["v"]) for s in signatures]
        return to_wire(self._c(nonce=nonce, vault_address=vault_address).multi_sig(payload=payload, signature_chain_id="0x66eee", signatures=sigs))

    def spot_deploy_register_token(self, token_name: str, sz_decimals: int, wei_decimals: int, max_gas: int, full_name: str) -> Any:
        spec = m.SpotTokenSpec(name=token_name, sz_decimals=sz_decimals, wei_decimals=wei_decimals)
        return to_wire(self._c().spot_deploy(register_token2=m.SpotRegisterToken2(spec=spec, max_gas=max_gas, full_name=full_name)))

    def spot_deploy_user_genesis(self, token: int, user_and_wei: list[tuple[str, str]], existing_token_and_wei: list[tuple[int, str]]) -> Any:
        genesis = m.SpotUserGenesis(
            token=token,
            user_and_wei=[m.SpotUserAndWei(user=u.lower(), wei=_dec(w)) for u, w in user_and_wei],
            existing_token_and_wei=[m.SpotTokenAndWei(token=t, wei=_dec(w)) for t, w in existing_token_and_wei],
            blacklist_users=None,
        )
        return to_wire(self._c().spot_deploy(user_genesis=genesis))

    def spot_deploy_enable_freeze_privilege(self, token: int) -> Any:
        return self.spot_deploy_token_action_inner("enableFreezePrivilege", token)

    def spot_deploy_freeze_user(self, token: int, user: str, freeze: bool) -> Any:
        return to_wire(self._c().spot_deploy(freeze_user=m.SpotFreezeUser(token=token, user=user.lower(), freeze=freeze)))

    def spot_deploy_revoke_freeze_privilege(self, token: int) -> Any:
        return self.spot_deploy_token_action_inner("revokeFreezePrivilege", token)

    def spot_deploy_enable_quote_token(self, token: int) -> Any:
        return self.spot_deploy_token_action_inner("enableQuoteToken", token)

    def spot_deploy_token_action_inner(self, variant: str, token: int) -> Any:
        # An unknown variant is refused here (pydantic ValidationError: the model forbids extra keys).
        action = m.SpotDeployAction.model_validate({variant: {"token": token}})
        return to_wire(self._c()._unary("hl.v1.ExchangeService", "SpotDeploy", action, m.SpotDeployResponse, None))

    def spot_deploy_genesis(self, token: int, max_supply: str, no_hyperliquidity: bool) -> Any:
        genesis = m.SpotGenesis(token=token, max_supply=_dec(max_supply), no_hyperliquidity=True if no_hyperliquidity else None)
        return to_wire(self._c().spot_deploy(genesis=genesis))

    def spot_deploy_register_spot(self, base_token: int, quote_token: int) -> Any:
        return to_wire(self._c().spot_deploy(register_spot=m.SpotRegisterSpot(tokens=[base_token, quote_token])))

    def spot_deploy_register_hyperliquidity(self, spot: int, start_px: float, order_sz: float, n_orders: int, n_seeded_levels: Optional[int]) -> Any:
        reg = m.SpotRegisterHyperliquidity(spot=spot, start_px=_dec(start_px), order_sz=_dec(order_sz), n_orders=n_orders, n_seeded_levels=n_seeded_levels)
        return to_wire(self._c().spot_deploy(register_hyperliquidity=reg))

    def spot_deploy_set_deployer_trading_fee_share(self, token: int, share: str) -> Any:
        return to_wire(self._c().spot_deploy(set_deployer_trading_fee_share=m.SpotSetDeployerTradingFeeShare(token=token, share=share)))

    def perp_deploy_register_asset(
        self,
        dex: str,
        max_gas: Optional[int],
        coin: str,
        sz_decimals: int,
        oracle_px: str,
        margin_table_id: int,
        only_isolated: bool,
        schema: Optional[PerpDexSchemaInput],
    ) -> Any:
        schema_wire = None
        if schema is not None:
            updater = schema["oracleUpdater"]
            schema_wire = m.PerpDexSchema(full_name=schema["fullName"], collateral_token=schema["collateralToken"], oracle_updater=updater.lower() if updater is not None else None)
        request = m.PerpAssetRequest(coin=coin, sz_decimals=sz_decimals, oracle_px=_dec(oracle_px), margin_table_id=margin_table_id, only_isolated=only_isolated)
        return to_wire(self._c().perp_deploy(register_asset=m.PerpRegisterAsset(max_gas=max_gas, asset_request=request, dex=dex, schema_=schema_wire)))

    def perp_deploy_set_oracle(self, dex: str, oracle_pxs: dict[str, str], all_mark_pxs: list[dict[str, str]], external_perp_pxs: dict[str, str]) -> Any:
        def pairs(d: dict[str, str]) -> list[m.PerpCoinDecimal]:
            return [m.PerpCoinDecimal(coin=k, value=_dec(v)) for k, v in sorted(d.items())]

        oracle = m.PerpSetOracle(dex=dex, oracle_pxs=pairs(oracle_pxs), mark_pxs=[m.PerpCoinDecimalList(items=pairs(d)) for d in all_mark_pxs], external_perp_pxs=pairs(external_perp_pxs))
        return to_wire(self._c().perp_deploy(set_oracle=oracle))

    def c_signer_unjail_self(self) -> Any:
        return self.c_signer_inner("unjailSelf")

    def c_signer_jail_self(self) -> Any:
        return self.c_signer_inner("jailSelf")

    def c_signer_inner(self, variant: str) -> Any:
        if variant not in ("jailSelf", "unjailSelf"):
            raise ValueError(f"c_signer_inner: variant must be 'jailSelf' or 'unjailSelf', not {variant!r}")
        if variant == "jailSelf":
            return to_wire(self._c().c_signer_action(jail_self=NULL))
        return to_wire(self._c().c_signer_action(unjail_self=NULL))

    def c_validator_register(
        self, node_ip: str, name: str, description: str, delegations_disabled: bool, commission_bps: int, signer: str, unjailed: bool, initial_wei: int
    ) -> Any:
        profile = m.ValidatorProfile(
            node_ip=m.ValidatorNodeIp(ip=node_ip), name=name, description=description, delegations_disabled=delegations_disabled, commission_bps=commission_bps, signer=signer
        )
        return to_wire(self._c().c_validator_action(register_=m.ValidatorRegister(profile=profile, unjailed=unjailed, initial_wei=initial_wei)))

    def c_validator_change_profile(
        self,
        node_ip: Optional[str],
        name: Optional[str],
        description: Optional[str],
        unjailed: bool,
        disable_delegations: Optional[bool],
        commission_bps: Optional[int],
        signer: Optional[str],
    ) -> Any:
        change = m.ValidatorChangeProfile(
            node_ip=None if node_ip is None else m.ValidatorNodeIp(ip=node_ip),
            name=name,
            description=description,
            unjailed=unjailed,
            disable_delegations=disable_delegations,
            commission_bps=commission_bps,
            signer=signer,
        )
        return to_wire(self._c().c_validator_action(change_profile=change))

    def c_validator_unregister(self) -> Any:
        return to_wire(self._c().c_validator_action(unregister=NULL))
