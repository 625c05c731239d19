/**
 * `Info` with the official Python SDK's method names and argument order, so Python code ports
 * line by line: `info.user_state(address)`, `info.l2_snapshot("BTC")`, `info.name_to_asset("ETH")`.
 * Each method calls the typed InfoClient; every other info type is on `info.client`.
 */
import { InfoClient, type InfoClientOptions } from "../clients/info.js";
import { isSubscriptionType, subscriptionEndpoints } from "../../generated/ts/registry.js";
import type { SubscriptionHandle, WebSocketManager } from "../transport/ws/index.js";
import { ValidationError } from "../errors/base.js";
import type * as T from "../../generated/ts/types.js";
import { PythonAssetMap, type PyMeta, type PySpotMeta } from "./exchange/assets.js";

/** Python Info's `meta`, `spot_meta` and `perp_dexs` constructor arguments (name tables). */
export interface InfoTables {
  meta?: PyMeta | null;
  spot_meta?: PySpotMeta | null;
  /** Perp dexs whose coins name_to_asset knows; default `[""]` (the default dex only), as Python. */
  perp_dexs?: string[] | null;
}

export class Info {
  readonly client: InfoClient;
  /** Python Info's name tables (`name_to_coin`, `coin_to_asset`, `asset_to_sz_decimals`), loaded on first use. */
  readonly assets: PythonAssetMap;

  private readonly ws: WebSocketManager | undefined;
  private readonly subs = new Map<number, { key: string; handle: SubscriptionHandle }>();
  private nextId = 0;

  /**
   * `ws` enables subscribe/unsubscribe (the Python SDK's skip_ws=False); `tables` are Python's
   * `meta`, `spot_meta` and `perp_dexs` arguments (fetched lazily here, not in the constructor).
   */
  constructor(options: InfoClientOptions | InfoClient, ws?: WebSocketManager, tables: InfoTables = {}) {
    this.client = options instanceof InfoClient ? options : new InfoClient(options);
    this.ws = ws;
    this.assets = new PythonAssetMap({ info: this.client, meta: tables.meta, spotMeta: tables.spot_meta, perpDexs: tables.perp_dexs });
  }

  /**
   * Python SDK `subscribe(subscription, callback) -> int`: the callback gets the whole
   * `{"channel", "data"}` message; the id is for {@link unsubscribe}.
   */
  subscribe(subscription: { type: string } & Record<string, unknown>, callback: (msg: { channel: string; data: unknown }) => void): number {
    if (!this.ws)
      throw new ValidationError("Info", [{ path: "ws", value: undefined, expected: "a WebSocketManager passed to new Info(options, ws) to subscribe" }]);
    const type = subscription.type;
    if (!isSubscriptionType(type))
      throw new ValidationError("subscription", [
        { path: "type", value: subscription.type, expected: `one of ${Object.keys(subscriptionEndpoints).join(", ")}` },
      ]);
    const id = ++this.nextId;
    const { channel } = subscriptionEndpoints[type];
    const handle = this.ws.subscribe(subscription, (data: unknown) => callback({ channel, data }));
    this.subs.set(id, { key: JSON.stringify(subscription), handle });
    return id;
  }

  /** Python SDK `unsubscribe(subscription, subscription_id) -> bool`. */
  unsubscribe(subscription: { type: string } & Record<string, unknown>, subscription_id: number): boolean {
    const entry = this.subs.get(subscription_id);
    if (!entry || entry.key !== JSON.stringify(subscription)) return false;
    entry.handle.unsubscribe();
    this.subs.delete(subscription_id);
    return true;
  }

  user_state(address: string, dex = ""): Promise<T.ClearinghouseStateResponse> {
    return this.client.clearinghouseState({ user: address, ...(dex ? { dex } : {}) });
  }
  open_orders(address: string, dex = ""): Promise<T.OpenOrdersResponse> {
    return this.client.openOrders({ user: address, ...(dex ? { dex } : {}) });
  }
  frontend_open_orders(address: string, dex = ""): Promise<T.FrontendOpenOrdersResponse> {
    return this.client.frontendOpenOrders({ user: address, ...(dex ? { dex } : {}) });
  }
  all_mids(dex = ""): Promise<T.AllMidsResponse> {
    return this.client.allMids(dex ? { dex } : {});
  }
  user_fills(address: string): Promise<T.UserFillsResponse> {
    return this.client.userFills({ user: address });
  }
  user_fills_by_time(address: string, start_time: number, end_time: number | null = null, aggregate_by_time = false): Promise<T.UserFillsByTimeResponse> {
    return this.client.userFillsByTime({
      user: address,
      startTime: start_time,
      ...(end_time !== null ? { endTime: end_time } : {}),
      ...(aggregate_by_time ? { aggregateByTime: true } : {}),
    });
  }
  meta(dex = ""): Promise<T.MetaResponse> {
    return this.client.meta(dex ? { dex } : {});
  }
  meta_and_asset_ctxs(): Promise<T.MetaAndAssetCtxsResponse> {
    return this.client.metaAndAssetCtxs();
  }
  funding_history(name: string, startTime: number, endTime: number | null = null): Promise<T.FundingHistoryResponse> {
    return this.client.fundingHistory({ coin: name, startTime, ...(endTime !== null ? { endTime } : {}) });
  }
  user_funding_history(user: string, startTime: number, endTime: number | null = null): Promise<T.UserFundingResponse> {
    return this.client.userFunding({ user, startTime, ...(endTime !== null ? { endTime } : {}) });
  }
  l2_snapshot(name: string): Promise<T.L2BookResponse> {
    return this.client.l2Book({ coin: name });
  }
  candles_snapshot(name: string, interval: T.CandleSnapshotParams["interval"], startTime: number, endTime: number): Promise<T.CandleSnapshotResponse> {
    return this.client.candleSnapshot({ req: { coin: name, interval, startTime, endTime } });
  }
  user_non_funding_ledger_updates(user: string, startTime: number, endTime: number | null = null): Promise<T.UserNonFundingLedgerUpdatesResponse> {
    return this.client.userNonFundingLedgerUpdates({ user, startTime, ...(endTime !== null ? { endTime } : {}) });
  }
  user_twap_slice_fills(user: string): Promise<T.UserTwapSliceFillsResponse> {
    return this.client.userTwapSliceFills({ user });
  }
  user_role(user: string): Promise<T.UserRoleResponse> {
    return this.client.userRole({ user });
  }
  user_rate_limit(user: string): Promise<T.UserRateLimitResponse> {
    return this.client.userRateLimit({ user });
  }

