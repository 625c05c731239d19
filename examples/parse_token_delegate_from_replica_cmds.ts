/**
 * Python examples/parse_token_delegate_from_replica_cmds.py --data-dir D --start-height S
 * --end-height E: total each user's HYPE delegations per validator from a node's replica
 * commands, recovering the user from each tokenDelegate signature.
 *
 * Offline: reads the batch files already decompressed (`lz4 -d 10001.lz4 10001`; the SDK has
 * no LZ4 codec). `npm run examples` writes such files with actions it signed.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { recoverUserSignedSigner, type Signature } from "../src/index.js";
import { run } from "./_config.js";

const REPLICA_CMD_BATCH_SIZE = 10000;

interface SignedAction {
  action: { type: string; validator?: string; wei?: number; isUndelegate?: boolean; signatureChainId?: string };
  signature: Signature;
}

run(async () => {
  const { values } = parseArgs({ options: { "data-dir": { type: "string" }, "start-height": { type: "string" }, "end-height": { type: "string" } } });
  const dataDir = values["data-dir"];
  const startHeight = Number(values["start-height"]);
  const endHeight = Number(values["end-height"]);
  if (!dataDir || !Number.isInteger(startHeight) || !Number.isInteger(endHeight)) throw new Error("usage: --data-dir DIR --start-height N --end-height M");
  // As in the Python script: batch files start one past a multiple of the batch size.
  if (startHeight % REPLICA_CMD_BATCH_SIZE === 0) throw new Error("start height is not aligned with replica cmd batch size");
  if (endHeight % REPLICA_CMD_BATCH_SIZE === 0) throw new Error("end height is not aligned with replica cmd batch size");

  const files: string[] = [];
  for (let height = startHeight; height < endHeight; height += REPLICA_CMD_BATCH_SIZE) {
    const file = join(dataDir, String(height));
    if (!existsSync(file)) {
      const hint = existsSync(`${file}.lz4`) ? `decompress it first: lz4 -d ${file}.lz4 ${file}` : "download it from s3://hl-[testnet | mainnet]-replica-cmds";
      throw new Error(`replica cmds file at ${height} not found: ${hint}`);
    }
    files.push(file);
  }

  const totals: Record<string, Record<string, number>> = {};
  for (const file of files) {
    for (const line of readFileSync(file, "utf8").split("\n")) {
      if (!line.includes("tokenDelegate")) continue;
      const block = JSON.parse(line) as { abci_block: { signed_action_bundles: [string, { signed_actions: SignedAction[] }][] } };
      for (const [, bundle] of block.abci_block.signed_action_bundles) {
        for (const { action, signature } of bundle.signed_actions) {
          if (action.type !== "tokenDelegate" || !action.signatureChainId) continue;
          const user = recoverUserSignedSigner({ ...action, signatureChainId: action.signatureChainId }, signature);
          if (!user || !action.validator || typeof action.wei !== "number") continue;
          const amount = (action.isUndelegate ? -action.wei : action.wei) / 100_000_000; // HYPE has 8 wei decimals
          const byValidator = (totals[user.toLowerCase()] ??= {});
          byValidator[action.validator] = (byValidator[action.validator] ?? 0) + amount;
        }
      }
    }
  }
  console.log("user to validator to amount delegated", JSON.stringify(totals));
});
