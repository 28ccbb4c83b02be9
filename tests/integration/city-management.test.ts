import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventQuery } from '../../src/contract/rest';
import { loadCityPack, type CityPack } from '../../mock-server/city-packs/load';
import { buildApp } from '../../mock-server/app';
import { parseConfig } from '../../mock-server/config';
import { VendorHttpServer } from '../../mock-server/simulation/vendor-http';
import { cityManagement } from '../../mock-server/subsystems/city-management';
import { cityManagementAdapter } from '../../mock-server/subsystems/city-management/adapter';
import { CURSOR, OVERLAP_S } from '../../mock-server/subsystems/city-management/connector';
import { CASES_PATH, type CityManagementCase } from '../../mock-server/subsystems/city-management/native';
import { CityManagementWorld, parseCaseQuery } from '../../mock-server/subsystems/city-management/simulator';
import { eventually } from '../helpers/eventually';
import { startTestServer, type TestServer } from '../helpers/test-server';

const SOURCE = 'city-management';
let pack: CityPack;
let world: CityManagementWorld;
/** The platform's clock: the test moves it to make cases change state. */
let clock = Date.parse('2026-11-24T01:00:00Z');
/** Every query the platform answered, in order. */
const queries: { updatedSince: number; page: number }[] = [];
let vendor: VendorHttpServer;
let vendorUrl: string;

beforeAll(async () => {
  pack = loadCityPack('shanghai');
  world = new CityManagementWorld(pack, 31, 1);
  // The simulated platform's own route, wrapped to record what the connector asks.
  vendor = new VendorHttpServer(
    SOURCE,
    {
      [CASES_PATH]: (query) => {
        const q = parseCaseQuery(query);
        if (typeof q === 'string') return { status: 400, body: { code: 400, msg: q } };
        queries.push({ updatedSince: q.updatedSince, page: q.page });
        return { status: 200, body: world.page(clock, q) };
      },
    },
    pino({ level: 'silent' }),
  );
  vendorUrl = await vendor.start();
});
afterAll(async () => {
  await vendor.stop();
});

const start = (dataDir?: string) =>
  startTestServer({ CITY_MANAGEMENT_URL: vendorUrl, CONNECTOR_POLL_MS: '100' }, dataDir);

const countEvents = async (s: TestServer) =>
  (await s.app.events.list(EventQuery.parse({ source: SOURCE, limit: '1' }))).total;

/** What the platform serves now, split by what the adapter makes of it. */
function served(now: number): { good: CityManagementCase[]; bad: number } {
  const cases = world.casesAt(now);
  const good = cases.filter((c) => cityManagementAdapter.adapt(c, { pack }).ok);
  return { good, bad: cases.length - good.length };
}

function balanced(s: TestServer): boolean {
  const f = s.app.health.get(SOURCE);
  return f.received === f.accepted + f.duplicates + f.quarantined;
}

