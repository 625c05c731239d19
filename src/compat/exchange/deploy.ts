/**
 * Python-compatible deployer and validator methods: spot_deploy_*, perp_deploy_*, c_signer_*,
 * c_validator_*, convert_to_multi_sig_user and multi_sig. All L1 ones are signed without a
 * vault, as Python does.
 */
import type { Signature } from "../../signing/index.js";
import type { PyResponse } from "./base.js";
import { pyJsonDumps, pyStr } from "./python.js";
import { ExchangeTransfers } from "./transfers.js";

/** perp_deploy_register_asset's schema argument. */
export interface PerpDexSchemaInput {
  fullName: string;
  collateralToken: number;
  oracleUpdater: string | null;
}

/** userSetAbstraction's abstraction names → the short codes multi-sig payloads carry. */
const ABSTRACTION_WIRE: Record<string, string> = { disabled: "i", unifiedAccount: "u", portfolioMargin: "p" };

/** Python's sorted(d.items()) for string keys. */
const sortedItems = (d: Record<string, string>): [string, string][] => Object.entries(d).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

export class ExchangeDeploy extends ExchangeTransfers {
  /** Turns this account into a multi-sig user; `authorized_users` are sorted, signers sent as Python's json.dumps. */
  convert_to_multi_sig_user(authorized_users: string[], threshold: number): Promise<PyResponse> {
    const signers = pyJsonDumps({ authorizedUsers: [...authorized_users].sort(), threshold });
    return this.userSigned("convertToMultiSigUser", { signers });
  }

  /**
   * Submits `inner_action` for `multi_sig_user` with the collected `signatures` (see
   * src/clients/multisig.ts to collect them). This wallet is the outer signer.
   */
  multi_sig(
    multi_sig_user: string,
    inner_action: Record<string, unknown>,
    signatures: Signature[],
    nonce: number,
    vault_address: string | null = null,
  ): Promise<PyResponse> {
    let payloadAction = inner_action;
    const abstraction = ABSTRACTION_WIRE[inner_action.abstraction as string];
    if (inner_action.type === "userSetAbstraction" && abstraction) payloadAction = { ...inner_action, abstraction };
    const action = {
      signatures,
      payload: { multiSigUser: multi_sig_user.toLowerCase(), outerSigner: this.wallet.address.toLowerCase(), action: payloadAction },
    };
    // signatureChainId: the client's envelope default (0x66eee, as Python).
    return this.l1("multiSig", action, false, { nonce, vaultAddress: vault_address });
  }

  spot_deploy_register_token(token_name: string, sz_decimals: number, wei_decimals: number, max_gas: number, full_name: string): Promise<PyResponse> {
    return this.spot({
      registerToken2: { spec: { name: token_name, szDecimals: sz_decimals, weiDecimals: wei_decimals }, maxGas: max_gas, fullName: full_name },
    });
  }

  spot_deploy_user_genesis(token: number, user_and_wei: [string, string][], existing_token_and_wei: [number, string][]): Promise<PyResponse> {
    return this.spot({ userGenesis: { token, userAndWei: user_and_wei.map(([u, w]) => [u.toLowerCase(), w]), existingTokenAndWei: existing_token_and_wei } });
  }

  spot_deploy_enable_freeze_privilege(token: number): Promise<PyResponse> {
    return this.spot_deploy_token_action_inner("enableFreezePrivilege", token);
  }

  spot_deploy_freeze_user(token: number, user: string, freeze: boolean): Promise<PyResponse> {
    return this.spot({ freezeUser: { token, user: user.toLowerCase(), freeze } });
  }

  spot_deploy_revoke_freeze_privilege(token: number): Promise<PyResponse> {
    return this.spot_deploy_token_action_inner("revokeFreezePrivilege", token);
  }

  spot_deploy_enable_quote_token(token: number): Promise<PyResponse> {
    return this.spot_deploy_token_action_inner("enableQuoteToken", token);
  }

  spot_deploy_token_action_inner(variant: string, token: number): Promise<PyResponse> {
    return this.spot({ [variant]: { token } });
  }

