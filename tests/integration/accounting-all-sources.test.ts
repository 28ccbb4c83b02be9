import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedHealth } from '../../src/contract/feed-health';
import type { DeadLetterPage } from '../../src/contract/rest';
import type { SourceId } from '../../src/contract/source';
import { eventually } from '../helpers/eventually';
import { getJson } from '../helpers/hotline-orders';
import { startTestServer, type TestServer } from '../helpers/test-server';

/**
 * Nothing is dropped silently: every simulator at once, each over its own transport (webhooks, polled vendor APIs,
 * MQTT, CAP XML), with one record in five defective, and for every source the feed's books balance —
 * received = accepted + duplicates + quarantined — with every quarantined record in the dead-letter store.
 */
const SIMULATED: SourceId[] = ['hotline', 'city-management', 'grid', 'traffic', 'video', 'iot', 'warnings'];
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    SIMULATORS: 'true',
    SIM_RATE: '20',
    SIM_DEFECT_RATE: '0.2',
    CONNECTOR_POLL_MS: '250',
    VIDEO_CATALOGUE_REFRESH_MS: '2000',
  });
});
afterAll(async () => {
  await server?.stop();
});

const feeds = async () => (await getJson<FeedHealth[]>(`${server.url}/api/feeds`)).body;

describe('the books of every source under a mixed good and bad stream', () => {
  it('balance, and every quarantined record is a dead letter', { timeout: 120_000 }, async () => {
    await eventually(
      'records, good and bad, from every simulated source',
      async () => {
        const all = await feeds();
        return SIMULATED.every((s) => {
          const f = all.find((x) => x.source === s)!;
          // The warning system sends a heartbeat a minute (one record may be all it has sent so far), and grid
          // workers report cases only on their shifts (08–21 local): outside them, positions are all the grid sends.
          return f.accepted > 0 && (s === 'warnings' || s === 'grid' || f.quarantined > 0);
        });
      },
      { timeoutMs: 90_000, everyMs: 500 },
    );
    // Mid-stream the books balance too: a record is counted once, in one outcome, when its batch commits.
    for (const f of await feeds())
      expect(f.received, f.source).toBe(f.accepted + f.duplicates + f.quarantined);

    // Quiet the sources, then compare with the dead-letter store.
    for (const s of SIMULATED) await server.app.simulators.stop(s);
    await new Promise((r) => setTimeout(r, 1_000));
    const all = await feeds();
    for (const f of all) {
      expect(f.received, f.source).toBe(f.accepted + f.duplicates + f.quarantined);
      const letters = await getJson<DeadLetterPage>(
        `${server.url}/api/dead-letters?source=${f.source}&limit=1`,
      );
      // One record may break several ways (each its own letter); none is quarantined without one.
      expect(letters.body.total, f.source).toBeGreaterThanOrEqual(f.quarantined);
    }
    const hotline = all.find((f) => f.source === 'hotline')!;
    expect(hotline.quarantined / hotline.received).toBeGreaterThan(0.05);
  });
});
