/** Test helpers for Connect calls. */
import { ConnectError } from "@connectrpc/connect";

/** The ConnectError a call fails with; throws when the call succeeds. */
export async function codeOf(p: Promise<unknown>): Promise<ConnectError> {
  try {
    await p;
  } catch (e) {
    return ConnectError.from(e);
  }
  throw new Error("the call succeeded");
}
