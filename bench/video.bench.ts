import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { buildApp, type App } from '../mock-server/app';
import { parseConfig } from '../mock-server/config';
import { FlvReader } from '../mock-server/media/flv';
import { resolveFfmpeg } from '../mock-server/media/ffmpeg-binary';
import { CLOCK_TEMPLATE, SCENE_FONT, sceneArgs, sceneLabel } from '../mock-server/media/scene';
import type { Camera } from '../src/contract/entities';
import { readTimecode, timecodeDelay, timecodeGeometry } from '../src/contract/video';
import type { Benchmark, Figure } from './figure';
import { envInt, inTempDir, median } from './measure';

const OPENS = envInt('BENCH_VIDEO_OPENS', 20);
const DELAY_FRAMES = envInt('BENCH_VIDEO_DELAY_FRAMES', 150);
const CPU_SECONDS = envInt('BENCH_VIDEO_CPU_SECONDS', 10);
const SIZE = '640x360';
const FPS = 15;
const PASSWORD = 'CityBrain-demo-2026'; // SEED_PASSWORD's default, seeded into the fresh store

/** The hook `/video?bench=1` installs (src/screens/video/bench-hook.ts). */
interface Hook {
  open(cameraId: string): Promise<{
    requestedAt: number;
    openedAt: number;
    connectAt: number;
    firstBytesAt: number | null;
    firstFrameAt: number | null;
  }>;
  close(): void;
  delays(frames: number): Promise<number[]>;
}
type HookWindow = { __cityBrainVideo: Hook };

/**
 * Live video, end to end, in Chromium (Debian's /usr/bin/chromium via playwright-core) against a fresh production
 * build served by the real server with its media gateway (ffmpeg from @ffmpeg-installer, 640×360 at 15 fps):
 * - open → first decoded frame (requestVideoFrameCallback), p50/p99 over `OPENS` cold opens (no stream running:
 *   the gateway spawns ffmpeg) and as many warm ones (the stream already runs for another viewer), split into
 *   stream start (server: spawn → first keyframe) and player start (first bytes in the page → first frame);
 * - glass-to-glass delay: the capture time burned into each frame as a block timecode, read back from the
 *   frame the page shows, against the frame's expected display time;
 * - CPU per running stream (/proc of its ffmpeg).
 * Floors from the same run: ffmpeg alone (same scene) from spawn to its first keyframe on stdout, and to exit
 * after one frame into the null muxer; the delay when ffmpeg decodes the same stream outside the browser.
 */
