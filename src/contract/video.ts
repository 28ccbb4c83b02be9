import { z } from 'zod';
import { UtcInstant } from './time';

/**
 * Live video (雪亮工程): the video wall's saved layouts, and the machine-readable timecode every simulated
 * stream burns into its frames (the media gateway draws it, the player and the bench read it back to measure
 * glass-to-glass delay). Stream URLs themselves are `VideoUrl` (auth.ts): signed, short-lived, per session.
 */

/** A GB/T 28181 device id: 20 decimal digits. */
export const CameraId = z.string().regex(/^\d{20}$/, 'a 20-digit GB/T 28181 device id');

/** Tiles on the video wall: 1×1, 2×2, 3×3, 4×4. */
export const VideoGrid = z.union([z.literal(1), z.literal(4), z.literal(9), z.literal(16)]);
export type VideoGrid = z.infer<typeof VideoGrid>;
export const VIDEO_GRIDS: readonly VideoGrid[] = [1, 4, 9, 16];

/** Patrol (轮巡): the tiles step through a camera group, a page of tiles at a time, every `intervalSeconds`. */
export const VideoPatrol = z.object({
  cameraIds: z.array(CameraId).min(1).max(256),
  intervalSeconds: z.number().int().min(5).max(600),
});
export type VideoPatrol = z.infer<typeof VideoPatrol>;

/** What a user saves: the grid, the camera on each tile (null: empty), and optionally a patrol group. */
export const VideoLayoutInput = z.object({
  name: z.string().trim().min(1).max(40),
  grid: VideoGrid,
  tiles: z.array(CameraId.nullable()).max(16),
  patrol: VideoPatrol.nullable().default(null),
});
export type VideoLayoutInput = z.input<typeof VideoLayoutInput>;

/** A saved layout of the video wall (per user, server-side: it follows the officer to any seat). */
export const VideoLayout = VideoLayoutInput.extend({ id: z.string(), updatedAt: UtcInstant });
export type VideoLayout = z.infer<typeof VideoLayout>;

/**
 * The burned-in timecode: a row of black/white blocks near the bottom-left of every frame — a white and a
 * black marker, `TIMECODE_BITS` bits of the capture time (epoch ms modulo 2^bits, least significant first) and an
 * even-parity bit. 2^24 ms ≈ 4.7 h: plenty to tell a delay of seconds, and the blocks stay big enough to survive
 * compression at small resolutions.
 */
export const TIMECODE_BITS = 24;
export const TIMECODE_MODULUS = 2 ** TIMECODE_BITS;
const TIMECODE_BLOCKS = 2 + TIMECODE_BITS + 1;

export interface TimecodeGeometry {
  /** Block edge, px. */
  block: number;
  /** Top-left of the first block. */
  x: number;
  y: number;
  /** Blocks in the row (markers, bits, parity). */
  count: number;
}

/** Where the timecode sits in a frame of `width`×`height` (the same function draws and reads it). */
export function timecodeGeometry(width: number, height: number): TimecodeGeometry {
  const block = Math.max(6, Math.floor(width / 40));
  return { block, x: block, y: height - 2 * block, count: TIMECODE_BLOCKS };
}

/** The block values (1 white, 0 black) that encode `epochMs`, markers and parity included. */
export function timecodeBlocks(epochMs: number): number[] {
  const v = Math.floor(epochMs) % TIMECODE_MODULUS;
  const bits = Array.from({ length: TIMECODE_BITS }, (_, i) => Math.floor(v / 2 ** i) % 2);
  return [1, 0, ...bits, bits.reduce((a, b) => a ^ b, 0)];
}

/**
 * Reads the timecode from a frame, given the mean luma (0–255) of a block's centre. Null when the markers or
 * the parity do not check out (no timecode there, or a frame torn by a decoder).
 */
export function readTimecode(
  geometry: TimecodeGeometry,
  lumaAt: (x: number, y: number, size: number) => number,
): number | null {
  const { block, x, y, count } = geometry;
  const inner = Math.max(2, Math.floor(block / 2));
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    const luma = lumaAt(x + i * block + (block - inner) / 2, y + (block - inner) / 2, inner);
    values.push(luma >= 128 ? 1 : 0);
  }
  if (values[0] !== 1 || values[1] !== 0) return null;
  const bits = values.slice(2, 2 + TIMECODE_BITS);
  if (bits.reduce((a, b) => a ^ b, 0) !== values[count - 1]) return null;
  return bits.reduce((sum, b, i) => sum + b * 2 ** i, 0);
}

/** Delay from a timecode to `nowMs`, in ms, modulo the timecode's range (never negative). */
export function timecodeDelay(code: number, nowMs: number): number {
  return (
    ((((Math.floor(nowMs) % TIMECODE_MODULUS) - code) % TIMECODE_MODULUS) + TIMECODE_MODULUS) %
    TIMECODE_MODULUS
  );
}
