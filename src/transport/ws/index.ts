/** WebSocket transport: subscriptions and posts over reconnecting, heartbeated sockets. */
export { WebSocketManager, MAINNET_WS_URL, TESTNET_WS_URL } from "./manager.js";
export type { WebSocketManagerOptions, WebSocketEvents, SubscribeOptions, StreamOptions, PostOptions } from "./manager.js";
export type { SubscriptionHandle, SubscriptionStream } from "./stream.js";
export type { PostRequestBody, PostResponseBody, CloseInfo } from "./connection.js";
export type { BackoffOptions } from "./backoff.js";
export { backoffDelay } from "./backoff.js";
export type { BufferPolicy } from "./buffer.js";
export { BoundedBuffer } from "./buffer.js";
export type { Subscription } from "./identifiers.js";
export { subscriptionKey, subscriptionRoute, frameRoute, canonicalJson, defaultPolicy } from "./identifiers.js";
