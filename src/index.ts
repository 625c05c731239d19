/**
 * hyperliquid-sdk: schema-generated, byte-exact Hyperliquid client.
 * @packageDocumentation
 */
export * from "./errors/index.js";
export * from "./signing/index.js";
export { ExchangeClient, type ExchangeClientOptions } from "./clients/exchange.js";
export { diagnoseSignatureMismatch } from "./clients/diagnose.js";
export type { Transport, Endpoint, TransportRequestOptions } from "./transport/types.js";
export { WebSocketManager } from "./transport/ws/index.js";
export { validate, type Issue, type MessageName } from "../generated/ts/validate.js";
export {
  actionSpecs,
  isActionType,
  type ActionType,
  type Actions,
  type AnyAction,
  type ActionResponses,
  type ActionSuccess,
  type ActionParams,
} from "../generated/ts/actions.js";
export {
  infoEndpoints,
  explorerEndpoints,
  subscriptionEndpoints,
  subscriptionStreams,
  explorerSubscriptionEndpoints,
  isInfoType,
  isExplorerType,
  isSubscriptionType,
  isExplorerSubscriptionType,
} from "../generated/ts/registry.js";
export {
  completeEnvelope,
  checkEnvelope,
  envelopeIssues,
  usesL1Envelope,
  type Envelope,
  type EnvelopeContext,
  type EnvelopeInput,
} from "./signing/envelope.js";
/** Every wire type of the schema, e.g. `Wire.L2BookResponse`. */
export type * as Wire from "../generated/ts/types.js";
export { InfoClient, ExplorerClient, ResponseValidationError, type InfoClientOptions, type ValidationMode } from "./clients/info.js";
export { HttpTransport, type HttpTransportOptions, type RetryOptions } from "./transport/http/http-transport.js";
export { ReplayTransport, RecordingTransport, CassetteMissError, type Cassette, type Interaction } from "./transport/cassette.js";
export { RateLimiter, requestWeight, type RateLimiterOptions } from "./transport/ratelimit.js";
export { Info } from "./compat/info.js";
export { formatPrice, formatSize, isValidPrice, type PriceRules, type RoundingMode } from "./clients/prices.js";
export { SubscriptionClient, validateSubscriptionMessage, type SubscriptionClientOptions } from "./clients/subscription.js";
export { WebSocketTransport } from "./transport/ws-transport.js";
export {
  network,
  wsUrlOf,
  hyperliquidChainOf,
  MAINNET,
  TESTNET,
  LOCAL,
  DEFAULT_SIGNATURE_CHAIN_ID,
  type Network,
  type NetworkName,
  type HyperliquidChain,
} from "./transport/networks.js";
export { MetadataCache, closeNames, type AssetInfo, type AssetLookup, type MetadataCacheOptions, type PerpDex } from "./clients/metadata.js";
export {
  Preflight,
  checkOrder,
  type AssetIdLookup,
  type PreflightOptions,
  type OrderToCheck,
  type CheckedOrder,
  type OrderFieldNames,
} from "./clients/preflight.js";
export {
  prepareMultiSigInner,
  signMultiSigInner,
  collectMultiSigSignatures,
  recoverMultiSigSigners,
  buildMultiSigAction,
  submitMultiSig,
  multiSigSigners,
  convertToMultiSigUser,
  convertMultiSigToNormalUser,
  type MultiSigContext,
} from "./clients/multisig.js";
export { Exchange, Cloid, PythonAssetMap, MAINNET_API_URL, TESTNET_API_URL, type ExchangeCompatOptions, type PyResponse } from "./compat/exchange.js";
// Types referenced by the exports above (option bags, endpoint tables, Python-compat inputs).
export type { RequestOptions, ActionOptions, SubscribeOptions } from "../generated/ts/methods.js";
export type {
  InfoEndpoints,
  ExplorerEndpoints,
  SubscriptionEndpoints,
  InfoType,
  ExplorerType,
  SubscriptionType,
  RouteKey,
  SubscriptionStream as SubscriptionStreamSpec,
} from "../generated/ts/registry.js";
export type { ActionSpec, Eip712Field } from "../generated/ts/actions.js";
export type { SentPayload } from "./clients/diagnose.js";
export type { ListenOptions, SubscriptionMessage, SubscriptionParams } from "./clients/subscription.js";
export type {
  WebSocketManagerOptions,
  WebSocketEvents,
  SubscribeOptions as WsSubscribeOptions,
  StreamOptions,
  PostOptions,
  SubscriptionHandle,
  SubscriptionStream,
  PostRequestBody,
  PostResponseBody,
  BackoffOptions,
  Subscription,
  BufferPolicy,
  CloseInfo,
} from "./transport/ws/index.js";
export type { Listener } from "./transport/ws/emitter.js";
export type {
  OrderRequest,
  ModifyRequest,
  CancelRequest,
  CancelByCloidRequest,
  BuilderInfo,
  OrderType as PyOrderType,
  Tif as PyTif,
  Grouping as PyGrouping,
  PyMeta,
  PySpotMeta,
  PerpDexSchemaInput,
  Abstraction,
  AgentAbstraction,
} from "./compat/exchange.js";
export type { PythonAssetMapSource } from "./compat/exchange/assets.js";
export type { InfoTables } from "./compat/info.js";
export {
  GuardRails,
  dryRunOf,
  simulatedAnswer,
  type GuardRailsOptions,
  type GuardIo,
  type GuardAccount,
  type DryRunInfo,
  type PaperVenue,
} from "./guard/pipeline.js";
export { GuardStore, openGuardStore, type AuditRow, type ChainCheck, type KillState, type OrderStateRow, type PaperFillRow } from "./guard/store.js";
export { startDeadMansSwitch, type DeadMansSwitch, type DeadMansSwitchOptions } from "./guard/deadman.js";
export { startGuardRuntime, type GuardRuntime, type GuardRuntimeOptions } from "./guard/runtime.js";
export {
  parseGuardConfig,
  loadGuardConfig,
  watchGuardConfig,
  validateGuardConfig,
  type GuardConfig,
  type RiskConfig,
  type SymbolLimits,
} from "./guard/config.js";
export { RiskEngine, type AccountView } from "./guard/risk.js";
export { AccountState } from "./guard/account.js";
export { cancelAllOpen, attachKillSwitch } from "./guard/killswitch.js";
export { AuditAnchorError, parseAnchor, type AuditAnchor } from "./guard/anchor.js";
/** Advanced orders (TWAP, iceberg, trailing stop, conditional) that survive a crash: docs/algos.md. */
export { AlgoRunner, AlgoStore, type AlgoRunnerOptions, type AlgoHandle, type AlgoUpdate, type AlgoState, type AlgoVenue } from "./algos/index.js";
export * as algos from "./algos/index.js";
