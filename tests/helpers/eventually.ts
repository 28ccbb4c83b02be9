/**
 * Waits until `check` holds, re-checking every `everyMs`; rejects with `what` and the last failure after
 * `timeoutMs`. For conditions reached through real transports (polls, pushes), never to assert on timing.
 */
export async function eventually(
  what: string,
  check: () => Promise<boolean> | boolean,
  { timeoutMs = 15_000, everyMs = 50 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      if (await check()) return;
      last = null;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