export const videoBench: Benchmark = {
  name: 'video',
  async run(log) {
    return inTempDir('video', async (dir) => {
      const outDir = join(dir, 'dist');
      log('vite build');
      await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } });
      const config = parseConfig({
        PORT: '0',
        DATA_DIR: join(dir, 'data'),
        STATIC_DIR: outDir,
        SIMULATORS: 'false',
        LOG_LEVEL: 'warn',
        VIDEO_IDLE_TIMEOUT_MS: '300',
        VIDEO_SIZE: SIZE,
        VIDEO_FPS: String(FPS),
      });
      const app = await buildApp(config, pino({ level: 'silent' }));
      const url = await app.listen();
      const cameras = await seedCameras(app, OPENS + 2);
      const browser = await chromium.launch({
        executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--autoplay-policy=no-user-gesture-required',
        ],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        const login = await page.request.post(`${url}/api/auth/login`, {
          data: { username: 'leader', password: PASSWORD },
        });
        if (!login.ok()) throw new Error(`login: ${login.status()}`);
        const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
        const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
        await page.goto(`${url}/video?bench=1`);
        await page.waitForFunction(
          () => '__cityBrainVideo' in window && document.documentElement.dataset['ready'] === 'true',
          undefined,
          {
            timeout: 60_000,
          },
        );
        const hook = {
          open: (id: string) =>
            page.evaluate(
              (id) =>
                Promise.race([
                  (window as unknown as HookWindow).__cityBrainVideo.open(id),
                  new Promise<never>((_, reject) =>
                    setTimeout(() => reject(new Error(`no frame of ${id} in 15 s`)), 15_000),
                  ),
                ]),
              id,
            ),
          close: () => page.evaluate(() => (window as unknown as HookWindow).__cityBrainVideo.close()),
          delays: (n: number) =>
            page.evaluate((n) => (window as unknown as HookWindow).__cityBrainVideo.delays(n), n),
        };
        const stopped = async (id: string) => {
          for (let i = 0; i < 100 && app.media.gateway.streamOf(id); i++) await sleep(50);
        };

        // Warm-up: the engine chunk loads once per page; not billed to the first measured open.
        await hook.open(cameras[OPENS + 1]!.id);
        await hook.close();
        await stopped(cameras[OPENS + 1]!.id);

        log(`${OPENS} cold opens`);
        const cold = {
          total: [] as number[],
          stream: [] as number[],
          player: [] as number[],
          url: [] as number[],
        };
        for (let i = 0; i < OPENS; i++) {
          const id = cameras[i]!.id;
          const t = await hook.open(id);
          const s = app.media.gateway.running().find((r) => r.cameraId === id)!;
          cold.total.push(t.firstFrameAt! - t.requestedAt);
          cold.stream.push(s.readyAt! - s.spawnedAt);
          cold.player.push(t.firstFrameAt! - t.firstBytesAt!);
          cold.url.push(t.connectAt - t.requestedAt);
          await hook.close();
          await stopped(id);
        }

        log(`${OPENS} warm opens (the stream runs for another viewer)`);
        const warmId = cameras[OPENS]!.id;
        const holder = await holdStream(url, cookie, csrf, warmId);
        const warm = { total: [] as number[], player: [] as number[] };
        for (let i = 0; i < OPENS; i++) {
          const t = await hook.open(warmId);
          warm.total.push(t.firstFrameAt! - t.requestedAt);
          warm.player.push(t.firstFrameAt! - t.firstBytesAt!);
          await hook.close();
          await sleep(100);
        }

        log('glass-to-glass delay and CPU per stream');
        await hook.open(warmId);
        await sleep(3000); // the player settles at the live edge
        const delays = await hook.delays(DELAY_FRAMES);
        const stream = app.media.gateway.streamOf(warmId)!;
        const cpu0 = await stream.cpuSeconds();
        const t0 = performance.now();
        await sleep(CPU_SECONDS * 1000);
        const cpu1 = await stream.cpuSeconds();
        const cpuPercent =
          cpu0 === null || cpu1 === null ? NaN : ((cpu1 - cpu0) / ((performance.now() - t0) / 1000)) * 100;
        log(
          `delay samples: ${delays.length} (of ${DELAY_FRAMES} frames; frames without a readable timecode are skipped)`,
        );
        const floorDelays = await decodeDelayFloor(
          url,
          cookie,
          csrf,
          warmId,
          resolveFfmpeg(config.FFMPEG_PATH),
        );
        await hook.close();
        holder.close();

        log('ffmpeg floors');
        const floors = await ffmpegFloors(dir, resolveFfmpeg(config.FFMPEG_PATH), 7);
        return [
          { name: 'video_first_frame_cold_p50', value: percentile(cold.total, 0.5), unit: 'ms' },
          { name: 'video_first_frame_cold_p99', value: percentile(cold.total, 0.99), unit: 'ms' },
          { name: 'video_cold_url_and_request_p50', value: percentile(cold.url, 0.5), unit: 'ms' },
          { name: 'video_stream_start_cold_p50', value: percentile(cold.stream, 0.5), unit: 'ms' },
          { name: 'video_stream_start_cold_p99', value: percentile(cold.stream, 0.99), unit: 'ms' },
          { name: 'video_stream_start_floor_p50', value: floors.keyframe, unit: 'ms' },
          { name: 'video_ffmpeg_one_frame_null_floor_p50', value: floors.nullMuxer, unit: 'ms' },
          { name: 'video_player_start_cold_p50', value: percentile(cold.player, 0.5), unit: 'ms' },
          { name: 'video_player_start_cold_p99', value: percentile(cold.player, 0.99), unit: 'ms' },
          { name: 'video_first_frame_warm_p50', value: percentile(warm.total, 0.5), unit: 'ms' },
          { name: 'video_first_frame_warm_p99', value: percentile(warm.total, 0.99), unit: 'ms' },
          { name: 'video_player_start_warm_p50', value: percentile(warm.player, 0.5), unit: 'ms' },
          { name: 'video_glass_to_glass_p50', value: percentile(delays, 0.5), unit: 'ms' },
          { name: 'video_glass_to_glass_p99', value: percentile(delays, 0.99), unit: 'ms' },
          { name: 'video_glass_to_glass_floor_p50', value: percentile(floorDelays, 0.5), unit: 'ms' },
          { name: 'video_cpu_per_stream', value: cpuPercent, unit: '% of a core', digits: 1 },
        ] satisfies Figure[];
      } finally {
        await browser.close();
        await app.close();
      }
    });
  },
};

/** `n` online cameras in the store (ids of 黄浦区, GB/T 28181 type 132). */
async function seedCameras(app: App, n: number): Promise<Camera[]> {
  const cameras: Camera[] = Array.from({ length: n }, (_, i) => ({
    id: `31010100001320${String(900_000 + i).padStart(6, '0')}`,
    name: `基准测试摄像机 ${i + 1}`,
    location: { lon: 121.48 + i * 0.001, lat: 31.23 },
    district: '310101',
    street: null,
    online: true,
    direction: null,
    alarmEventId: null,
    updatedAt: new Date().toISOString(),
  }));
  await app.states.put('cameras', cameras);
  return cameras;
}

