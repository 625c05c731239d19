/**
 * Python-compatible account methods: transfers, sub-accounts, vaults, agents, builder fees,
 * abstraction settings. Amounts given as numbers become strings with Python's `str()`.
 */
import { privateKeyToAccount, generatePrivateKey } from "viem/accounts";
import { ExchangeBase, type PyResponse } from "./base.js";
import { pyStr } from "./python.js";

export type Abstraction = "unifiedAccount" | "portfolioMargin" | "disabled";
export type AgentAbstraction = "i" | "u" | "p";

export class ExchangeTransfers extends ExchangeBase {
  /** Places a referral code on this account (signed without a vault, as Python). */
  set_referrer(code: string): Promise<PyResponse> {
    return this.l1("setReferrer", { code }, false);
  }

  create_sub_account(name: string): Promise<PyResponse> {
    return this.l1("createSubAccount", { name }, false);
  }

  /** Moves USDC between spot and perp; with a vault_address the amount gets " subaccount:<vault>". */
  usd_class_transfer(amount: number | string, to_perp: boolean): Promise<PyResponse> {
    let str = pyStr(amount);
    if (this.vault_address) str += ` subaccount:${this.vault_address}`;
    return this.userSigned("usdClassTransfer", { amount: str, toPerp: to_perp });
  }

  /** Sends a token between dexs ("" = default perp dex, "spot" = spot); from the vault_address sub-account if set. */
  send_asset(destination: string, source_dex: string, destination_dex: string, token: string, amount: number | string): Promise<PyResponse> {
    return this.userSigned("sendAsset", {
      destination,
      sourceDex: source_dex,
      destinationDex: destination_dex,
      token,
      amount: pyStr(amount),
      fromSubAccount: this.vault_address || "",
    });
  }

  sub_account_transfer(sub_account_user: string, is_deposit: boolean, usd: number): Promise<PyResponse> {
    return this.l1("subAccountTransfer", { subAccountUser: sub_account_user, isDeposit: is_deposit, usd }, false);
  }

  sub_account_spot_transfer(sub_account_user: string, is_deposit: boolean, token: string, amount: number | string): Promise<PyResponse> {
    return this.l1("subAccountSpotTransfer", { subAccountUser: sub_account_user, isDeposit: is_deposit, token, amount: pyStr(amount) }, false);
  }

  vault_usd_transfer(vault_address: string, is_deposit: boolean, usd: number): Promise<PyResponse> {
    return this.l1("vaultTransfer", { vaultAddress: vault_address, isDeposit: is_deposit, usd }, false);
  }

  usd_transfer(amount: number | string, destination: string): Promise<PyResponse> {
    return this.userSigned("usdSend", { destination, amount: pyStr(amount) });
  }

  spot_transfer(amount: number | string, destination: string, token: string): Promise<PyResponse> {
    return this.userSigned("spotSend", { destination, token, amount: pyStr(amount) });
  }

  token_delegate(validator: string, wei: number, is_undelegate: boolean): Promise<PyResponse> {
    return this.userSigned("tokenDelegate", { validator, wei, isUndelegate: is_undelegate });
  }

  withdraw_from_bridge(amount: number | string, destination: string): Promise<PyResponse> {
    return this.userSigned("withdraw3", { destination, amount: pyStr(amount) });
  }

  /**
   * Approves a freshly generated agent key. Returns `[response, agentKey]`; the key is shown
   * only here (store it like any private key). An unnamed agent is signed with agentName ""
   * and sent without the key, as Python does.
   */
  async approve_agent(name: string | null = null): Promise<[PyResponse, string]> {
    const agentKey = this.compat.newAgentKey?.() ?? generatePrivateKey();
    const agentAddress = privateKeyToAccount(agentKey as `0x${string}`).address;
    const action: Record<string, unknown> = { agentAddress };
    if (name !== null) action.agentName = name;
    return [await this.userSigned("approveAgent", action), agentKey];
  }

  approve_builder_fee(builder: string, max_fee_rate: string): Promise<PyResponse> {
    return this.userSigned("approveBuilderFee", { maxFeeRate: max_fee_rate, builder });
  }

  use_big_blocks(enable: boolean): Promise<PyResponse> {
    return this.l1("evmUserModify", { usingBigBlocks: enable }, false);
  }

  agent_enable_dex_abstraction(): Promise<PyResponse> {
    return this.l1("agentEnableDexAbstraction", {}, true);
  }

  agent_set_abstraction(abstraction: AgentAbstraction): Promise<PyResponse> {
    return this.l1("agentSetAbstraction", { abstraction }, true);
  }

  user_dex_abstraction(user: string, enabled: boolean): Promise<PyResponse> {
    return this.userSigned("userDexAbstraction", { user: user.toLowerCase(), enabled });
  }

  user_set_abstraction(user: string, abstraction: Abstraction): Promise<PyResponse> {
    return this.userSigned("userSetAbstraction", { user: user.toLowerCase(), abstraction });
  }

  /** Consumes `nonce` without doing anything (invalidates a pending action with that nonce). */
  noop(nonce: number): Promise<PyResponse> {
    return this.l1("noop", {}, true, { nonce });
  }

  gossip_priority_bid(slot_id: number, ip: string, max_gas: number): Promise<PyResponse> {
    return this.l1("gossipPriorityBid", { slotId: slot_id, ip, maxGas: max_gas }, true);
  }
}
