/**
 * A bare WebSocket client over a TCP socket, for the hostile-input tests: it can write many
 * frames in one TCP write (deterministic batching) and stop reading (a slow consumer), which
 * the `ws` client does not expose.
 */
import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";

export interface RawWs {
  socket: Socket;
  /** Text frames received so far (while reading). */
  frames: string[];
  closed: Promise<void>;
  isClosed(): boolean;
  /** Writes every message as one TCP write. */
  send(...messages: string[]): void;
  waitFor(predicate: (frames: string[]) => boolean, ms?: number): Promise<void>;
}

/** A masked client text frame (mask 0: payload bytes unchanged). */
function frame(text: string): Buffer {
  const payload = Buffer.from(text, "utf8");
  const n = payload.length;
  const head =
    n < 126
      ? Buffer.from([0x81, 0x80 | n])
      : n < 65536
        ? Buffer.from([0x81, 0x80 | 126, n >> 8, n & 255])
        : Buffer.concat([Buffer.from([0x81, 0x80 | 127]), bigLength(n)]);
  return Buffer.concat([head, Buffer.alloc(4), payload]);
}

function bigLength(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}

export async function rawWs(wsUrl: string, options: { read?: boolean } = {}): Promise<RawWs> {
  const url = new URL(wsUrl);
  const socket = connect(Number(url.port), url.hostname);
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  socket.on("error", () => undefined);
  const key = randomBytes(16).toString("base64");
  socket.write(
    `GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  let buffer = Buffer.alloc(0);
  let upgraded = false;
  const frames: string[] = [];
  let closed = false;
  const closedPromise = new Promise<void>((resolve) => socket.once("close", () => ((closed = true), resolve())));
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const end = buffer.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = buffer.subarray(0, end).toString();
        if (!head.startsWith("HTTP/1.1 101")) return reject(new Error(head.split("\r\n")[0]));
        upgraded = true;
        buffer = buffer.subarray(end + 4);
        resolve();
      }
      // Server frames are unmasked; text and close are all these tests need.
      for (;;) {
        if (buffer.length < 2) return;
        let len = buffer[1]! & 0x7f;
        let off = 2;
        if (len === 126) {
          if (buffer.length < 4) return;
          len = buffer.readUInt16BE(2);
          off = 4;
        } else if (len === 127) {
          if (buffer.length < 10) return;
          len = Number(buffer.readBigUInt64BE(2));
          off = 10;
        }
        if (buffer.length < off + len) return;
        if ((buffer[0]! & 0x0f) === 1) frames.push(buffer.subarray(off, off + len).toString("utf8"));
        buffer = buffer.subarray(off + len);
      }
    };
    socket.on("data", onData);
    socket.once("close", () => reject(new Error("closed before the upgrade")));
  });
  if (options.read === false) socket.pause();
  return {
    socket,
    frames,
    closed: closedPromise,
    isClosed: () => closed,
    send: (...messages) => void socket.write(Buffer.concat(messages.map(frame))),
    async waitFor(predicate, ms = 5000) {
      const until = Date.now() + ms;
      while (!predicate(frames)) {
        if (Date.now() > until) throw new Error(`timed out; last frames: ${frames.slice(-3).join(" | ").slice(0, 500)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
}
