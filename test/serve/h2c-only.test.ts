/** startServer({ h2cOnly }): gRPC over the native http2 socket (no HTTP/1.1 sniffing), as the Python sidecar runs it. */
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { describe, expect, it } from "vitest";
import { Health, HealthCheckResponse_ServingStatus as Status } from "../../generated/connect/grpc/health/v1/health_pb.js";
import { InfoClient } from "../../src/clients/info.js";
import { HyperliquidError } from "../../src/errors/base.js";
import { HttpTransport } from "../../src/transport/http/http-transport.js";
import { startServer } from "../../src/serve/server.js";

const TOKEN = "t".repeat(32);
// Nothing here reaches the API: health is answered by the server itself.
const info = new InfoClient({ transport: new HttpTransport({ url: "http://127.0.0.1:9" }) });

describe("h2cOnly", () => {
  it("answers gRPC, refuses HTTP/1.1, and closes", async () => {
    const server = await startServer({ port: 0, info, token: TOKEN, h2cOnly: true, closeGraceMs: 500 });
    try {
      const health = createClient(Health, createGrpcTransport({ baseUrl: server.url }));
      expect((await health.check({})).status).toBe(Status.SERVING);
      // An HTTP/1.1 request is not HTTP/2's preface: the session fails, no answer.
      await expect(
        fetch(`${server.url}/grpc.health.v1.Health/Check`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } }),
      ).rejects.toThrow();
    } finally {
      await server.close();
    }
  });

  it("is refused together with TLS", async () => {
    await expect(startServer({ port: 0, info, token: TOKEN, h2cOnly: true, tls: { cert: "x", key: "y" } })).rejects.toBeInstanceOf(HyperliquidError);
  });
});
