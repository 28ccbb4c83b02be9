import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GridCellCollection } from '../../src/contract/map-data';
import { EventQuery } from '../../src/contract/rest';
import { loadCityPack, type CityPack } from '../../mock-server/city-packs/load';
import type { VendorHttpServer } from '../../mock-server/simulation/vendor-http';
import { gridAdapter } from '../../mock-server/subsystems/grid/adapter';
import { OVERLAP_MS } from '../../mock-server/subsystems/grid/connector';
import {
  formatOffsetTime,
  VERIFICATIONS_PATH,
  VerificationsResponse,
} from '../../mock-server/subsystems/grid/native';
import { createGridVendor, GridWorld } from '../../mock-server/subsystems/grid/simulator';
import { authHeaders } from '../helpers/auth';
import { eventually } from '../helpers/eventually';
import { startTestServer, type TestServer } from '../helpers/test-server';

const SOURCE = 'grid';
let pack: CityPack;
let world: GridWorld;
/** The platform's clock: 14:00 in Shanghai, workers on duty; the test moves it. */
let clock = Date.parse('2026-11-24T06:00:00Z');
let vendor: VendorHttpServer;
let vendorUrl: string;
let server: TestServer;

beforeAll(async () => {
  pack = loadCityPack('shanghai');
  world = new GridWorld(pack, 17, 1);
  vendor = createGridVendor(world, pino({ level: 'silent' }), () => clock);
  vendorUrl = await vendor.start();
  server = await startTestServer({ GRID_URL: vendorUrl, CONNECTOR_POLL_MS: '100' });
});
afterAll(async () => {
  await server?.stop();
  await vendor?.stop();
});

const countEvents = async () =>
  (await server.app.events.list(EventQuery.parse({ source: SOURCE, limit: '1' }))).total;
const goodCases = (now: number) => world.casesAt(now).filter((c) => gridAdapter.adapt(c, { pack }).ok);

describe('网格化 over REST polling', () => {
  it('brings patrol cases in as events with their grid cell and workers as live states', async () => {
    const cases = goodCases(clock);
    expect(cases.length).toBeGreaterThan(100);
    await eventually('every good case', async () => (await countEvents()) === cases.length);
    const sample = cases[0]!;
    const event = await server.app.events.get(`${SOURCE}:${sample.case_id}`);
    expect(event).toMatchObject({ grid: sample.grid_code, attributes: { nativeStatus: sample.state } });

    const reports = world.workersAt(clock).filter((w) => gridAdapter.adapt(w, { pack }).ok);
    await eventually(
      'every worker position',
      async () => (await server.app.states.all('workers')).length >= reports.length,
    );
    const workers = await server.app.states.all('workers');
    expect(workers.every((w) => pack.gridCodes.has(w.grid ?? ''))).toBe(true);
    expect(workers.some((w) => w.status === 'patrolling')).toBe(true);
  });

  it('re-polls without duplicating, picks up state changes and moves workers', async () => {
    const before = await countEvents();
    // A re-poll at the same platform time re-reads every worker unchanged: duplicates, not new states.
    await eventually('a re-poll of unchanged workers', () => server.app.health.get(SOURCE).duplicates >= 90);
    expect(await countEvents()).toBe(before);
    // A worker on duty now (14:00) and still at 15:30: the day and late shifts both are.
    const w0 = (await server.app.states.all('workers')).find((w) => w.status !== 'off-duty')!;
    const open = goodCases(clock).find((c) => c.state === '已上报' || c.state === '已立案')!;
    clock += 90 * 60_000;
    const moved = goodCases(clock).find((c) => c.case_id === open.case_id)!;
    expect(moved.state).not.toBe(open.state);
    const codes = new Set([...goodCases(clock - 90 * 60_000), ...goodCases(clock)].map((c) => c.case_id));
    await eventually('the case updates and new cases', async () => {
      const e = await server.app.events.get(`${SOURCE}:${open.case_id}`);
      return e?.attributes['nativeStatus'] === moved.state && (await countEvents()) === codes.size;
    });
    expect(before).toBeLessThan(codes.size);
    await eventually(`${w0.id} reported again`, async () => {
      const w1 = await server.app.states.get('workers', w0.id);
      return w1 !== null && w1.updatedAt > w0.updatedAt;
    });
    const f = server.app.health.get(SOURCE);
    expect(f.received).toBe(f.accepted + f.duplicates + f.quarantined);
    expect(f.duplicates).toBeGreaterThan(0);
    expect(f.quarantined).toBeGreaterThan(0);
    expect(f.connected).toBe(true);
    const cursor = await server.app.db.kysely
      .selectFrom('connector_cursors')
      .select('value')
      .where('name', '=', 'grid:cases')
      .executeTakeFirstOrThrow();
    expect(Number(cursor.value)).toBe(Math.floor(clock / 1000) * 1000 - OVERLAP_MS);
  });

  it('lists on-site verifications in the platform dialect for whoever consumes them', async () => {
    const since = formatOffsetTime(clock - 6 * 3_600_000, pack.manifest.timezone);
    const res = await fetch(`${vendorUrl}${VERIFICATIONS_PATH}?${new URLSearchParams({ since })}`);
    const body = VerificationsResponse.parse(await res.json());
    expect(body.verifications.length).toBeGreaterThan(0);
  });

  it('serves the unit grid as cacheable GeoJSON for the wall', async () => {
    const auth = authHeaders(server.admin);
    const res = await fetch(`${server.url}/api/grid-cells`, { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('max-age');
    const cells = GridCellCollection.parse(await res.json());
    expect(cells.features.length).toBe(pack.gridCodes.size);
    const again = await fetch(`${server.url}/api/grid-cells`, {
      headers: { ...auth, 'if-none-match': res.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
  });
});
