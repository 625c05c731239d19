/**
 * `hl docs`: serves the API docs site (Swagger UI, ReDoc, the WebSocket API page) from the
 * installed packages, offline, until SIGINT/SIGTERM. Prints `listening on URL` when ready.
 */
import { startDocsServer } from "../../docs/server.js";
import { report, runCommand, UsageError, type CommandSpec } from "../args.js";

export const spec = {
  name: "docs",
  summary: "Serve the API docs: Swagger UI at /docs/, ReDoc at /docs/redoc, the WebSocket API at /docs/asyncapi.",
  description: 'Offline: every page and script comes from the installed packages. "Try it out" calls the first server of the list: --devnet-url.',
  options: {
    host: { type: "string", value: "HOST", default: "127.0.0.1", description: "address to bind" },
    port: { type: "integer", value: "PORT", default: 8080, min: 0, description: "port to listen on; 0 picks a free one" },
    "devnet-url": {
      type: "string",
      value: "URL",
      description: "API for Try it out, first in Swagger's server list (a devnet answers CORS from loopback pages)",
      defaultText: "env HL_DEVNET_URL, else the document's list",
    },
  },
  examples: ["hl docs", "hl docs --port 8081 --devnet-url http://127.0.0.1:3001"],
} satisfies CommandSpec;

export function run(argv: string[]): Promise<number> {
  return runCommand(spec, argv, async ({ values }) => {
    const devnetUrl = values["devnet-url"] ?? process.env.HL_DEVNET_URL;
    if (devnetUrl !== undefined && !/^https?:\/\/[^/\s]+\/?$/.test(devnetUrl)) {
      return report(new UsageError(`hl docs: --devnet-url ${JSON.stringify(devnetUrl)}: expected an http(s) origin such as http://127.0.0.1:3001`));
    }
    let server;
    try {
      server = await startDocsServer({ host: values.host, port: values.port, ...(devnetUrl ? { devnetUrl } : {}) });
    } catch (e) {
      return report(e, 2);
    }
    console.log(`listening on ${server.url}/docs/`);
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await server.close();
    return 0;
  });
}
