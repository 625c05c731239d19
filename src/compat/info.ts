/**
 * `Info` with the official Python SDK's method names and argument order, so Python code ports
 * line by line: `info.user_state(address)`, `info.l2_snapshot("BTC")`, `info.name_to_asset("ETH")`.
 * Each method calls the typed InfoClient. Covers the info types the schema has today.
 */
import { InfoClient, type InfoClientOptions } from "../clients/info.js";
import { ValidationError } from "../errors/base.js";
import type * as T from "../../generated/ts/types.js";

export class Info {
  readonly client: InfoClient;
  private coinToAsset: Map<string, number> | undefined;

  constructor(options: InfoClientOptions | InfoClient) {
    this.client = options instanceof InfoClient ? options : new InfoClient(options);
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
    return this.client.userFillsByTime({ user: address, startTime: start_time, ...(end_time !== null ? { endTime: end_time } : {}), ...(aggregate_by_time ? { aggregateByTime: true } : {}) });
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

  /** Perp asset id of a coin name (its index in meta.universe); loads meta once. */
  async name_to_asset(name: string): Promise<number> {
    if (!this.coinToAsset) {
      const meta = await this.meta();
      this.coinToAsset = new Map(meta.universe.map((u, i) => [u.name, i]));
    }
    const asset = this.coinToAsset.get(name);
    if (asset === undefined) throw new ValidationError("coin", [{ path: "name", value: name, expected: `a listed perp coin (${[...this.coinToAsset.keys()].slice(0, 8).join(", ")}, …)` }]);
    return asset;
  }
}
