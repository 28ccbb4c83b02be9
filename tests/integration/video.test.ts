import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Event } from '../../src/contract/event';
import type { FeedHealth } from '../../src/contract/feed-health';
import { DeadLetterPage } from '../../src/contract/rest';
import { loadCityPack } from '../../mock-server/city-packs/load';
import type { AlarmPush, StatusPush } from '../../mock-server/subsystems/video/native';
import { pino } from 'pino';
import { VendorHttpServer } from '../../mock-server/simulation/vendor-http';
import { DEVICES_PATH } from '../../mock-server/subsystems/video/native';
import { CAMERA_COUNT, catalogueRoute, VideoPlatform } from '../../mock-server/subsystems/video/platform';
import { intakeHeaders } from '../helpers/auth';
import { eventually } from '../helpers/eventually';
import { getJson } from '../helpers/hotline-orders';
import { LiveClient } from '../helpers/live-client';
import { startTestServer, type TestServer } from '../helpers/test-server';

/**
 * The video network through its real transports: the connector pages the platform's catalogue over HTTP,
 * the platform pushes status changes and AI alarms to our webhook.
 */
const start = Date.parse('2026-11-24T02:00:00Z');
let platform: VideoPlatform;
let platformServer: VendorHttpServer;
let platformUrl: string;
/** Catalogue requests the platform answered. */
let requests = 0;
let server: TestServer;

beforeAll(async () => {
  platform = new VideoPlatform(loadCityPack('shanghai'), 5, start);
  const route = catalogueRoute(platform);
  platformServer = new VendorHttpServer(
    'video',
    {
      [DEVICES_PATH]: (q) => {
        requests += 1;
        return route(q);
      },
    },
    pino({ level: 'silent' }),
  );
  platformUrl = await platformServer.start();
  server = await startTestServer({ VIDEO_PLATFORM_URL: platformUrl, VIDEO_CATALOGUE_REFRESH_MS: '300' });
});
afterAll(async () => {
  await server?.stop();
  await platformServer?.stop();
});

const push = async (msg: StatusPush | AlarmPush | string) => {
  const res = await fetch(`${server.url}/api/intake/video`, {
    method: 'POST',
    headers: { ...intakeHeaders(server.url, 'video'), 'content-type': 'application/json' },
    body: typeof msg === 'string' ? msg : JSON.stringify(msg),
  });
  return { status: res.status, body: (await res.json()) as { outcome: string; error?: { code: string } } };
};
const feed = async () =>
  (await getJson<FeedHealth[]>(`${server.url}/api/feeds`)).body.find((f) => f.source === 'video')!;
const deadLetters = async () =>
  DeadLetterPage.parse((await getJson(`${server.url}/api/dead-letters?source=video&limit=500`)).body).items;
const camera = (id: string) => server.app.states.get('cameras', id);

