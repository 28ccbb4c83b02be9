import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventQuery } from '../../src/contract/rest';
import { buildApp, type App } from '../../mock-server/app';
import { parseConfig } from '../../mock-server/config';
import { SUBSYSTEMS } from '../../mock-server/subsystems';
import { iot } from '../../mock-server/subsystems/iot';
import { FLEET } from '../../mock-server/subsystems/iot/fleet';
import { video } from '../../mock-server/subsystems/video';
import { CAMERA_COUNT } from '../../mock-server/subsystems/video/platform';
import { warnings } from '../../mock-server/subsystems/warnings';
import { eventually } from '../helpers/eventually';
import { dropSchema, storeEnv } from '../helpers/test-store';

/**
 * The three simulators against the real server, each over its own transport (MQTT to the embedded broker,
 * the video platform's HTTP catalogue and webhook pushes, CAP webhook posts): every feed turns healthy and
 * the city fills with sensors, cameras and a warning.
 */
let app: App;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'city-brain-sim-'));
  const config = parseConfig({
    PORT: '0',
    DATA_DIR: dir,
    STATIC_DIR: '',
    SIMULATORS: 'true',
    SIM_RATE: '120',
    LIVE_FLUSH_MS: '50',
    ...storeEnv(dir),
  });
  // Every subsystem is registered (other parts of the server expect their feeds), but only these three simulate.
  const subsystems = SUBSYSTEMS.map((s) =>
    [video, iot, warnings].includes(s) ? s : { ...s, createSimulator: undefined },
  );
  app = await buildApp(config, pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' }), subsystems);
  await app.listen();
});
afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
  await dropSchema(dir);
});

describe('IoT, video and warning simulators', () => {
  it('turn their feeds healthy and fill the city', { timeout: 60_000 }, async () => {
    await eventually(
      'three healthy feeds',
      () => ['iot', 'video', 'warnings'].every((s) => app.health.get(s as 'iot').state === 'healthy'),
      { timeoutMs: 30_000 },
    );
    const total = Object.values(FLEET).reduce((a, b) => a + b, 0);
    await eventually(
      'every sensor reported',
      async () => (await app.states.all('sensors')).length === total,
      { timeoutMs: 30_000 },
    );
    await eventually(
      'the camera catalogue',
      async () => (await app.states.all('cameras')).length === CAMERA_COUNT,
      { timeoutMs: 30_000 },
    );
    await eventually(
      'an active warning',
      async () => (await app.states.all('warnings')).some((w) => w.active),
      { timeoutMs: 30_000 },
    );
    const cameras = await app.states.all('cameras');
    expect(cameras.filter((c) => !c.online).length / cameras.length).toBeLessThan(0.1);
    for (const s of ['iot', 'video', 'warnings'] as const) {
      const f = app.health.get(s);
      expect(f.received).toBe(f.accepted + f.duplicates + f.quarantined);
    }
  });

  it(
    'floods the low spots in the first shower: sensor alarms become events',
    { timeout: 60_000 },
    async () => {
      // (Camera alarms follow the daily rhythm, so a night-time run may see none here; video.test.ts pushes them.)
      const count = async (source: string) =>
        (await app.events.list(EventQuery.parse({ source, limit: '1' }))).total;
      await eventually(
        'waterlogging alarms',
        async () => (await app.states.all('sensors')).some((s) => s.type === 'waterlogging' && s.alarm),
        { timeoutMs: 50_000 },
      );
      expect(await count('iot')).toBeGreaterThan(0);
    },
  );
});
