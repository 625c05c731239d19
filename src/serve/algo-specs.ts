/**
 * AlgoService's messages ↔ src/algos: a StartAlgoRequest's spec to the algorithm's params (the
 * algorithms validate the values themselves and name the field), an algorithm to AlgoInfo.
 */
import { create } from "@bufbuild/protobuf";
import {
  AlgoInfoSchema,
  AlgoSide,
  PriceSource as ProtoSource,
  type AlgoInfo,
  type Condition as ProtoCondition,
  type ConditionalSpec,
  type IcebergSpec,
  type RuleAction,
  type TrailingSpec,
  type TwapSpec,
} from "../../generated/connect/hl/serve/v1/algos_pb.js";
import type { Action, Condition, ConditionalParams, OrderSpec } from "../algos/conditional.js";
import { paramError, type AlgoState, type PriceSource, type Side, type Tif } from "../algos/core.js";
import { progressOf, type AlgoHandle } from "../algos/handle.js";
import type { IcebergParams } from "../algos/iceberg.js";
import type { NativeTwapParams } from "../algos/native-twap.js";
import type { AlgoRow } from "../algos/store.js";
import type { TrailingParams } from "../algos/trailing.js";
import type { TwapParams } from "../algos/twap.js";

function side(s: AlgoSide, field: string): Side {
  if (s === AlgoSide.BUY) return "buy";
  if (s === AlgoSide.SELL) return "sell";
  throw paramError(field, AlgoSide[s] ?? s, "ALGO_SIDE_BUY or ALGO_SIDE_SELL");
}

function source(s: ProtoSource): PriceSource | undefined {
  return s === ProtoSource.MID ? "mid" : s === ProtoSource.MARK ? "mark" : s === ProtoSource.LAST ? "last" : undefined;
}

/** A decimal string to a price; `field` names it in the error. */
function px(text: string, field: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n <= 0) throw paramError(field, text, "a positive decimal price");
  return n;
}

/** `{ key: value }`, or nothing when the value is absent (optional fields stay absent). */
function opt<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  const out: Partial<Record<K, V>> = {};
  if (value !== undefined) out[key] = value;
  return out;
}

function ms(v: bigint, field: string): number {
  const n = Number(v);
  if (n <= 0 || !Number.isSafeInteger(n)) throw paramError(field, String(v), "a positive number of milliseconds");
  return n;
}

export function twapParams(s: TwapSpec): TwapParams {
  return {
    coin: s.coin,
    side: side(s.side, "twap.side"),
    size: s.size,
    durationMs: ms(s.durationMs, "twap.duration_ms"),
    intervalMs: ms(s.intervalMs, "twap.interval_ms"),
    ...opt("randomize", s.randomize),
    ...opt("minSlice", s.minSlice),
    ...opt("maxSlice", s.maxSlice),
    ...opt("priceLimit", s.priceLimit === undefined ? undefined : px(s.priceLimit, "twap.price_limit")),
    ...opt("catchUp", s.catchUp),
    ...opt("participation", s.participation),
    ...opt("slippage", s.slippage),
    ...opt("source", source(s.source)),
  };
}

export function nativeTwapParams(s: TwapSpec): NativeTwapParams {
  const minutes = ms(s.durationMs, "twap.duration_ms") / 60_000;
  if (!Number.isInteger(minutes)) throw paramError("twap.duration_ms", String(s.durationMs), "whole minutes (a multiple of 60000) for a native TWAP");
  return { coin: s.coin, side: side(s.side, "twap.side"), size: s.size, minutes, randomize: (s.randomize ?? 0) > 0, reduceOnly: s.reduceOnly };
}

export function icebergParams(s: IcebergSpec): IcebergParams {
  return {
    coin: s.coin,
    side: side(s.side, "iceberg.side"),
    size: s.size,
    displaySize: s.displaySize,
    limitPx: px(s.limitPx, "iceberg.limit_px"),
    ...opt("randomizeDisplay", s.randomizeDisplay),
    ...(s.postOnly ? { tif: "Alo" as const } : {}),
  };
}

export function trailingParams(s: TrailingSpec): TrailingParams {
  return {
    coin: s.coin,
    side: side(s.side, "trailing.side"),
    size: s.size,
    ...opt("trailPercent", s.trailPercent),
    ...opt("trailAmount", s.trailAmount === undefined ? undefined : px(s.trailAmount, "trailing.trail_amount")),
    ...opt("activationPx", s.activationPx === undefined ? undefined : px(s.activationPx, "trailing.activation_px")),
    ...opt("source", source(s.source)),
    ...(s.limitOffset === undefined ? {} : { execution: "limit" as const, limitOffset: s.limitOffset }),
    ...opt("slippage", s.slippage),
  };
}

