/**
 * A server of the docs site alone (`hl docs`): the /docs handler on node:http, / redirecting to
 * /docs/. Binds 127.0.0.1 unless told otherwise.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createDocsHandler, type DocsOptions } from "./handler.js";

export interface DocsServerOptions extends DocsOptions {
  host?: string;
  /** 0 picks a free port. Default 8080. */
  port?: number;
}

export interface DocsServer {
  /** e.g. http://127.0.0.1:8080 (the site is at `${url}/docs/`). */
  url: string;
  close(): Promise<void>;
}

export async function startDocsServer(options: DocsServerOptions = {}): Promise<DocsServer> {
  const docs = createDocsHandler(options);
  const base = (options.base ?? "/docs").replace(/\/+$/, "");
  const server = createServer((req, res) => {
    if (docs(req, res)) return;
    if (req.url === "/" || req.url === "") {
      res.writeHead(302, { location: `${base}/` });
      res.end();
      return;
    }
    res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
    res.end("Not found: the docs are at /docs/");
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 8080, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
