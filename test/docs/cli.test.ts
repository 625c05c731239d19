/** `hl docs` as a child process: prints `listening on URL/docs/`, serves the site, stops on SIGTERM. */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { projectRoot } from "../helpers/shared.js";

describe("hl docs", () => {
  it("serves the docs with the given devnet first in the server list, until SIGTERM", async () => {
    const child = spawn(process.execPath, ["bin/hl.js", "docs", "--port", "0", "--devnet-url", "http://127.0.0.1:3999"], { cwd: projectRoot });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        const timer = setTimeout(() => reject(new Error(`no listening line: ${out}`)), 30_000);
        child.stdout.on("data", (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/127\.0\.0\.1:\d+)\/docs\//.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.once("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const doc = (await (await fetch(`${url}/docs/openapi.json`)).json()) as { servers: { url: string }[] };
      expect(doc.servers[0]!.url).toBe("http://127.0.0.1:3999");
      expect((await fetch(`${url}/docs/redoc`)).status).toBe(200);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    }
  }, 60_000);

  it("refuses a --devnet-url that is not an http origin (exit 2)", async () => {
    const res = await runCli(["docs", "--devnet-url", "ftp://127.0.0.1:3001"]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--devnet-url.*http/);
  });
});
