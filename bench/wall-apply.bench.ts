import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pino } from 'pino';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { buildApp } from '../mock-server/app';
import { parseConfig } from '../mock-server/config';
import type { Benchmark, Figure } from './figure';
import { envInt, inTempDir } from './measure';

const EVENTS = envInt('BENCH_WALL_EVENTS', 100_000);
const BATCH = envInt('BENCH_WALL_BATCH', 1_000);
const BATCHES = envInt('BENCH_WALL_BATCHES', 200);
const WALL_TOKEN = 'demo-wall-token-ops-centre-01'; // SEED_WALL_TOKEN's default, seeded into the fresh store

interface Manifest {
  [src: string]: { file: string; isEntry?: boolean; imports?: string[]; dynamicImports?: string[] };
}

/**
 * The wall's client costs, in Chromium (Debian's /usr/bin/chromium via playwright-core) against a fresh
 * production build served by the real server:
 * - applying a batch of `BATCH` event deltas (80 % updates, 10 % new, 10 % removed) to a store holding
 *   `EVENTS` events, through the socket client's apply path with the wall's real subscribers attached
 *   (map layers, panels), next to the same updates on a plain Map in the same page (the floor);
 * - the work deferred off that path (panel derivations, clustering) over the whole store, for information;
 * - the first-load JavaScript of /wall: the entry chunk, the wall route's chunk and their static imports
 *   (gzip), from the build's manifest; lazily loaded chunks (charts, the bench hook) are not counted.
 * The page is served cross-origin isolated (COOP/COEP), so performance.now() has 5 µs resolution, not 100 µs.
 */
export const wallApplyBench: Benchmark = {
  name: 'wall-apply',
  async run(log) {
    return inTempDir('wall', async (dir) => {
      const outDir = join(dir, 'dist');
      log('vite build');
      await build({
        logLevel: 'warn',
        build: { outDir, emptyOutDir: true, manifest: true, sourcemap: false },
      });
      const firstLoad = firstLoadGzipKb(outDir);
      log(`first-load JS: ${firstLoad.files.join(', ')}`);

      const config = parseConfig({
        PORT: '0',
        DATA_DIR: join(dir, 'data'),
        STATIC_DIR: outDir,
        SIMULATORS: 'false',
        LOG_LEVEL: 'warn',
      });
      const app = await buildApp(config, pino({ level: 'silent' }));
      const url = await app.listen();
      const browser = await chromium.launch({
        executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--enable-unsafe-swiftshader',
          '--disable-background-networking',
        ],
      });
      try {
        const page = await browser.newPage({
          viewport: { width: 1920, height: 1080 },
          reducedMotion: 'reduce',
        });
        // Cross-origin isolation for precise timers: every resource is same-origin, so COEP costs nothing.
        await page.route(
          (u) => u.pathname === '/wall',
          async (route) => {
            const res = await route.fetch();
            await route.fulfill({
              response: res,
              headers: {
                ...res.headers(),
                'cross-origin-opener-policy': 'same-origin',
                'cross-origin-embedder-policy': 'require-corp',
              },
            });
          },
        );
        await page.goto(`${url}/wall?token=${WALL_TOKEN}&bench=1`);
        await page.waitForFunction(
          () => document.documentElement.dataset['ready'] === 'true' && '__cityBrainBench' in window,
          undefined,
          { timeout: 120_000, polling: 500 },
        );
        const isolated = await page.evaluate(() => crossOriginIsolated);
        log(`page ready (cross-origin isolated: ${isolated}); seeding ${EVENTS} events`);
        await page.evaluate((n) => (window as unknown as BenchWindow).__cityBrainBench.seed(n), EVENTS);
        await page.waitForTimeout(3000); // let the throttled panels and the map settle on the seeded store
        await page.evaluate((b) => (window as unknown as BenchWindow).__cityBrainBench.run(20, b), BATCH); // warm-up
        await page.waitForTimeout(2000);
        const r = await page.evaluate(
          ([n, b]) => (window as unknown as BenchWindow).__cityBrainBench.run(n, b),
          [BATCHES, BATCH] as const,
        );
        log(`store holds ${r.size} events after ${BATCHES} batches`);
        const derive = await page.evaluate(() =>
          (window as unknown as BenchWindow).__cityBrainBench.deriveOnce(),
        );
        const apply50 = percentile(r.apply, 0.5);
        const floor50 = percentile(r.floor, 0.5);
        return [
          { name: 'wall_apply_1000_p50', value: apply50, unit: 'ms', digits: 3 },
          { name: 'wall_apply_1000_p99', value: percentile(r.apply, 0.99), unit: 'ms', digits: 3 },
          { name: 'wall_apply_map_floor_p50', value: floor50, unit: 'ms', digits: 3 },
          { name: 'wall_apply_map_floor_p99', value: percentile(r.floor, 0.99), unit: 'ms', digits: 3 },
          { name: 'wall_apply_ratio', value: apply50 / floor50, unit: '', digits: 2 },
          { name: 'wall_deferred_panels_100k', value: derive.panels, unit: 'ms', digits: 1 },
          { name: 'wall_deferred_clusters_100k', value: derive.clusters, unit: 'ms', digits: 1 },
          { name: 'wall_first_load_js_gzip', value: firstLoad.kb, unit: 'kB', digits: 1 },
        ] satisfies Figure[];
      } finally {
        await browser.close();
        await app.close();
      }
    });
  },
};

/** The hook `/wall?bench=1` installs in the page (src/screens/wall/bench-hook.ts). */
interface BenchHook {
  seed(n: number): void;
  run(batches: number, size: number): { apply: number[]; floor: number[]; size: number };
  deriveOnce(): { panels: number; clusters: number };
}
type BenchWindow = { __cityBrainBench: BenchHook };

function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/** Gzip kB of the entry chunk, the /wall route chunk and everything they import statically (CSS excluded). */
function firstLoadGzipKb(outDir: string): { kb: number; files: string[] } {
  const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
  const wall = Object.keys(manifest).find((k) => k.endsWith('src/screens/wall/wall-screen.tsx'));
  if (!entry || !wall) throw new Error('manifest has no entry or no wall route chunk');
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const i of manifest[key]?.imports ?? []) visit(i);
  };
  visit(entry);
  visit(wall);
  const files = [...seen].map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js'));
  const bytes = files.reduce((n, f) => n + gzipSync(readFileSync(join(outDir, f))).length, 0);
  return { kb: bytes / 1000, files };
}
