import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCityPack } from '../../mock-server/city-packs/load';
import { orderFactory, postOrder } from '../helpers/hotline-orders';
import { DEMO_WALL_TOKEN, expect, test, waitForReady } from './fixtures';

/**
 * Unattended 7×24: the wall's own server is restarted under it (same data directory, same port), and
 * later replaced by one serving a new build. This test runs its own server process (simulators off, so it
 * knows exactly which events exist) next to the one playwright.config.ts starts.
 */
test.use({ reducedMotion: 'reduce' });

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
    await waitForReady(page);
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
          page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument ?? false),
        {
          timeout: 60_000,
        },
      )
      .toBe(false);
    await waitForReady(page);
    await expect.poll(async () => (await state()).ids.length, { timeout: 60_000 }).toBe(40);
    // While the server was down the browser logged its refused reconnection attempts: expected here.
    const refused = (e: string) =>
      e.includes(`ws://127.0.0.1:${port}/socket.io`) && e.includes('ERR_CONNECTION_REFUSED');
    guard.errors.splice(0, guard.errors.length, ...guard.errors.filter((e) => !refused(e)));
  } finally {
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(newBuild, { recursive: true, force: true });
  }
});
