/** Per-request limit: a source that accepts the connection but never answers must not stall the loop. */
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * GETs JSON from a subsystem's API. Throws (for the poll loop to count and back off) on network errors,
 * timeouts, non-2xx answers and bodies that are not JSON.
 */
export async function getJson(url: string, signal: AbortSignal): Promise<unknown> {
  const res = await fetch(url, {
    headers: { accept: 'application/json' },
    signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}: ${text.slice(0, 200)}`);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new Error(`GET ${url} answered with invalid JSON: ${(err as Error).message}`, { cause: err });
  }
}