describe('video network', () => {
  it('loads the whole catalogue page by page into camera states, quarantining its broken records', async () => {
    await eventually(
      'catalogue loaded',
      async () => (await server.app.states.all('cameras')).length === CAMERA_COUNT,
    );
    await eventually('last page loaded', async () => (await deadLetters()).length >= 2);
    const dl = await deadLetters();
    expect(dl.map((d) => d.code).sort()).toEqual(expect.arrayContaining(['INTAKE_SCHEMA', 'UNKNOWN_CODE']));
    const f = await feed();
    expect(f.connected).toBe(true);
  });

  it('re-polls the catalogue without duplicating anything: re-polled records count as duplicates', async () => {
    const before = await feed();
    await eventually(
      'another catalogue poll',
      async () => (await feed()).duplicates >= before.duplicates + CAMERA_COUNT,
    );
    expect((await server.app.states.all('cameras')).length).toBe(CAMERA_COUNT);
    expect(requests).toBeGreaterThanOrEqual(2 * Math.ceil(platform.size / 100));
  });

  it('applies pushed status changes and AI alarms live: events carry the camera, the camera the event', async () => {
    const live = await LiveClient.connect(server.url);
    try {
      expect(await live.subscribe({ topic: 'cameras' })).toMatchObject({ ok: true });
      const pushes = platform.advance(start + 2 * 3_600_000);
      const alarm = pushes.find((p): p is AlarmPush => p.msgType === 'alarm' && p.alarmState === 'start')!;
      const flip = pushes.find((p): p is StatusPush => p.msgType === 'status')!;
      for (const p of pushes) expect((await push(p)).status).toBe(200);

      const res = await getJson(`${server.url}/api/events/${encodeURIComponent(`video:${alarm.alarmId}`)}`);
      const event = Event.parse(res.body);
      expect(event.cameraIds).toEqual([alarm.device.deviceId]);
      expect(event.location).toEqual({ lon: alarm.device.longitude, lat: alarm.device.latitude });
      const last = [...pushes].reverse().find((p) => p.device.deviceId === flip.device.deviceId)!;
      expect((await camera(flip.device.deviceId))?.online).toBe(last.device.status === 'ON');
      const open = pushes.filter((p): p is AlarmPush => p.msgType === 'alarm');
      const stillOpen = open.filter(
        (a) =>
          a.alarmState === 'start' && !open.some((e) => e.alarmId === a.alarmId && e.alarmState === 'end'),
      );
      for (const a of stillOpen)
        expect((await camera(a.device.deviceId))?.alarmEventId).toBe(`video:${a.alarmId}`);
      await live.waitFor(
        () => live.deltas('cameras').some((d) => d.upserts.some((c) => c.id === flip.device.deviceId)),
        'camera change live',
      );
      expect(live.violations).toEqual([]);
    } finally {
      live.close();
    }
  });

  it('ignores a redelivered or older status push: the newer camera state stays', async () => {
    const pushes = platform
      .advance(start + 3 * 3_600_000)
      .filter((p): p is StatusPush => p.msgType === 'status');
    const p = pushes[pushes.length - 1]!;
    expect((await push(p)).body.outcome).toBe('accepted');
    expect((await push(p)).body.outcome).toBe('duplicate');
    const older: StatusPush = {
      ...p,
      device: {
        ...p.device,
        status: p.device.status === 'ON' ? 'OFF' : 'ON',
        updateTime: '2026-11-24T09:00:00.000+08:00',
      },
    };
    expect((await push(older)).body.outcome).toBe('duplicate');
    expect((await camera(p.device.deviceId))?.online).toBe(p.device.status === 'ON');
  });

  it('quarantines malformed ids and unknown alarm types with their codes, and balances the feed', async () => {
    const p = platform.advance(start + 4 * 3_600_000).find((x): x is StatusPush => x.msgType === 'status')!;
    const bad = { ...p, device: { ...p.device, deviceId: '3101' } };
    expect((await push(bad)).body.error?.code).toBe('INTAKE_SCHEMA');
    const unknownCentre = { ...p, device: { ...p.device, deviceId: `319998${p.device.deviceId.slice(6)}` } };
    expect((await push(unknownCentre)).body.error?.code).toBe('UNKNOWN_CODE');
    expect((await push('{"msgType":"alarm",')).status).toBe(400);
    for (let i = 0; i < 10; i++) await push(platform.defective(start + i));
    const f = await feed();
    expect(f.received).toBe(f.accepted + f.duplicates + f.quarantined);
    expect(f.quarantined).toBe((await deadLetters()).length);
  });

  it('marks the feed disconnected while the platform is down and recovers when it is back', async () => {
    await platformServer.stop();
    await eventually('platform seen down', async () => !(await feed()).connected);
    const down = await feed();
    expect(down.errors).toBeGreaterThan(0);
    expect(down.lastError).toMatch(/fetch failed|ECONNREFUSED/);
    await platformServer.start(); // re-binds the same port
    await eventually('platform seen back', async () => (await feed()).connected, { timeoutMs: 20_000 });
  });
});