describe('数字城管 over REST polling', () => {
  it('stores every good case once, quarantines the bad ones, picks up state changes and resumes from its cursor', async () => {
    const first = await start();
    const at0 = served(clock);
    expect(at0.good.length).toBeGreaterThan(100);
    expect(at0.bad).toBeGreaterThan(0);
    await eventually('the first full sync', async () => (await countEvents(first)) === at0.good.length);
    await eventually('every defective case in quarantine', async () => {
      const letters = await first.app.deadLetters.list({ source: SOURCE, limit: 500, offset: 0 });
      return letters.total >= at0.bad;
    });
    // Paging: the first sync read more than one page.
    expect(queries.filter((q) => q.updatedSince === 0).length).toBeGreaterThan(1);
    expect(first.app.health.get(SOURCE)).toMatchObject({ connected: true, state: 'healthy' });

    // Re-polls of an unchanged platform re-read only the overlap, as duplicates.
    const polls = queries.length;
    await eventually('three more polls', () => queries.length >= polls + 3);
    expect(await countEvents(first)).toBe(at0.good.length);
    expect(queries.at(-1)!.updatedSince).toBe(Math.floor(clock / 1000) - OVERLAP_S);
    expect(balanced(first)).toBe(true);

    // Time passes on the platform: cases move on, new ones arrive.
    const open = at0.good.find((c) => c.statusCode < 5)!;
    clock += 40 * 60_000;
    const at1 = served(clock);
    const moved = at1.good.find((c) => c.caseCode === open.caseCode)!;
    expect(moved.statusCode).toBeGreaterThan(open.statusCode);
    const codes = new Set([...at0.good, ...at1.good].map((c) => c.caseCode));
    await eventually('the updates and the new cases', async () => {
      const e = await first.app.events.get(`${SOURCE}:${open.caseCode}`);
      return e?.attributes['nativeStatus'] === moved.statusName && (await countEvents(first)) === codes.size;
    });
    const updated = (await first.app.events.get(`${SOURCE}:${open.caseCode}`))!;
    expect(updated.version).toBeGreaterThan(1);
    // The platform's status is a fact about the source; our lifecycle status is the console's.
    expect(updated.status).toBe('reported');
    expect(balanced(first)).toBe(true);
    const f = first.app.health.get(SOURCE);
    expect(f.quarantined).toBeGreaterThanOrEqual(at0.bad);
    expect(f.duplicates).toBeGreaterThan(0);

    // Restart on the same store: the connector resumes from its stored cursor, not from zero.
    const cursor = Number(
      await first.app.db.kysely
        .selectFrom('connector_cursors')
        .select('value')
        .where('name', '=', CURSOR)
        .executeTakeFirstOrThrow()
        .then((r) => r.value),
    );
    expect(cursor).toBe(Math.floor(clock / 1000) - OVERLAP_S);
    await first.stop({ keepData: true });
    const before = queries.length;
    const second = await start(first.dataDir);
    try {
      await eventually('a poll after the restart', () => queries.length > before);
      expect(queries[before]).toEqual({ updatedSince: cursor, page: 1 });
      expect(await countEvents(second)).toBe(codes.size);
    } finally {
      await second.stop();
    }
  });

  it('backs off while the platform is down, reports it, and catches up what changed meanwhile', async () => {
    const s = await start();
    try {
      await eventually('the first sync', async () => (await countEvents(s)) === served(clock).good.length);
      await vendor.stop();
      const errors = s.app.health.get(SOURCE).errors;
      await eventually('failed polls reported', () => {
        const f = s.app.health.get(SOURCE);
        return f.errors >= errors + 2 && !f.connected && f.lastError !== null;
      });
      clock += 30 * 60_000;
      const expected = served(clock).good;
      expect(await vendor.start()).toBe(vendorUrl);
      await eventually('caught up after the outage', async () => {
        if (!s.app.health.get(SOURCE).connected) return false;
        const sample = expected.filter((_, i) => i % 25 === 0);
        for (const c of sample) {
          const e = await s.app.events.get(`${SOURCE}:${c.caseCode}`);
          if (e?.attributes['nativeStatus'] !== c.statusName) return false;
        }
        return true;
      });
      expect(balanced(s)).toBe(true);
    } finally {
      await s.stop();
    }
  });

  it('finds its in-process simulator when SIMULATORS is on and no URL is configured', async () => {
    const config = parseConfig({
      PORT: '0',
      DATA_DIR: ':memory:',
      STATIC_DIR: '',
      SIMULATORS: 'true',
      CONNECTOR_POLL_MS: '100',
    });
    const app = await buildApp(config, pino({ level: 'silent' }), [cityManagement]);
    await app.listen();
    try {
      await eventually('simulated cases', async () => (await countEvents({ app } as TestServer)) > 50);
      expect(app.health.get(SOURCE)).toMatchObject({ connected: true, errors: 0 });
    } finally {
      await app.close();
    }
  });
});
