/**
 * The original api/ YAML is in schema/ already: importing it again would change nothing
 * (scripts/import-api-yaml.ts --check), and what it imported reached openapi.json.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { sharedDir, skipShared } from "../helpers/shared.js";
import { readDoc, type Obj } from "./openapi-doc.js";

const run = promisify(execFile);
const root = new URL("../..", import.meta.url).pathname;

describe.skipIf(skipShared)("import of the original api/ YAML", () => {
  it("is idempotent: a second import changes nothing", async () => {
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", join(root, "scripts/import-api-yaml.ts"), "--check", join(sharedDir, "conformance/original-api-yaml")],
      {
        cwd: root,
      },
    );
    expect(stdout).toContain("already has");
  }, 60_000);

  it("reached openapi.json: summaries and examples of the YAML's types", () => {
    const paths = readDoc("openapi.json").paths as Record<string, { post: Obj }>;
    expect(paths["/info#l2Book"]!.post.summary).toBe("Retrieve L2 book snapshot.");
    const body = (((paths["/info#candleSnapshot"]!.post.requestBody as Obj).content as Obj)["application/json"] as Obj).example as Obj;
    expect(body).toEqual({ type: "candleSnapshot", req: { coin: "BTC", interval: "15m", startTime: 1681923833000, endTime: 1681923833000 } });
  });
});