  spot_deploy_genesis(token: number, max_supply: string, no_hyperliquidity: boolean): Promise<PyResponse> {
    return this.spot({ genesis: { token, maxSupply: max_supply, ...(no_hyperliquidity ? { noHyperliquidity: true } : {}) } });
  }

  spot_deploy_register_spot(base_token: number, quote_token: number): Promise<PyResponse> {
    return this.spot({ registerSpot: { tokens: [base_token, quote_token] } });
  }

  spot_deploy_register_hyperliquidity(
    spot: number,
    start_px: number | string,
    order_sz: number | string,
    n_orders: number,
    n_seeded_levels: number | null,
  ): Promise<PyResponse> {
    const reg: Record<string, unknown> = { spot, startPx: pyStr(start_px), orderSz: pyStr(order_sz), nOrders: n_orders };
    if (n_seeded_levels !== null) reg.nSeededLevels = n_seeded_levels;
    return this.spot({ registerHyperliquidity: reg });
  }

  spot_deploy_set_deployer_trading_fee_share(token: number, share: string): Promise<PyResponse> {
    return this.spot({ setDeployerTradingFeeShare: { token, share } });
  }

  perp_deploy_register_asset(
    dex: string,
    max_gas: number | null,
    coin: string,
    sz_decimals: number,
    oracle_px: string,
    margin_table_id: number,
    only_isolated: boolean,
    schema: PerpDexSchemaInput | null,
  ): Promise<PyResponse> {
    const schemaWire =
      schema === null
        ? null
        : {
            fullName: schema.fullName,
            collateralToken: schema.collateralToken,
            oracleUpdater: schema.oracleUpdater === null ? null : schema.oracleUpdater.toLowerCase(),
          };
    const assetRequest = { coin, szDecimals: sz_decimals, oraclePx: oracle_px, marginTableId: margin_table_id, onlyIsolated: only_isolated };
    return this.l1("perpDeploy", { registerAsset: { maxGas: max_gas, assetRequest, dex, schema: schemaWire } }, false);
  }

  perp_deploy_set_oracle(
    dex: string,
    oracle_pxs: Record<string, string>,
    all_mark_pxs: Record<string, string>[],
    external_perp_pxs: Record<string, string>,
  ): Promise<PyResponse> {
    return this.l1(
      "perpDeploy",
      { setOracle: { dex, oraclePxs: sortedItems(oracle_pxs), markPxs: all_mark_pxs.map(sortedItems), externalPerpPxs: sortedItems(external_perp_pxs) } },
      false,
    );
  }

  c_signer_unjail_self(): Promise<PyResponse> {
    return this.c_signer_inner("unjailSelf");
  }

  c_signer_jail_self(): Promise<PyResponse> {
    return this.c_signer_inner("jailSelf");
  }

  c_signer_inner(variant: string): Promise<PyResponse> {
    return this.l1("CSignerAction", { [variant]: null }, false);
  }

  c_validator_register(
    node_ip: string,
    name: string,
    description: string,
    delegations_disabled: boolean,
    commission_bps: number,
    signer: string,
    unjailed: boolean,
    initial_wei: number,
  ): Promise<PyResponse> {
    const profile = { node_ip: { Ip: node_ip }, name, description, delegations_disabled, commission_bps, signer };
    return this.l1("CValidatorAction", { register: { profile, unjailed, initial_wei } }, false);
  }

  c_validator_change_profile(
    node_ip: string | null,
    name: string | null,
    description: string | null,
    unjailed: boolean,
    disable_delegations: boolean | null,
    commission_bps: number | null,
    signer: string | null,
  ): Promise<PyResponse> {
    const changeProfile = { node_ip: node_ip === null ? null : { Ip: node_ip }, name, description, unjailed, disable_delegations, commission_bps, signer };
    return this.l1("CValidatorAction", { changeProfile }, false);
  }

  c_validator_unregister(): Promise<PyResponse> {
    return this.l1("CValidatorAction", { unregister: null }, false);
  }

  private spot(variant: Record<string, unknown>): Promise<PyResponse> {
    return this.l1("spotDeploy", variant, false);
  }
}
