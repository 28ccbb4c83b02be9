import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTimecode, TIMECODE_MODULUS, timecodeBlocks, timecodeGeometry } from '../../src/contract/video';
import { resolveFfmpeg } from './ffmpeg-binary';
import { CLOCK_TEMPLATE, filterValue, SCENE_FONT, sceneArgs, sceneLabel } from './scene';

const W = 320;
const H = 180;
const FPS = 10;
// A directory whose name has every character the filtergraph treats specially.
const dir = mkdtempSync(join(tmpdir(), "scene it's [a]:b,c;d "));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Renders `seconds` of a camera's scene through x264 + FLV, decodes it again, returns grey frames. */
async function render(
  name: string,
  seconds: number,
): Promise<{ frames: Buffer[]; from: number; to: number }> {
  const font = join(dir, 'font.ttf');
  copyFileSync(SCENE_FONT, font);
  writeFileSync(join(dir, 'label.txt'), sceneLabel({ id: '31010100001320000001', name }));
  writeFileSync(join(dir, 'clock.txt'), CLOCK_TEMPLATE);
  const args = sceneArgs({
    width: W,
    height: H,
    fps: FPS,
    bitrateKbps: 400,
    fontFile: font,
    labelFile: join(dir, 'label.txt'),
    clockFile: join(dir, 'clock.txt'),
    hue: 200,
  });
  const ffmpeg = resolveFfmpeg(undefined);
  const from = Date.now();
  const encoder = spawn(ffmpeg, ['-t', String(seconds), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const decoder = spawn(
    ffmpeg,
    ['-loglevel', 'error', '-i', 'pipe:0', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  encoder.stdout.pipe(decoder.stdin);
  let errors = '';
  encoder.stderr.on('data', (d: Buffer) => (errors += d.toString()));
  const chunks: Buffer[] = [];
  decoder.stdout.on('data', (d: Buffer) => chunks.push(d));
  const [code] = await Promise.all([
    new Promise((r) => encoder.on('exit', r)),
    new Promise((r) => decoder.on('exit', r)),
  ]);
  expect(errors).toBe('');
  expect(code).toBe(0);
  const raw = Buffer.concat(chunks);
  const frames = [];
  for (let i = 0; i + W * H <= raw.length; i += W * H) frames.push(raw.subarray(i, i + W * H));
  return { frames, from, to: Date.now() };
}

const lumaReader = (frame: Buffer) => (x: number, y: number, size: number) => {
  let sum = 0;
  for (let dy = 0; dy < size; dy++)
    for (let dx = 0; dx < size; dx++) sum += frame[(Math.round(y) + dy) * W + Math.round(x) + dx]!;
  return sum / (size * size);
};

describe('the simulated camera scene', () => {
  it('burns a machine-readable capture time into every frame that survives H.264 and reads back in order', async () => {
    const { frames, from, to } = await render('黄浦区南京东路/河南中路东南角', 2);
    expect(frames.length).toBeGreaterThanOrEqual(FPS * 2 - 1);
    const g = timecodeGeometry(W, H);
    const codes = frames.map((f) => readTimecode(g, lumaReader(f)));
    expect(codes.every((c) => c !== null)).toBe(true);
    // Every capture time lies within the run, and frames are one frame interval apart (paced at real time).
    for (const c of codes as number[]) {
      expect((c - (from % TIMECODE_MODULUS) + TIMECODE_MODULUS) % TIMECODE_MODULUS).toBeLessThanOrEqual(
        to - from,
      );
    }
    const gaps = (codes as number[])
      .slice(1)
      .map((c, i) => (c - codes[i]! + TIMECODE_MODULUS) % TIMECODE_MODULUS);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(mean).toBeGreaterThan((1000 / FPS) * 0.8);
    expect(mean).toBeLessThan((1000 / FPS) * 1.25);
  });

  it('draws a vendor’s hostile camera name verbatim (no expansion, no filtergraph injection)', async () => {
    const { frames } = await render("x'%{pts}',drawbox=w=iw:h=ih:t=fill[out];\\ <script>", 1);
    expect(frames.length).toBeGreaterThan(0);
    // An injected full-frame box would have hidden the timecode.
    expect(readTimecode(timecodeGeometry(W, H), lumaReader(frames[0]!))).not.toBeNull();
  });
});

describe('timecode blocks', () => {
  it('round-trips through the reader and refuses a frame without markers or with a flipped bit', () => {
    const g = timecodeGeometry(640, 360);
    const ms = 1_795_551_700_775;
    const paint = (blocks: number[]) => (x: number) => (blocks[Math.floor((x - g.x) / g.block)]! ? 235 : 16);
    expect(readTimecode(g, paint(timecodeBlocks(ms)))).toBe(ms % TIMECODE_MODULUS);
    const flipped = timecodeBlocks(ms);
    flipped[7] = 1 - flipped[7]!;
    expect(readTimecode(g, paint(flipped))).toBeNull();
    expect(readTimecode(g, () => 16)).toBeNull();
  });

  it('escapes filtergraph values at both levels', () => {
    expect(filterValue("/a b/it's:x,[y];z\\")).toBe("/a b/it\\\\\\'s\\\\:x\\,\\[y\\]\\;z\\\\\\\\");
  });
});
