import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTAKE_KEY_HEADER } from '../../src/contract/auth';
import { RoadCollection } from '../../src/contract/map-data';
import { EventQuery, IntakeBatchResponse } from '../../src/contract/rest';
import { DistrictTrafficResponse } from '../../src/contract/traffic';
import { buildApp } from '../../mock-server/app';
import { parseConfig } from '../../mock-server/config';
import { traffic } from '../../mock-server/subsystems/traffic';
import { splitTrafficBatch, trafficAdapter } from '../../mock-server/subsystems/traffic/adapter';
import type { TrafficBatch } from '../../mock-server/subsystems/traffic/native';
import { TrafficWorld } from '../../mock-server/subsystems/traffic/simulator';
import { authHeaders } from '../helpers/auth';
import { eventually } from '../helpers/eventually';
import { LiveClient } from '../helpers/live-client';
import { startTestServer, type TestServer } from '../helpers/test-server';

const SOURCE = 'traffic';
let server: TestServer;
let world: TrafficWorld;
const peak = Date.parse('2026-11-24T08:30:00+08:00');

beforeAll(async () => {
  server = await startTestServer();
  world = new TrafficWorld(server.app.pack, 21, 1);
});
afterAll(async () => {
  await server?.stop();
});

async function post(body: TrafficBatch | string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${server.url}/api/intake/traffic`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [INTAKE_KEY_HEADER]: server.intakeKey(SOURCE) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** How the adapter judges a batch's items: the good segment states, good incidents and bad items. */
function judge(batch: TrafficBatch) {
  const results = splitTrafficBatch(batch)!.map((i) => trafficAdapter.adapt(i, { pack: server.app.pack }));
  return {
    states: results.flatMap((r) => (r.ok ? (r.states ?? []) : [])).length,
    incidents: results.flatMap((r) => (r.ok ? r.drafts : [])).map((d) => d.nativeId),
    bad: results.filter((r) => !r.ok).length,
  };
}

const balanced = () => {
  const f = server.app.health.get(SOURCE);
  return f.received === f.accepted + f.duplicates + f.quarantined;
};
const countIncidents = async () =>
  (await server.app.events.list(EventQuery.parse({ source: SOURCE, limit: '1' }))).total;

describe('交警 minute batches over HTTP', () => {
  it('stores a state per segment and an event per incident, quarantines bad items alone, and is idempotent', async () => {
    const live = await LiveClient.connect(server.url);
    await live.subscribe({ topic: 'traffic' });
    const { batch } = world.batch(peak);
    const expected = judge(batch);

    const first = await post(batch);
    expect(first.status).toBe(200);
    const counts = IntakeBatchResponse.parse(first.body);
    expect(counts.received).toBe(batch.segments.length + batch.incidents.length);
    expect(counts.outcomes.accepted).toBe(expected.states + expected.incidents.length);
    expect(counts.outcomes.quarantined).toBe(expected.bad);
    expect((await server.app.states.all('traffic')).length).toBe(expected.states);
    expect(await countIncidents()).toBe(new Set(expected.incidents).size);
    // The live topic carries the new states to the wall.
    await live.waitFor(
      () => live.deltas('traffic').reduce((n, d) => n + d.upserts.length, 0) >= expected.states,
      'traffic deltas',
    );
    live.close();

    // The same batch again (a retry after a lost answer): all duplicates, nothing new.
    const again = IntakeBatchResponse.parse((await post(batch)).body);
    expect(again.outcomes.duplicate).toBe(expected.states + expected.incidents.length);
    expect(again.outcomes.accepted).toBe(0);
    expect(await countIncidents()).toBe(new Set(expected.incidents).size);
    expect(balanced()).toBe(true);
  });

  it('takes a later batch as updates, never lets an older one overwrite it', async () => {
    const later = world.batch(peak + 60_000).batch;
    const res = IntakeBatchResponse.parse((await post(later)).body);
    expect(res.outcomes.accepted).toBeGreaterThan(4000);
    const road = later.segments.find(
      (s) => (s as { roadId: string }).roadId === server.app.pack.roads[0]!.id,
    ) as {
      roadId: string;
      speed: number;
    };
    const stored = await server.app.states.get('traffic', road.roadId);
    expect(stored).toMatchObject({ speedKmh: road.speed, updatedAt: '2026-11-24T00:31:00.000Z' });
    // A delayed older batch arrives: nothing goes back in time.
    const old = IntakeBatchResponse.parse((await post(world.batch(peak - 60_000).batch)).body);
    expect(old.outcomes.accepted).toBe(0);
    expect(await server.app.states.get('traffic', road.roadId)).toEqual(stored);
    expect(balanced()).toBe(true);
  });

  it('quarantines a truncated batch and a batch with a bad time as one record each', async () => {
    const body = JSON.stringify(world.batch(peak + 120_000).batch);
    const before = server.app.health.get(SOURCE).quarantined;
    expect((await post(body.slice(0, 500))).status).toBe(400);
    const badTime = { ...world.batch(peak + 120_000).batch, batchTime: '20260230083000' };
    expect((await post(badTime)).status).toBe(422);
    expect(server.app.health.get(SOURCE).quarantined).toBe(before + 2);
    expect(balanced()).toBe(true);
  });

  it('serves road geometry whose ids match the segment states, and the district congestion index', async () => {
    const auth = authHeaders(server.admin);
    const res = await fetch(`${server.url}/api/roads`, { headers: { ...auth, 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBeTruthy();
    const roads = RoadCollection.parse(await res.json());
    const ids = new Set(roads.features.map((f) => f.id));
    expect(ids.size).toBe(server.app.pack.roads.length);
    for (const s of (await server.app.states.all('traffic')).slice(0, 200)) expect(ids.has(s.id)).toBe(true);

    const districts = DistrictTrafficResponse.parse(
      await (await fetch(`${server.url}/api/traffic/districts`, { headers: auth })).json(),
    );
    expect(districts.items).toHaveLength(server.app.pack.manifest.focusDistricts.length);
    expect(districts.items.some((d) => d.index > 2)).toBe(true); // the states are from the morning peak
  });

  it('runs the platform simulator against the real intake when SIMULATORS is on', async () => {
    const config = parseConfig({ PORT: '0', DATA_DIR: ':memory:', STATIC_DIR: '', SIMULATORS: 'true' });
    const app = await buildApp(config, pino({ level: 'silent' }), [traffic]);
    await app.listen();
    try {
      await eventually('the first batch', async () => (await app.states.all('traffic')).length > 4000);
      const f = app.health.get(SOURCE);
      expect(f.received).toBe(f.accepted + f.duplicates + f.quarantined);
      expect(f.state).toBe('healthy');
      // The lag is read from the batch's own time: a fresh batch is seconds old, not an incident's age.
      expect(f.lagSeconds).toBeLessThan(60);
    } finally {
      await app.close();
    }
  });
});
