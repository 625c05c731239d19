/** Advanced orders that survive a crash: TWAP, iceberg, trailing stop, conditional (docs/algos.md). */
export { AlgoRunner, type AlgoRunnerOptions, type AlgoOptions } from "./runner.js";
export { AlgoStore, type AlgoRow } from "./store.js";
export type { AlgoHandle, AlgoUpdate, AlgoProgress } from "./handle.js";
export type { AlgoVenue } from "./venue.js";
export {
  cloidOf,
  type AlgoState,
  type AlgoEvent,
  type AlgoCommand,
  type AlgoStatus,
  type AlgoDefinition,
  type Child,
  type MarketRef,
  type PriceSource,
  type Side,
} from "./core.js";
export { twapAlgo, twapStep, createTwap, sliceLots, type TwapParams, type TwapState } from "./twap.js";
export { icebergAlgo, icebergStep, createIceberg, type IcebergParams, type IcebergState } from "./iceberg.js";
export { trailingAlgo, trailingStep, createTrailingStop, stopFor, type TrailingParams, type TrailingState } from "./trailing.js";
export {
  conditionalAlgo,
  conditionalStep,
  createConditional,
  oco,
  bracket,
  cancelWhenFilled,
  type ConditionalParams,
  type Condition,
  type Rule,
  type Action as ConditionalAction,
  type OrderSpec,
} from "./conditional.js";
export { nativeTwapAlgo, createNativeTwap, type NativeTwapParams } from "./native-twap.js";
