/** The local devnet: a Hyperliquid-compatible exchange for tests, demos and paper trading. */
export { startDevnet, type Devnet, type DevnetOptions, type Faults } from "./server.js";
export { Engine, MARKET_MAKER, type DevnetEvent } from "./engine.js";
export { DEFAULT_MARKETS, type MarketsConfig } from "./markets.js";
export { modeledActions } from "./actions.js";
export { loadDevnetConfig, type DevnetFileConfig } from "./config.js";
export { PaperExchange, type PaperOptions, type PaperStore } from "./paper.js";
