import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCityPack } from '../../mock-server/city-packs/load';
import { authHeaders, login } from '../helpers/auth';
import { orderFactory, postOrder } from '../helpers/hotline-orders';
import { DEMO_WALL_TOKEN, expect, test } from './fixtures';
import { waitForWall } from './wall-helpers';

/**
 * Unattended 7×24: the wall's own server is restarted under it (same data directory, same port), and
 * later replaced by one serving a new build. This test runs its own server process (simulators off, so it
 * knows exactly which events exist) next to the one playwright.config.ts starts.
 */

const KEY = 'e2e-recovery-hotline-key-0001';
const STATIC_DIR = process.env['E2E_STATIC_DIR'] ?? 'dist';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

async function startServer(port: number, dataDir: string, staticDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'mock-server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      STATIC_DIR: staticDir,
      SIMULATORS: 'false',
      INTAKE_KEYS: `hotline=${KEY}`,
      LIVE_FLUSH_MS: '100',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const up = await fetch(`http://127.0.0.1:${port}/api/server`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return child;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('server did not start');
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

interface WallState {
  status: string;
  connects: number;
  modes: Record<string, string>;
  ids: string[];
  drawn: { indexed: number; drawnSum: number };
}

test('recovers from a server restart with no missing and no doubled event, and reloads for a new build', async ({
  page,
  guard,
}) => {
  test.setTimeout(240_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'city-brain-e2e-recovery-'));
  const newBuild = mkdtempSync(join(tmpdir(), 'city-brain-e2e-build-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const pack = loadCityPack('shanghai');
  const orders = orderFactory(pack, 7);
  const posted: string[] = [];
  const post = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const o = orders.next();
      const res = await postOrder(url, o, 'application/json', { 'x-intake-key': KEY });
      expect(res.status).toBe(200);
      posted.push(`hotline:${o.工单编号}`);
    }
  };
  const state = () =>
    page.evaluate((): WallState => {
      const w = (window as unknown as { __cityBrainWall: { connection(): WallState; eventIds(): string[] } })
        .__cityBrainWall;
      const layers = JSON.parse(
        document.querySelector<HTMLElement>('[data-testid="map"]')!.dataset['layers']!,
      ) as {
        id: string;
        indexed: number;
        drawnSum: number;
      }[];
      return { ...w.connection(), ids: w.eventIds(), drawn: layers.find((l) => l.id === 'events')! };
    });

  let server = await startServer(port, dataDir, STATIC_DIR);
  try {
    await post(25);
    await page.goto(`${url}/wall?token=${DEMO_WALL_TOKEN}&debug=1`);
    await waitForWall(page);
    await expect.poll(async () => (await state()).ids.length).toBe(25);

    // Restart: same store, same port. Events arrive while the wall is still reconnecting.
    await stopServer(server);
    await expect.poll(async () => (await state()).status).toBe('reconnecting');
    server = await startServer(port, dataDir, STATIC_DIR);
    await post(15);
    await expect.poll(async () => (await state()).ids.length, { timeout: 60_000 }).toBe(40);
    const after = await state();
    expect(after.status).toBe('live');
    expect(after.connects).toBeGreaterThanOrEqual(2);
    // Resumed from its sequence number (the store's epoch survived the restart), not re-sent a snapshot.
    expect(after.modes['events']).toBe('resume');
    // Exactly the events the server holds: none missing, none twice.
    expect([...after.ids].sort()).toEqual([...posted].sort());
    expect(new Set(after.ids).size).toBe(after.ids.length);
    // And on the map: every event counted once in the clusters.
    await expect.poll(async () => (await state()).drawn.drawnSum).toBe(40);
    const listed = await page
      .locator('[data-panel="newest-events"] [data-event-id]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-event-id')));
    expect(new Set(listed).size).toBe(listed.length);

    // A new build is deployed: the wall notices on reconnect and reloads itself.
    cpSync(STATIC_DIR, newBuild, { recursive: true });
    const index = join(newBuild, 'index.html');
    writeFileSync(index, `${readFileSync(index, 'utf8')}\n<!-- build ${Date.now()} -->\n`);
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await stopServer(server);
    server = await startServer(port, dataDir, newBuild);
    await expect
      .poll(
        () =>
          page
            .evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument ?? false)
            // Evaluating while the page navigates fails: that is the reload we are waiting for.
            .catch(() => false),
        { timeout: 60_000 },
      )
      .toBe(false);
    await waitForWall(page);
    await expect.poll(async () => (await state()).ids.length, { timeout: 60_000 }).toBe(40);
  } finally {
    // While the server was down the browser logged its refused reconnection attempts: expected here.
    const refused = (e: string) =>
      (e.includes(`ws://127.0.0.1:${port}/socket.io`) && e.includes('ERR_CONNECTION_REFUSED')) ||
      e === 'Failed to load resource: net::ERR_CONNECTION_REFUSED';
    guard.errors.splice(0, guard.errors.length, ...guard.errors.filter((e) => !refused(e)));
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(newBuild, { recursive: true, force: true });
  }
});

test('raises a severe event in the alarm banner until the console acknowledges it', async ({ page }) => {
  test.setTimeout(180_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'city-brain-e2e-alarm-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const orders = orderFactory(loadCityPack('shanghai'), 11);
  const server = await startServer(port, dataDir, STATIC_DIR);
  try {
    const routine = orders.next();
    const urgent = { ...orders.next(), 紧急程度: '特急' }; // → severity II: an alarm
    for (const o of [routine, urgent])
      expect((await postOrder(url, o, 'application/json', { 'x-intake-key': KEY })).status).toBe(200);
    const id = `hotline:${urgent.工单编号}`;
    await page.goto(`${url}/wall?token=${DEMO_WALL_TOKEN}`);
    await waitForWall(page);
    const banner = page.locator('.alarm-banner');
    await expect(banner).toHaveAttribute('data-alarms', '1');
    await expect(banner.locator(`[data-alarm="event:${id}"]`)).toContainText(urgent.诉求类型);
    // Sound is off until someone enables it on this display.
    const sound = page.locator('.wall-header__button[data-sound]');
    await expect(sound).toHaveAttribute('aria-pressed', 'false');
    await sound.click();
    await expect(sound).toHaveAttribute('aria-pressed', 'true');

    // The duty console acknowledges (src/contract/alarms.ts): the banner clears on every wall.
    const leader = await login(url, 'leader');
    const res = await fetch(`${url}/api/events/${encodeURIComponent(id)}/acknowledge`, {
      method: 'POST',
      headers: { ...authHeaders(leader), 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(200);
    await expect(banner).toHaveCount(0, { timeout: 30_000 });
  } finally {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
