import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTAKE_KEY_HEADER } from '../../src/contract/auth';
import type { FeedHealth } from '../../src/contract/feed-health';
import type { SourceId } from '../../src/contract/source';
import { getJson } from '../helpers/hotline-orders';
import { startTestServer, type TestServer } from '../helpers/test-server';

/**
 * Every intake endpoint has a body limit: a body over it is refused with 413 PAYLOAD_TOO_LARGE (and, for a source's
 * webhook, counted on its feed and dead-lettered, so a refusal is never silent) — whatever its size, the server reads
 * no more than the limit.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

/** Larger than any intake's limit (the traffic police's minute batches have the largest: 16 MB). */
const OVERSIZED = 17 * 1024 * 1024;

describe('body limits of the intake endpoints', () => {
  it('refuses an oversized body with 413 on every source webhook, counting it on the feed', async () => {
    const intake = server.app.security.routes
      .filter((r) => r.method === 'POST' && r.url.startsWith('/api/intake/'))
      .map((r) => r.url);
    expect(intake.length).toBeGreaterThanOrEqual(4);
    const body = Buffer.alloc(OVERSIZED, 0x20);
    for (const url of intake) {
      const source = url.split('/').pop() as SourceId;
      const res = await fetch(`${server.url}${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [INTAKE_KEY_HEADER]: server.intakeKey(source) },
        body,
      });
      expect(res.status, url).toBe(413);
      expect(((await res.json()) as { error: { code: string } }).error.code, url).toBe('PAYLOAD_TOO_LARGE');
      const feed = (await getJson<FeedHealth[]>(`${server.url}/api/feeds`)).body.find(
        (f) => f.source === source,
      )!;
      expect(feed.quarantined, url).toBeGreaterThanOrEqual(1);
    }
  });

  it('refuses an oversized body streamed without a length (chunked) too', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 2 * 1024 * 1024) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const res = await fetch(`${server.url}/api/intake/hotline`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [INTAKE_KEY_HEADER]: server.intakeKey('hotline') },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('refuses an oversized Open311 service request with 413', async () => {
    for (const format of ['json', 'xml']) {
      const res = await fetch(`${server.url}/api/open311/v2/requests.${format}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `api_key=x&description=${'x'.repeat(64 * 1024)}`,
      });
      expect(res.status, format).toBe(413);
    }
  });
});