const TIFS: readonly Tif[] = ["Gtc", "Ioc", "Alo"];

function condition(c: ProtoCondition | undefined, field: string): Condition {
  const v = c?.condition;
  switch (v?.case) {
    case "price":
      return {
        price: {
          ...(v.value.coin ? { coin: v.value.coin } : {}),
          ...opt("source", source(v.value.source)),
          ...opt("above", v.value.above === undefined ? undefined : px(v.value.above, `${field}.price.above`)),
          ...opt("below", v.value.below === undefined ? undefined : px(v.value.below, `${field}.price.below`)),
        },
      };
    case "filled":
      return { filled: v.value.order, ...(v.value.partial ? { partial: true } : {}) };
    case "position":
      return {
        position: {
          ...(v.value.coin ? { coin: v.value.coin } : {}),
          ...opt("above", v.value.above === undefined ? undefined : Number(v.value.above)),
          ...opt("below", v.value.below === undefined ? undefined : Number(v.value.below)),
        },
      };
    case "timeAfter":
      return { time: { after: Number(v.value) } };
    case "allOf":
      return { all: v.value.conditions.map((x, i) => condition(x, `${field}.all_of[${i}]`)) };
    case "anyOf":
      return { any: v.value.conditions.map((x, i) => condition(x, `${field}.any_of[${i}]`)) };
    case "negate":
      return { not: condition(v.value, `${field}.negate`) };
    default:
      throw paramError(field, undefined, "a condition (price, filled, position, time_after, all_of, any_of or negate)");
  }
}

function actions(list: RuleAction[], field: string): Action[] {
  return list.map((a, i) => {
    const v = a.action;
    if (v.case === "place") return { place: v.value };
    if (v.case === "cancel") return { cancel: v.value };
    if (v.case === "modify") return { modify: v.value.name, px: px(v.value.px, `${field}[${i}].modify.px`) };
    throw paramError(`${field}[${i}]`, undefined, "an action (place, cancel or modify)");
  });
}

export function conditionalParams(s: ConditionalSpec): ConditionalParams {
  const orders: Record<string, OrderSpec> = {};
  for (const [name, o] of Object.entries(s.orders)) {
    const field = `conditional.orders.${name}`;
    const tif = o.tif === "" ? undefined : TIFS.find((t) => t === o.tif);
    if (o.tif !== "" && tif === undefined) throw paramError(`${field}.tif`, o.tif, "Gtc, Ioc or Alo");
    const tpsl = o.trigger?.tpsl;
    if (o.trigger && tpsl !== "tp" && tpsl !== "sl") throw paramError(`${field}.trigger.tpsl`, tpsl, '"tp" or "sl"');
    orders[name] = {
      side: side(o.side, `${field}.side`),
      size: o.size,
      px: px(o.px, `${field}.px`),
      ...opt("tif", tif),
      ...(o.reduceOnly ? { reduceOnly: true } : {}),
      ...(o.trigger && (tpsl === "tp" || tpsl === "sl")
        ? { trigger: { triggerPx: px(o.trigger.triggerPx, `${field}.trigger.trigger_px`), isMarket: o.trigger.isMarket, tpsl } }
        : {}),
    };
  }
  return {
    coin: s.coin,
    orders,
    start: actions(s.start, "conditional.start"),
    rules: s.rules.map((r, i) => ({
      if: condition(r.condition, `conditional.rules[${i}].condition`),
      then: actions(r.thenActions, `conditional.rules[${i}].then_actions`),
      ...(r.elseActions.length ? { else: actions(r.elseActions, `conditional.rules[${i}].else_actions`) } : {}),
      ...(r.until > 0n ? { until: Number(r.until) } : {}),
    })),
  };
}

/** An algorithm's snapshot: from its handle when this runner owns it, else from the stored state. */
export function algoInfo(state: Readonly<AlgoState>, handle: AlgoHandle | undefined, row?: AlgoRow, reason?: string): AlgoInfo {
  const progress = progressOf(state);
  return create(AlgoInfoSchema, {
    id: state.id,
    kind: state.kind,
    coin: state.market.coin,
    status: state.status,
    paused: handle?.paused ?? false,
    progress,
    reason: reason ?? state.reason ?? "",
    created: BigInt(Math.round(row?.created ?? state.created)),
    updated: BigInt(Math.round(row?.updated ?? state.updated)),
    children: Object.keys(state.children).length,
    owned: handle !== undefined,
  });
}
