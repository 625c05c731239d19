/**
 * Where `hl serve` and the CLI's trading commands get the wallet's key: HL_PRIVATE_KEY, the first line of stdin (--key-stdin:
 * a parent process hands the key over a pipe, never argv or a file), or an Ethereum v3 keystore
 * file (--keystore) with its password from HL_KEYSTORE_PASSWORD or --password-file. The
 * keystore library is imported only when a keystore is given, so a plain start stays fast.
 * No error here carries the key, the password or the keystore's contents.
 */
import { readFileSync } from "node:fs";
import type { Readable } from "node:stream";
import { HyperliquidError } from "../errors/base.js";
import { privateKeyWallet, type HlWallet } from "./wallet.js";

export interface KeySourceOptions {
  /** Read the key from the first line of `stdin`. */
  keyStdin?: boolean;
  /** Path of a v3 keystore JSON file. */
  keystore?: string;
  /** A file whose first line is the keystore's password (else HL_KEYSTORE_PASSWORD). */
  passwordFile?: string;
  env?: NodeJS.ProcessEnv;
  stdin?: Readable;
}

export class KeySourceError extends HyperliquidError {
  override name = "KeySourceError";
}

/** The first line of `input` (without its line break); the rest of the stream is left unread. */
export function readFirstLine(input: Readable, maxBytes = 4096): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    const done = (error?: Error): void => {
      input.off("data", onData);
      input.off("end", onEnd);
      input.off("error", onError);
      input.pause();
      if (error) reject(error);
      else resolve(text.replace(/\r?\n[\s\S]*$/, ""));
    };
    const onData = (chunk: Buffer | string): void => {
      text += chunk.toString();
      if (text.includes("\n")) done();
      else if (text.length > maxBytes)
        done(
          new KeySourceError("--key-stdin: the first line of stdin is too long", {
            details: `expected a key of 66 characters, got more than ${maxBytes} without a line break`,
          }),
        );
    };
    const onEnd = (): void => done();
    const onError = (e: Error): void => done(new KeySourceError("--key-stdin: stdin could not be read", { details: e.message }));
    input.on("data", onData);
    input.once("end", onEnd);
    input.once("error", onError);
  });
}

interface V3Wallet {
  getPrivateKeyString(): string;
}

async function keystoreKey(path: string, password: string): Promise<string> {
  let json: string;
  try {
    json = readFileSync(path, "utf8");
  } catch (e) {
    throw new KeySourceError(`Cannot read the keystore file ${path}`, { details: (e as NodeJS.ErrnoException).code ?? "unreadable" });
  }
  const { Wallet } = (await import("@ethereumjs/wallet")) as { Wallet: { fromV3(json: string, password: string, nonStrict?: boolean): Promise<V3Wallet> } };
  try {
    return (await Wallet.fromV3(json, password, true)).getPrivateKeyString();
  } catch (e) {
    // The library's messages name no secret, but keep only a fixed set of reasons to be sure.
    const text = e instanceof Error ? e.message : "";
    const reason = /passphrase|password|mac/i.test(text)
      ? "wrong password (the MAC does not match)"
      : /v3|json|version|kdf|scheme|cipher|unexpected|pbkdf2/i.test(text)
        ? "not a v3 keystore JSON file"
        : "the keystore could not be decrypted";
    throw new KeySourceError(`Cannot decrypt the keystore file ${path}`, {
      details: reason,
      hint: "Check HL_KEYSTORE_PASSWORD or --password-file (the password is not shown).",
    });
  }
}

function passwordOf(options: KeySourceOptions): string {
  if (options.passwordFile) {
    try {
      return readFileSync(options.passwordFile, "utf8").replace(/\r?\n[\s\S]*$/, "");
    } catch (e) {
      throw new KeySourceError(`Cannot read the password file ${options.passwordFile}`, { details: (e as NodeJS.ErrnoException).code ?? "unreadable" });
    }
  }
  const password = (options.env ?? process.env).HL_KEYSTORE_PASSWORD;
  if (password === undefined) throw new KeySourceError("--keystore needs a password", { hint: "Set HL_KEYSTORE_PASSWORD or give --password-file FILE." });
  return password;
}

/** The server's wallet from the configured source, or undefined when none is configured. */
export async function loadServeWallet(options: KeySourceOptions): Promise<HlWallet | undefined> {
  const chosen = [options.keyStdin && "--key-stdin", options.keystore && "--keystore"].filter(Boolean);
  if (chosen.length > 1) throw new KeySourceError(`${chosen.join(" and ")} exclude each other`, { hint: "Give one source of the key." });
  if (options.keyStdin) {
    const line = (await readFirstLine(options.stdin ?? process.stdin)).trim();
    if (!line)
      throw new KeySourceError("--key-stdin: stdin ended before a key was read", { hint: "Write the key (0x + 64 hex digits) and a line break to stdin." });
    return privateKeyWallet(line);
  }
  if (options.keystore) return privateKeyWallet(await keystoreKey(options.keystore, passwordOf(options)));
  const key = (options.env ?? process.env).HL_PRIVATE_KEY;
  return key ? privateKeyWallet(key) : undefined;
}
