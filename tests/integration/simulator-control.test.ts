import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CityPackManifest } from '../../src/contract/city-pack';
import type { Event } from '../../src/contract/event';
import type { FeedHealth } from '../../src/contract/feed-health';
import type { EventPage, SimulatorStatus } from '../../src/contract/rest';
import { SUBSYSTEMS } from '../../mock-server/subsystems';
import { authHeaders } from '../helpers/auth';
import { copyCityPack } from '../helpers/city-pack-copy';
import { eventually } from '../helpers/eventually';
import { getJson } from '../helpers/hotline-orders';
import { startTestServer, type TestServer } from '../helpers/test-server';

/**
 * Stopping one simulator at run time: its feed turns stale on the wall after its multiple of the expected interval;
 * started again (here through the CLI), it delivers what its platform took meanwhile — the 12345 platform's outbox —
 * and turns healthy, with every order stored exactly once.
 */
let pack: ReturnType<typeof copyCityPack>;
let server: TestServer;

beforeAll(async () => {
  pack = copyCityPack();
  // Short intervals so the test need not wait minutes: an order every 20–200 ms (by the hour), stale after 3 × 400 ms.
  pack.edit<CityPackManifest>('pack.json', (m) => ({
    ...m,
    feeds: { ...m.feeds, hotline: { expectedIntervalMs: 400 } },
  }));
  server = await startTestServer(
    { CITY_PACKS_DIR: pack.root, SIMULATORS: 'true', SIM_RATE: '400', SIM_DEFECT_RATE: '0' },
    undefined,
    {
      subsystems: SUBSYSTEMS.map((s) => (s.source === 'hotline' ? s : { ...s, createSimulator: undefined })),
    },
  );
});
afterAll(async () => {
  await server?.stop();
  pack.remove();
});

const hotline = async () =>
  (await getJson<FeedHealth[]>(`${server.url}/api/feeds`)).body.find((f) => f.source === 'hotline')!;
const control = async (action: 'stop' | 'start') => {
  const res = await fetch(`${server.url}/api/simulators/hotline/${action}`, {
    method: 'POST',
    headers: { ...authHeaders(server.admin), 'content-type': 'application/json' },
    body: '{}',
  });
  return { status: res.status, body: (await res.json()) as SimulatorStatus };
};

describe('stopping and starting a simulator at run time', () => {
  it(
    'turns the feed stale, then healthy again with the missed orders caught up exactly once',
    { timeout: 60_000 },
    async () => {
      await eventually('a healthy hotline feed', async () => {
        const f = await hotline();
        return f.state === 'healthy' && f.accepted > 20;
      });
      expect(await control('stop')).toEqual({ status: 200, body: { source: 'hotline', running: false } });
      const stoppedAt = Date.now();
      await eventually('a stale hotline feed', async () => (await hotline()).state === 'stale');
      const stale = await hotline();
      expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(stale.staleAfterMs - 100);
      // The platform keeps taking calls while its delivery is stopped.
      await new Promise((r) => setTimeout(r, 2_000));
      const restartedAt = Date.now();

      // Started again through the CLI, as an operator would.
      const cli = await promisify(execFile)('npx', ['tsx', 'scripts/sim.ts', 'start', 'hotline'], {
        env: { ...process.env, CITY_BRAIN_URL: server.url },
      });
      expect(cli.stdout).toContain('hotline: running');
      await eventually('a healthy hotline feed again', async () => (await hotline()).state === 'healthy');
      // The outbox is delivered in order: once an order taken after the restart is stored, the backlog is through.
      await eventually('the backlog delivered', async () => {
        const newest = await getJson<EventPage>(`${server.url}/api/events?source=hotline&limit=1`);
        const at = newest.body.items[0]?.reportedAt;
        return at !== undefined && Date.parse(at) > restartedAt + 1_000;
      });
      expect(await control('stop')).toMatchObject({ body: { running: false } });

      const feed = await hotline();
      const events: Event[] = [];
      for (let offset = 0; ; offset += 500) {
        const page = await getJson<EventPage>(
          `${server.url}/api/events?source=hotline&limit=500&offset=${offset}`,
        );
        events.push(...page.body.items);
        if (events.length >= page.body.total) break;
      }
      // Every order stored once: nothing re-sent twice, nothing lost (the platform numbers its orders in sequence).
      expect(feed).toMatchObject({ duplicates: 0, quarantined: 0 });
      expect(events.length).toBe(feed.accepted);
      const serials = events
        .map((e) => /^SH\d{12}(\d{5})$/.exec(e.nativeId)?.[1])
        .filter((n): n is string => n !== undefined)
        .map(Number)
        .sort((a, b) => a - b);
      expect(serials.length).toBeGreaterThan(20);
      expect(serials).toEqual(Array.from({ length: serials.length }, (_, i) => i + 1));
      // Orders taken while stopped were delivered when it started again.
      const taken = events.filter((e) => {
        const t = Date.parse(e.reportedAt);
        return t > stoppedAt + 100 && t < restartedAt - 100;
      });
      expect(taken.length).toBeGreaterThan(3);
    },
  );

  it('lists the simulators, and answers 404 for one that does not run here', async () => {
    const list = await getJson<SimulatorStatus[]>(`${server.url}/api/simulators`);
    expect(list.body).toEqual([{ source: 'hotline', running: false }]);
    const res = await fetch(`${server.url}/api/simulators/video/stop`, {
      method: 'POST',
      headers: { ...authHeaders(server.admin), 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(404);
  });
});
