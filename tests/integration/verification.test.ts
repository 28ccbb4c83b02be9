import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event } from '../../src/contract/event';
import { VendorHttpServer } from '../../mock-server/simulation/vendor-http';
import {
  CASES_PATH,
  formatOffsetTime,
  VERIFICATIONS_PATH,
  WORKERS_PATH,
  type PatrolVerification,
} from '../../mock-server/subsystems/grid/native';
import type { Credentials } from '../helpers/auth';
import { act, detailOf } from '../helpers/console';
import { eventually } from '../helpers/eventually';
import { startTestServer, type TestServer } from '../helpers/test-server';

/**
 * Verification (核查) by the reporting channel: a grid worker's on-site check, polled from the 网格化 platform's
 * verification feed over real HTTP, and a 数字城管 supervisor's 核查结案 arriving with the case itself.
 */
const FIXTURES = join(import.meta.dirname, '../../mock-server/subsystems');
const fixture = (path: string) =>
  JSON.parse(readFileSync(join(FIXTURES, path), 'utf8')) as Record<string, unknown>;
const TZ = 'Asia/Shanghai';

let server: TestServer;
let platform: VendorHttpServer;
let leader: Credentials;
const verifications: PatrolVerification[] = [];

beforeAll(async () => {
  // The grid platform as the connector and the verification poll see it: no cases to page, our verifications.
  platform = new VendorHttpServer(
    'grid-test',
    {
      [CASES_PATH]: () => ({
        status: 200,
        body: {
          ok: true,
          server_time: formatOffsetTime(Date.now(), TZ),
          total: 0,
          offset: 0,
          limit: 200,
          cases: [],
        },
      }),
      [WORKERS_PATH]: () => ({
        status: 200,
        body: { ok: true, server_time: formatOffsetTime(Date.now(), TZ), workers: [] },
      }),
      [VERIFICATIONS_PATH]: () => ({
        status: 200,
        body: { ok: true, server_time: formatOffsetTime(Date.now(), TZ), verifications },
      }),
    },
    pino({ level: 'silent' }),
  );
  const url = await platform.start();
  server = await startTestServer({ GRID_URL: url, CONNECTOR_POLL_MS: '100' });
  leader = await server.login('leader');
});
afterAll(async () => {
  await server?.stop();
  await platform?.stop();
});

async function ingest(source: 'grid' | 'city-management', record: Record<string, unknown>): Promise<Event> {
  const [r] = await server.app.pipeline.submit(source, { payload: record, raw: JSON.stringify(record) });
  if (!r || r.outcome === 'quarantined') throw new Error(`refused: ${JSON.stringify(r)}`);
  return (await detailOf(server, leader, r.id!)).event;
}

/** Carries an event to resolved as the console would. */
async function resolve(e: Event): Promise<Event> {
  let version = e.version;
  for (const action of ['forward', 'start', 'resolve']) {
    const res = await act(server, leader, e.id, { action, version });
    if (!res.result) throw new Error(`${action}: ${JSON.stringify(res.body)}`);
    version = res.result.event.version;
  }
  return (await detailOf(server, leader, e.id)).event;
}

describe('verification by the reporting channel', () => {
  it('verifies a resolved grid case when the grid worker confirms it on site (polled verification feed)', async () => {
    const e = await ingest('grid', {
      ...fixture('grid/fixtures/good-case.json'),
      case_id: 'WGTEST00000001',
      state: '已立案',
    });
    const resolved = await resolve(e);
    expect(resolved.status).toBe('resolved');
    verifications.push({
      case_id: 'WGTEST00000001',
      worker_id: 'W0042',
      result: '通过',
      note: '现场已整改',
      verified_at: formatOffsetTime(Date.now() + 1000, TZ),
    });
    await eventually(
      'verified by the grid worker',
      async () => (await detailOf(server, leader, e.id)).event.status === 'verified',
    );
    const last = (await detailOf(server, leader, e.id)).actions.at(-1)!;
    expect(last).toMatchObject({
      action: 'verify',
      actor: 'source:grid',
      actorName: 'W0042',
      note: '现场已整改',
    });
    expect(last.details).toMatchObject({ workerId: 'W0042', channel: 'grid' });
    // The poll re-reads its overlap: the same confirmation changes nothing again.
    const version = (await detailOf(server, leader, e.id)).event.version;
    await new Promise((r) => setTimeout(r, 400));
    expect((await detailOf(server, leader, e.id)).event.version).toBe(version);
  });

  it('sends a resolved grid case back to the department when the worker finds it not fixed (不通过)', async () => {
    const e = await ingest('grid', {
      ...fixture('grid/fixtures/good-case.json'),
      case_id: 'WGTEST00000002',
      state: '已立案',
    });
    await resolve(e);
    verifications.push({
      case_id: 'WGTEST00000002',
      worker_id: 'W0007',
      result: '不通过',
      note: '现场未整改',
      verified_at: formatOffsetTime(Date.now() + 1000, TZ),
    });
    await eventually(
      'sent back for rework',
      async () => (await detailOf(server, leader, e.id)).event.status === 'in-progress',
    );
    expect((await detailOf(server, leader, e.id)).actions.at(-1)).toMatchObject({
      action: 'rework',
      actor: 'source:grid',
      note: '现场未整改',
    });
  });

  it('ignores a confirmation of a case the console has not resolved', async () => {
    const e = await ingest('grid', {
      ...fixture('grid/fixtures/good-case.json'),
      case_id: 'WGTEST00000003',
      state: '已立案',
    });
    verifications.push({
      case_id: 'WGTEST00000003',
      worker_id: 'W0042',
      result: '通过',
      note: '已核实',
      verified_at: formatOffsetTime(Date.now() + 1000, TZ),
    });
    await new Promise((r) => setTimeout(r, 500));
    expect((await detailOf(server, leader, e.id)).event).toMatchObject({
      status: 'reported',
      version: e.version,
    });
  });

  it('verifies a resolved 数字城管 case when the supervisor’s 核查结案 arrives with the case', async () => {
    const base = fixture('city-management/fixtures/good-event-case-overdue.json');
    const e = await ingest('city-management', {
      ...base,
      caseCode: '26112499990001',
      statusCode: 4,
      statusName: '任务处理',
    });
    await resolve(e);
    await ingest('city-management', {
      ...base,
      caseCode: '26112499990001',
      statusCode: 6,
      statusName: '核查结案',
      updateTime: (base['updateTime'] as number) + 600,
    });
    await server.app.console.watchers.idle();
    await eventually(
      'verified by the channel',
      async () => (await detailOf(server, leader, e.id)).event.status === 'verified',
    );
    expect((await detailOf(server, leader, e.id)).actions.at(-1)).toMatchObject({
      action: 'verify',
      actor: 'source:city-management',
    });
  });
});
