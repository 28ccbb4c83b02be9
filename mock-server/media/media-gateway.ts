import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { CodedError } from '../../src/contract/errors';
import { LiveStream, type EndReason, type StreamSink, type StreamTimes } from './live-stream';
import { CLOCK_TEMPLATE, SCENE_FONT, sceneArgs, sceneHue, sceneLabel } from './scene';

export interface MediaGatewayOptions {
  /** Encoders running at once, at most (each is one ffmpeg process). */
  maxStreams: number;
  /** A stream nobody watches is stopped this long after its last viewer left. */
  idleTimeoutMs: number;
  /** A stream that has produced no keyframe this long after spawning has failed. */
  startTimeoutMs: number;
  width: number;
  height: number;
  fps: number;
  bitrateKbps: number;
  /** The ffmpeg binary; resolved on the first stream (a missing binary fails that stream, not the server). */
  ffmpegPath: () => string;
  /** IANA zone of the burned-in clock (the city's). */
  timezone: string;
  log: Logger;
}

export interface StreamInfo extends StreamTimes {
  cameraId: string;
  pid: number | undefined;
  viewers: number;
  /** Viewers admitted (including those still waiting for the first keyframe). */
  holders: number;
  /** Epoch ms the last viewer left (the idle clock), or null while watched. */
  idleSince: number | null;
  bytesOut: number;
}

/** A viewer's hold on a stream; closing it may start the stream's idle clock. */
export interface Lease {
  stream: LiveStream;
  close(): void;
}

interface Entry {
  stream: LiveStream;
  holders: number;
  idleSince: number | null;
  idleTimer: ReturnType<typeof setTimeout> | null;
}

/**
 * The media gateway: one encoder per camera, started on demand by its first viewer and stopped
 * `idleTimeoutMs` after its last viewer left (a viewer who comes back in between finds it running: switching
 * tiles or reconnecting costs no restart). At most `maxStreams` encoders run; at the cap an idle stream is
 * stopped to make room, and with none idle the viewer is refused with VIDEO_CAPACITY.
 */
export class MediaGateway {
  private readonly streams = new Map<string, Entry>();
  private readonly workDir = mkdtempSync(join(tmpdir(), 'city-brain-media-'));
  private readonly clockFile = join(this.workDir, 'clock.txt');
  private closed = false;

  constructor(private readonly opts: MediaGatewayOptions) {
    writeFileSync(this.clockFile, CLOCK_TEMPLATE);
  }

  /** Admits a viewer of `camera`: resolves once the stream is playable and `sink` is attached. */
  async open(camera: { id: string; name: string }, sink: StreamSink): Promise<Lease> {
    if (this.closed) throw new CodedError('SHUTTING_DOWN', 'the media gateway is stopping');
    const entry = this.streams.get(camera.id) ?? this.start(camera);
    entry.holders++;
    this.cancelIdle(entry);
    let detach: () => void = () => undefined;
    let closed = false;
    const lease: Lease = {
      stream: entry.stream,
      close: () => {
        if (closed) return;
        closed = true;
        detach();
        entry.holders--;
        if (entry.holders === 0 && this.streams.get(entry.stream.cameraId) === entry) this.startIdle(entry);
      },
    };
    try {
      await entry.stream.ready;
    } catch (err) {
      lease.close();
      throw err;
    }
    if (!closed) detach = entry.stream.attach(sink);
    return lease;
  }

  /** Stops a camera's stream now (the camera went offline); its viewers' players reconnect and learn why. */
  async stop(cameraId: string, reason: EndReason): Promise<void> {
    const entry = this.streams.get(cameraId);
    if (entry) await this.remove(entry, reason);
  }

  running(): StreamInfo[] {
    return [...this.streams.values()].map((e) => ({
      cameraId: e.stream.cameraId,
      pid: e.stream.pid,
      viewers: e.stream.viewerCount,
      holders: e.holders,
      idleSince: e.idleSince,
      bytesOut: e.stream.bytesOut,
      ...e.stream.times,
    }));
  }

  /** The running stream of a camera (for CPU figures), if any. */
  streamOf(cameraId: string): LiveStream | undefined {
    return this.streams.get(cameraId)?.stream;
  }

  /** Ends every viewer and stops every encoder (before the HTTP server drains: streams never end by themselves). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.streams.values()].map((e) => this.remove(e, 'shutdown')));
    rmSync(this.workDir, { recursive: true, force: true });
  }

  private start(camera: { id: string; name: string }): Entry {
    if (this.streams.size >= this.opts.maxStreams) {
      const idle = [...this.streams.values()]
        .filter((e) => e.holders === 0)
        .sort((a, b) => a.idleSince! - b.idleSince!)[0];
      if (!idle) {
        throw new CodedError(
          'VIDEO_CAPACITY',
          `all ${this.opts.maxStreams} video channels are in use; close a video or try again shortly`,
        );
      }
      this.opts.log.info(
        { camera: idle.stream.cameraId, for: camera.id },
        'idle stream stopped to make room',
      );
      void this.remove(idle, 'idle');
    }
    const labelFile = join(this.workDir, `${camera.id}.txt`);
    writeFileSync(labelFile, sceneLabel(camera));
    const o = this.opts;
    const args = sceneArgs({
      width: o.width,
      height: o.height,
      fps: o.fps,
      bitrateKbps: o.bitrateKbps,
      fontFile: SCENE_FONT,
      labelFile,
      clockFile: this.clockFile,
      hue: sceneHue(camera.id),
    });
    let path: string;
    try {
      path = o.ffmpegPath();
    } catch (err) {
      o.log.error({ err }, 'no ffmpeg binary');
      throw new CodedError('VIDEO_START_FAILED', 'the media gateway has no ffmpeg binary');
    }
    const entry: Entry = {
      stream: new LiveStream(
        camera.id,
        { path, args, env: { ...process.env, TZ: o.timezone } },
        o.startTimeoutMs,
        o.log,
        (s) => {
          const e = this.streams.get(s.cameraId);
          if (e?.stream === s) {
            this.cancelIdle(e);
            this.streams.delete(s.cameraId);
          }
        },
      ),
      holders: 0,
      idleSince: Date.now(),
      idleTimer: null,
    };
    this.streams.set(camera.id, entry);
    o.log.info({ camera: camera.id, pid: entry.stream.pid }, 'video stream started');
    return entry;
  }

  private startIdle(entry: Entry): void {
    entry.idleSince = Date.now();
    this.cancelIdle(entry);
    entry.idleTimer = setTimeout(() => {
      entry.idleTimer = null;
      if (entry.holders === 0) void this.remove(entry, 'idle');
    }, this.opts.idleTimeoutMs);
    entry.idleTimer.unref();
  }

  private cancelIdle(entry: Entry): void {
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    entry.idleTimer = null;
    if (entry.holders > 0) entry.idleSince = null;
  }

  private async remove(entry: Entry, reason: EndReason): Promise<void> {
    this.cancelIdle(entry);
    if (this.streams.get(entry.stream.cameraId) === entry) this.streams.delete(entry.stream.cameraId);
    this.opts.log.info({ camera: entry.stream.cameraId, reason }, 'video stream stopped');
    await entry.stream.stop(reason);
  }
}
