import { join } from 'node:path';
import { TIMECODE_BITS, timecodeGeometry } from '../../src/contract/video';

/** The Chinese-capable font burned into frames (OFL; see fonts/README.md). */
export const SCENE_FONT = join(import.meta.dirname, 'fonts', 'NotoSansSC-Regular.ttf');

export interface SceneOptions {
  width: number;
  height: number;
  fps: number;
  /** Target video bitrate, kbit/s (capped; x264 in constant-quality mode under the cap). */
  bitrateKbps: number;
  fontFile: string;
  /** A file holding the camera's label (name and id), drawn verbatim (no expansion: names are vendor data). */
  labelFile: string;
  /** A file holding the clock's drawtext template (see CLOCK_TEMPLATE). */
  clockFile: string;
  /** Hue rotation of the test pattern, degrees: tells tiles apart at a glance. */
  hue: number;
}

/**
 * The burned-in clock in the city's local time with milliseconds, from the frame's capture time (its pts is
 * the wall clock at capture, see `sceneArgs`). Written to a file so no filtergraph escaping applies to it.
 */
export const CLOCK_TEMPLATE = '%{pts:localtime:0:%Y-%m-%d %H\\:%M\\:%S}.%{eif:mod(t*1000,1000):d:3}';

/**
 * ffmpeg arguments that render a camera's live test scene and write it as FLV (H.264, no audio) to stdout:
 *
 *   testsrc2 ─ hue ─ settb 1 ms ─ setpts = wall clock ─ label ─ clock ─ timecode blocks ─ setpts = elapsed ─ x264
 *
 * `-re` paces the synthetic source at real time, so a frame leaves the filter when it is "captured". Its pts is
 * set to the wall clock then (RTCTIME, µs → ms), which the clock text and the timecode blocks draw; afterwards the
 * pts becomes the time since start again (FLV has 32-bit ms timestamps). x264 runs ultrafast + zerolatency
 * (no B-frames, no lookahead, one thread), one keyframe a second so a viewer can join within a second, and every
 * packet is flushed to the pipe at once (the FLV muxer would otherwise hold frames in its 32 kB buffer).
 */
export function sceneArgs(o: SceneOptions): string[] {
  const g = timecodeGeometry(o.width, o.height);
  const fontSize = Math.max(10, Math.round(o.height / 18));
  const font = `fontfile=${filterValue(o.fontFile)}`;
  const T = 'floor(t*1000)';
  const bit = (i: number) => `mod(floor(${T}/${2 ** i}),2)`;
  const parity = `mod(${Array.from({ length: TIMECODE_BITS }, (_, i) => bit(i)).join('+')},2)`;
  const block = (i: number, enable: string | null) =>
    `drawbox=x=${g.x + i * g.block}:y=${g.y}:w=${g.block}:h=${g.block}:color=white:t=fill` +
    (enable ? `:enable='${enable}'` : '');
  const pad = Math.max(2, Math.floor(g.block / 4));
  const filters = [
    `hue=h=${Math.round(o.hue) % 360}`,
    'settb=1/1000',
    'setpts=RTCTIME/1000',
    `drawtext=${font}:textfile=${filterValue(o.labelFile)}:expansion=none:fontsize=${fontSize}:fontcolor=white:` +
      `line_spacing=${Math.round(fontSize / 4)}:box=1:boxcolor=black@0.6:boxborderw=${pad * 2}:x=${pad * 3}:y=${pad * 3}`,
    `drawtext=${font}:textfile=${filterValue(o.clockFile)}:fontsize=${fontSize}:fontcolor=white:` +
      `box=1:boxcolor=black@0.6:boxborderw=${pad * 2}:x=w-tw-${pad * 3}:y=${pad * 3}`,
    // A black backdrop, the white marker, then the bits and the parity (each block white when its bit is 1).
    `drawbox=x=${g.x - pad}:y=${g.y - pad}:w=${g.count * g.block + 2 * pad}:h=${g.block + 2 * pad}:color=black:t=fill`,
    block(0, null),
    ...Array.from({ length: TIMECODE_BITS }, (_, i) => block(2 + i, bit(i))),
    block(2 + TIMECODE_BITS, parity),
    'setpts=(RTCTIME-RTCSTART)/1000',
  ];
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-re',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${o.width}x${o.height}:rate=${o.fps}`,
    '-filter_threads',
    '1',
    '-vf',
    filters.join(','),
    '-an',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-tune',
    'zerolatency',
    '-profile:v',
    'baseline',
    '-pix_fmt',
    'yuv420p',
    '-threads',
    '1',
    '-g',
    String(o.fps),
    '-keyint_min',
    String(o.fps),
    '-sc_threshold',
    '0',
    '-crf',
    '26',
    '-maxrate',
    `${o.bitrateKbps}k`,
    '-bufsize',
    `${Math.round(o.bitrateKbps / 2)}k`,
    '-flush_packets',
    '1',
    '-f',
    'flv',
    '-flvflags',
    'no_duration_filesize',
    'pipe:1',
  ];
}

/**
 * A value inside a filtergraph option, escaped for both levels ffmpeg unescapes: the option parser (`\ ' :`)
 * and the filtergraph parser (`\ ' [ ] , ;`). Paths with any of those characters stay intact.
 */
export function filterValue(s: string): string {
  const option = s.replace(/[\\':]/g, (c) => `\\${c}`);
  return option.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

/** The label drawn on a camera's frames: its name (control characters removed) and its GB/T 28181 id. */
export function sceneLabel(camera: { id: string; name: string }): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const name = camera.name.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  return `${name}\n${camera.id}`;
}

/** A stable hue per camera (its serial), so neighbouring tiles look different. */
export function sceneHue(cameraId: string): number {
  let h = 0;
  for (const c of cameraId) h = (h * 31 + c.charCodeAt(0)) % 360;
  return h;
}
