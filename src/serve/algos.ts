/**
 * AlgoService (schema/hl/serve/v1/algos.proto): the server's AlgoRunner over Connect / gRPC.
 * Start launches an algorithm on the server's wallet (through its guard rails when it has
 * them), List reads the store, Cancel stops one (an algorithm of another process's runner on
 * the same store gets the store's cancel flag, acted on at that runner's next poll), Watch
 * streams a snapshot then every update. The bearer token is required (server.ts: every service
 * outside the read set needs it).
 */
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ConnectRouter, type HandlerContext, type ServiceImpl } from "@connectrpc/connect";
import { AlgoService, AlgoUpdateSchema, type AlgoUpdate as ProtoUpdate } from "../../generated/connect/hl/serve/v1/algos_pb.js";
import { paramError, type AlgoStatus } from "../algos/core.js";
import type { AlgoHandle, AlgoUpdate } from "../algos/handle.js";
import type { AlgoRunner } from "../algos/runner.js";
import type { AlgoStore } from "../algos/store.js";
import { algoInfo, conditionalParams, icebergParams, nativeTwapParams, trailingParams, twapParams } from "./algo-specs.js";
import { toConnectError } from "./errors.js";
import { StreamQueue } from "./stream-queue.js";

export interface AlgoServiceOptions {
  /** Started by the caller (it resumes the store's running algorithms); the server does not stop it. */
  runner: AlgoRunner;
  /** The runner's store (List and Cancel read it). */
  store: AlgoStore;
  /** Updates waiting for a slow Watch client before its stream ends with ResourceExhausted (default 4096). */
  maxQueued?: number;
}

const STATUSES: readonly AlgoStatus[] = ["running", "done", "canceled", "failed"];

function startWith(runner: AlgoRunner, req: Parameters<ServiceImpl<typeof AlgoService>["start"]>[0]): Promise<AlgoHandle> {
  const options = req.id ? { id: req.id } : {};
  const spec = req.spec;
  switch (spec.case) {
    case "twap":
      return spec.value.native ? runner.nativeTwap(nativeTwapParams(spec.value), options) : runner.twap(twapParams(spec.value), options);
    case "iceberg":
      return runner.iceberg(icebergParams(spec.value), options);
    case "trailing":
      return runner.trailingStop(trailingParams(spec.value), options);
    case "conditional":
      return runner.when(conditionalParams(spec.value), options);
    default:
      throw paramError("spec", undefined, "one of twap, iceberg, trailing, conditional");
  }
}

export function algoServiceImpl(options: AlgoServiceOptions, shutdown: AbortSignal): ServiceImpl<typeof AlgoService> {
  const { runner, store } = options;
  const toUpdate = (u: AlgoUpdate): ProtoUpdate | undefined => {
    const h = runner.handle(u.id);
    if (!h) return undefined;
    return create(AlgoUpdateSchema, { algo: algoInfo(h.state, h, undefined, u.reason), cause: u.cause, commands: u.commands });
  };
  return {
    async start(req) {
      try {
        const h = await startWith(runner, req);
        return algoInfo(h.state, h);
      } catch (e) {
        throw toConnectError(e);
      }
    },

    list(req) {
      const status = req.status === "" ? undefined : STATUSES.find((s) => s === req.status);
      if (req.status !== "" && status === undefined) throw toConnectError(paramError("status", req.status, STATUSES.join(", ")));
      const algos = store.list(status).flatMap((row) => {
        const h = runner.handle(row.id);
        const state = h?.state ?? store.load(row.id);
        return state ? [algoInfo(state, h, row)] : [];
      });
      return { algos };
    },

    async cancel(req) {
      const h = runner.handle(req.id);
      if (h) {
        if (h.status === "running") await h.cancel();
        return algoInfo(h.state, h);
      }
      const state = store.load(req.id);
      if (!state) throw new ConnectError(`no algorithm ${JSON.stringify(req.id)} in the server's store`, Code.NotFound);
      // Run by another process on this store: its runner cancels it on its next poll.
      const requested = state.status === "running" && store.requestCancel(req.id);
      return algoInfo(state, undefined, undefined, requested ? "cancel requested through the store (another runner owns it)" : undefined);
    },

    async *watch(req, ctx: HandlerContext) {
      const queue = new StreamQueue<ProtoUpdate>(options.maxQueued ?? 4096, "updates");
      const one = req.id === "" ? undefined : runner.handle(req.id);
      if (req.id !== "" && !one) {
        const state = store.load(req.id);
        if (!state) throw new ConnectError(`no algorithm ${JSON.stringify(req.id)} in the server's store`, Code.NotFound);
        // Not this runner's (finished, or another process's): its stored snapshot only.
        yield create(AlgoUpdateSchema, { algo: algoInfo(state, undefined), cause: "snapshot" });
        return;
      }
      const listener = (u: AlgoUpdate): void => {
        const m = toUpdate(u);
        if (m) queue.push(m);
        if (one && u.status !== "running") queue.end();
      };
      const off = one ? one.on(listener) : runner.watch(listener);
      const stop = (): void => queue.end();
      ctx.signal.addEventListener("abort", stop, { once: true });
      shutdown.addEventListener("abort", stop, { once: true });
      try {
        for (const h of one ? [one] : runner.handles()) yield create(AlgoUpdateSchema, { algo: algoInfo(h.state, h), cause: "snapshot" });
        if (one && one.status !== "running") return;
        yield* queue.drain();
      } finally {
        off();
        ctx.signal.removeEventListener("abort", stop);
        shutdown.removeEventListener("abort", stop);
      }
    },
  };
}

/** Registers AlgoService: the runner's, or Unimplemented when the server runs none. */
export function registerAlgos(router: ConnectRouter, options: AlgoServiceOptions | undefined, shutdown: AbortSignal): void {
  if (options) {
    router.service(AlgoService, algoServiceImpl(options, shutdown));
    return;
  }
  const none = (): ConnectError => new ConnectError("this server runs no algorithms (start hl serve with a wallet and --algo-state FILE)", Code.Unimplemented);
  router.service(AlgoService, {
    start: () => Promise.reject(none()),
    list: () => Promise.reject(none()),
    cancel: () => Promise.reject(none()),
    // eslint-disable-next-line require-yield -- the stream fails before its first event
    async *watch() {
      throw none();
    },
  });
}
