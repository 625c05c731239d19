/** The serve wallet's key sources: stdin's first line, a v3 keystore (password from env or file); no error shows a secret. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { Wallet } from "@ethereumjs/wallet";
import { privateKeyToAddress } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadServeWallet, readFirstLine } from "../../src/signing/key-source.js";

const KEY = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
const ADDRESS = privateKeyToAddress(KEY).toLowerCase();
const PASSWORD = "correct horse battery staple";
const dir = mkdtempSync(join(tmpdir(), "hl-keystore-"));
const keystore = join(dir, "wallet.json");
const passwordFile = join(dir, "password");

beforeAll(async () => {
  const wallet = Wallet.fromPrivateKey(Buffer.from(KEY.slice(2), "hex"));
  // A cheap KDF keeps the test fast; the format is the same as a real keystore's.
  writeFileSync(keystore, await wallet.toV3String(PASSWORD, { kdf: "pbkdf2", c: 1000 }));
  writeFileSync(passwordFile, `${PASSWORD}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function stdinWith(...chunks: string[]): PassThrough {
  const s = new PassThrough();
  for (const c of chunks) s.write(c);
  return s;
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a failure");
}

const text = (e: Error): string => `${e.message} ${JSON.stringify(e)}`;

describe("key sources", () => {
  it("--key-stdin reads the first line only, across chunks", async () => {
    const wallet = await loadServeWallet({ keyStdin: true, stdin: stdinWith(KEY.slice(0, 20), `${KEY.slice(20)}\r\nmore`), env: {} });
    expect(wallet?.address.toLowerCase()).toBe(ADDRESS);
  });

  it("readFirstLine leaves the stream open and ends at end of input", async () => {
    const s = stdinWith("abc");
    s.end();
    expect(await readFirstLine(s)).toBe("abc");
  });

  it("--key-stdin with an empty or bad line fails without echoing it", async () => {
    const empty = stdinWith();
    empty.end();
    expect((await failure(loadServeWallet({ keyStdin: true, stdin: empty, env: {} }))).message).toMatch(/ended before a key/);
    const bad = "0xdeadbeefdeadbeefnotakey";
    const e = await failure(loadServeWallet({ keyStdin: true, stdin: stdinWith(`${bad}\n`), env: {} }));
    expect(e.message).toMatch(/Invalid private key/);
    expect(text(e)).not.toContain(bad);
  });

  it("--keystore decrypts with HL_KEYSTORE_PASSWORD or --password-file", async () => {
    expect((await loadServeWallet({ keystore, env: { HL_KEYSTORE_PASSWORD: PASSWORD } }))?.address.toLowerCase()).toBe(ADDRESS);
    expect((await loadServeWallet({ keystore, passwordFile, env: {} }))?.address.toLowerCase()).toBe(ADDRESS);
  });

  it("a wrong password names the file, never the password or key", async () => {
    const e = await failure(loadServeWallet({ keystore, env: { HL_KEYSTORE_PASSWORD: "hunter2-wrong" } }));
    expect(e.message).toContain(keystore);
    expect(text(e)).toMatch(/wrong password/);
    expect(text(e)).not.toContain("hunter2-wrong");
    expect(text(e)).not.toContain(KEY.slice(2));
  });

  it("no password, a missing file, not a keystore, two sources: clear errors", async () => {
    expect((await failure(loadServeWallet({ keystore, env: {} }))).message).toMatch(/needs a password/);
    expect((await failure(loadServeWallet({ keystore: join(dir, "nope.json"), env: { HL_KEYSTORE_PASSWORD: "x" } }))).message).toMatch(
      /Cannot read the keystore/,
    );
    const notKeystore = join(dir, "not.json");
    writeFileSync(notKeystore, '{"version": 1}');
    expect(text(await failure(loadServeWallet({ keystore: notKeystore, env: { HL_KEYSTORE_PASSWORD: "x" } })))).toMatch(/not a v3 keystore/);
    expect((await failure(loadServeWallet({ keystore, keyStdin: true, env: {} }))).message).toMatch(/exclude each other/);
  });

  it("HL_PRIVATE_KEY, or no wallet", async () => {
    expect((await loadServeWallet({ env: { HL_PRIVATE_KEY: KEY } }))?.address.toLowerCase()).toBe(ADDRESS);
    expect(await loadServeWallet({ env: {} })).toBeUndefined();
  });
});
