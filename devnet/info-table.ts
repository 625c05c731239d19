/**
 * The type of the devnet's POST /info handler table: a mapped type over the schema's
 * InfoEndpoints, so each handler gets its generated request type and must answer with the
 * generated response type. A request type added to the schema fails to compile until it has a
 * handler or is listed in `notServedInfo` (answered 422 "not served by the devnet").
 */
import type { InfoEndpoints } from "../src/index.js";
import type { Engine } from "./engine.js";

/** Schema request types the devnet does not answer (no state for them). */
export const notServedInfo = [
  "allBorrowLendReserveStates",
  "borrowLendReserveState",
  "borrowLendUserState",
  "gossipPriorityAuctionStatus",
  "gossipRootIps",
  "outcomeMeta",
  "outcomeTemplates",
  "perpAnnotation",
  "perpCategories",
  "perpConciseAnnotations",
  "perpDexLimits",
  "perpDexStatus",
  "settledOutcome",
  "usdcRouting",
  "userBorrowLendInterest",
  "validatorL1Votes",
] as const satisfies readonly (keyof InfoEndpoints)[];

export type InfoType = keyof InfoEndpoints;
export type ServedInfo = Exclude<InfoType, (typeof notServedInfo)[number]>;
export type InfoRequest<K extends InfoType> = InfoEndpoints[K]["request"];
export type InfoResponse<K extends InfoType> = InfoEndpoints[K]["response"];
/** Where the real API answers null for an unknown coin/token though the schema's response is not nullable. */
type NullWhenUnknown = "l2Book" | "tokenDetails";
export type InfoHandler<K extends ServedInfo> = (engine: Engine, req: InfoRequest<K>) => K extends NullWhenUnknown ? InfoResponse<K> | null : InfoResponse<K>;
export type InfoHandlers = { [K in ServedInfo]: InfoHandler<K> };