  spot_meta(): Promise<T.SpotMetaResponse> {
    return this.client.spotMeta();
  }
  spot_user_state(address: string, dex = ""): Promise<T.WsSpotClearinghouseState> {
    return this.client.spotClearinghouseState({ user: address, ...(dex ? { dex } : {}) });
  }
  query_order_by_oid(user: string, oid: number): Promise<T.OrderStatusResponse> {
    return this.client.orderStatus({ user, oid });
  }
  query_order_by_cloid(user: string, cloid: string): Promise<T.OrderStatusResponse> {
    return this.client.orderStatus({ user, oid: cloid });
  }
  historical_orders(user: string): Promise<T.HistoricalOrdersResponse> {
    return this.client.historicalOrders({ user });
  }
  extra_agents(user: string): Promise<T.ExtraAgentsResponse> {
    return this.client.extraAgents({ user });
  }

  perp_dexs(): Promise<T.PerpDexsResponse> {
    return this.client.perpDexs();
  }
  spot_meta_and_asset_ctxs(): Promise<T.SpotMetaAndAssetCtxsResponse> {
    return this.client.spotMetaAndAssetCtxs();
  }
  user_fees(address: string): Promise<T.UserFeesResponse> {
    return this.client.userFees({ user: address });
  }
  /** `delegatorSummary` */
  user_staking_summary(address: string): Promise<T.DelegatorSummaryResponse> {
    return this.client.delegatorSummary({ user: address });
  }
  /** `delegations` */
  user_staking_delegations(address: string): Promise<T.DelegationsResponse> {
    return this.client.delegations({ user: address });
  }
  /** `delegatorRewards` */
  user_staking_rewards(address: string): Promise<T.DelegatorRewardsResponse> {
    return this.client.delegatorRewards({ user: address });
  }
  delegator_history(user: string): Promise<T.DelegatorHistoryResponse> {
    return this.client.delegatorHistory({ user });
  }
  /** `referral` */
  query_referral_state(user: string): Promise<T.ReferralResponse> {
    return this.client.referral({ user });
  }
  /** `subAccounts` */
  query_sub_accounts(user: string): Promise<T.SubAccountsResponse> {
    return this.client.subAccounts({ user });
  }
  query_user_to_multi_sig_signers(multi_sig_user: string): Promise<T.UserToMultiSigSignersResponse> {
    return this.client.userToMultiSigSigners({ user: multi_sig_user });
  }
  query_perp_deploy_auction_status(): Promise<T.DeployAuctionStatus> {
    return this.client.perpDeployAuctionStatus();
  }
  /** `spotDeployState` (the Python SDK's name for it). */
  query_spot_deploy_auction_status(user: string): Promise<T.SpotDeployStateResponse> {
    return this.client.spotDeployState({ user });
  }
  /** `userDexAbstraction` */
  query_user_dex_abstraction_state(user: string): Promise<T.UserDexAbstractionResponse> {
    return this.client.userDexAbstraction({ user });
  }
  /** `userAbstraction` */
  query_user_abstraction_state(user: string): Promise<T.UserAbstractionResponse> {
    return this.client.userAbstraction({ user });
  }
  portfolio(user: string): Promise<T.PortfolioResponse> {
    return this.client.portfolio({ user });
  }
  user_vault_equities(user: string): Promise<T.UserVaultEquitiesResponse> {
    return this.client.userVaultEquities({ user });
  }

  /**
   * Python `name_to_asset(name)`: `coin_to_asset[name_to_coin[name]]`. Perps of the default
   * dex → index; spot "PURR/USDC", "@1" or "BASE/QUOTE" → 10000 + pair index; builder-dex
   * perps "dex:COIN" (dexs listed in `perp_dexs`) → 110000 + i·10000 + index.
   * @throws {ValidationError} for a name Python would raise KeyError on.
   */
  async name_to_asset(name: string): Promise<number> {
    return (await this.assets.resolve(name)).asset;
  }

  /** Python `name_to_coin[name]`: the wire coin of a name ("PURR/USDC" → "PURR/USDC", "HYPE/USDC" → "@1"). */
  async name_to_coin(name: string): Promise<string> {
    return (await this.assets.resolve(name)).coin;
  }

  /** Python `asset_to_sz_decimals[asset]`. */
  async asset_to_sz_decimals(asset: number): Promise<number> {
    const found = await this.assets.resolveAsset(asset);
    if (!found)
      throw new ValidationError("asset", [
        { path: "asset", value: asset, expected: "a listed asset id (perp index, 10000 + spot index, or a loaded perp dex's)" },
      ]);
    return found.szDecimals;
  }
}
