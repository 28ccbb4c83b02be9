import type { Logger } from 'pino';
import { recordSend } from './send-log';

/**
 * Posts records the way a subsystem's outbound webhook does: retries on network errors and 5xx with backoff,
 * never on 4xx (the receiver has judged the record; it is in its dead-letter store).
 */
export async function postWithRetry(
  url: string,
  body: string,
  contentType: string,
  log: Logger,
  signal: AbortSignal,
  /** Extra headers, e.g. the intake API key (`ctx.intakeHeaders(source)`). */
  headers: Record<string, string> = {},
  attempts = 5,
): Promise<number | null> {
  for (let attempt = 1; attempt <= attempts && !signal.aborted; attempt++) {
    try {
      // Logged before sending too (status 0): a record stored by a receiver killed before it could answer was sent.
      recordSend({ kind: 'push', url, status: 0, contentType, body });
      const res = await fetch(url, {
        method: 'POST',
        headers: { ...headers, 'content-type': contentType },
        body,
        signal,
      });
      await res.arrayBuffer();
      if (res.status < 500) {
        recordSend({ kind: 'push', url, status: res.status, contentType, body });
        return res.status;
      }
      log.warn({ url, status: res.status, attempt }, 'receiver error; retrying');
    } catch (err) {
      if (signal.aborted) return null;
      log.warn({ url, err: (err as Error).message, attempt }, 'post failed; retrying');
    }
    await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
  }
  return null;
}