async function signedPath(base: string, cookie: string, csrf: string, id: string): Promise<string> {
  const res = await fetch(`${base}/api/video/${id}/url`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
    body: '{}',
  });
  return ((await res.json()) as { url: string }).url;
}

/** A viewer outside the page that keeps a stream running (what makes the page's opens warm). */
async function holdStream(
  base: string,
  cookie: string,
  csrf: string,
  id: string,
): Promise<{ close(): void }> {
  const path = await signedPath(base, cookie, csrf, id);
  return new Promise((resolve, reject) => {
    const req = get(`${base}${path}`, { headers: { cookie }, agent: false }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`hold ${id}: ${res.statusCode}`));
      res.once('data', () => resolve({ close: () => req.destroy() }));
      res.resume();
    });
    req.on('error', (err) => {
      if (!req.destroyed) reject(err);
    });
  });
}

/**
 * The delay floor: ffmpeg (not a browser) decodes the same HTTP-FLV stream with minimal buffering; each frame's
 * timecode against the time its pixels reach us. What is left above this in the browser is the player's.
 */
async function decodeDelayFloor(
  base: string,
  cookie: string,
  csrf: string,
  id: string,
  ffmpeg: string,
): Promise<number[]> {
  const [w, h] = SIZE.split('x').map(Number) as [number, number];
  const path = await signedPath(base, cookie, csrf, id);
  const decoder = spawn(
    ffmpeg,
    [
      '-loglevel',
      'error',
      '-fflags',
      'nobuffer',
      '-flags',
      'low_delay',
      '-probesize',
      '32',
      '-analyzeduration',
      '0',
      '-f',
      'flv',
      '-i',
      'pipe:0',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'gray',
      'pipe:1',
    ],
    { stdio: ['pipe', 'pipe', 'ignore'] },
  );
  const delays: number[] = [];
  const g = timecodeGeometry(w, h);
  let pending = Buffer.alloc(0);
  const req = get(`${base}${path}`, { headers: { cookie }, agent: false }, (res) => res.pipe(decoder.stdin));
  req.on('error', () => undefined); // destroyed below, on purpose
  decoder.stdin.on('error', () => undefined); // the decoder is killed while we still write: expected
  await new Promise<void>((done) => {
    decoder.stdout.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= w * h) {
        const frame = pending.subarray(0, w * h);
        pending = pending.subarray(w * h);
        const code = readTimecode(g, (x, y, size) => {
          let sum = 0;
          for (let dy = 0; dy < size; dy++)
            for (let dx = 0; dx < size; dx++) sum += frame[(Math.round(y) + dy) * w + Math.round(x) + dx]!;
          return sum / (size * size);
        });
        if (code !== null) delays.push(timecodeDelay(code, Date.now()));
        if (delays.length >= DELAY_FRAMES) done();
      }
    });
    decoder.on('exit', () => done());
  });
  req.destroy();
  decoder.kill('SIGKILL');
  // The first frames are the GOP cache (older by design): the floor is the live part.
  return delays.slice(FPS);
}

/** ffmpeg alone with the same scene: spawn → first keyframe on stdout, and spawn → exit after one frame (null). */
async function ffmpegFloors(
  dir: string,
  ffmpeg: string,
  rounds: number,
): Promise<{ keyframe: number; nullMuxer: number }> {
  const [width, height] = SIZE.split('x').map(Number) as [number, number];
  writeFileSync(join(dir, 'label.txt'), sceneLabel({ id: '31010100001320999999', name: '基准测试摄像机' }));
  writeFileSync(join(dir, 'clock.txt'), CLOCK_TEMPLATE);
  const args = sceneArgs({
    width,
    height,
    fps: FPS,
    bitrateKbps: 800,
    fontFile: SCENE_FONT,
    labelFile: join(dir, 'label.txt'),
    clockFile: join(dir, 'clock.txt'),
    hue: 0,
  });
  const keyframe: number[] = [];
  const nullMuxer: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    const p = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    const reader = new FlvReader();
    await new Promise<void>((resolve) => {
      p.stdout.on('data', (chunk: Buffer) => {
        if (reader.push(chunk).tags.some((t) => t.keyframe)) resolve();
      });
      p.on('exit', () => resolve());
    });
    keyframe.push(performance.now() - t0);
    p.kill('SIGKILL');
    const nullArgs = [
      ...args.slice(0, args.indexOf('-f', args.indexOf('-flush_packets'))),
      '-frames:v',
      '1',
      '-f',
      'null',
      '/dev/null',
    ];
    const t1 = performance.now();
    await new Promise((resolve) => spawn(ffmpeg, nullArgs, { stdio: 'ignore' }).on('exit', resolve));
    nullMuxer.push(performance.now() - t1);
  }
  return { keyframe: median(keyframe), nullMuxer: median(nullMuxer) };
}

function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
