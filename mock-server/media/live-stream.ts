import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { CodedError } from '../../src/contract/errors';
import { FlvReader, TAG_SCRIPT, withTimestamp, type FlvTag } from './flv';

/** Why a viewer's stream ended (sent to the log; the player reconnects and learns the rest from the route). */
export type EndReason = 'stopped' | 'idle' | 'slow' | 'offline' | 'revoked' | 'shutdown' | 'failed';

/** Where one viewer's bytes go (an HTTP response). */
export interface StreamSink {
  /** Queues bytes for the viewer. */
  write(chunk: Buffer): void;
  /** Bytes queued and not yet taken by the viewer's connection. */
  readonly backlog: number;
  end(reason: EndReason): void;
}

/** Above this backlog a viewer skips frames until the next keyframe (it catches up instead of lagging)… */
const SKIP_BACKLOG = 1024 * 1024;
/** …and above this it is dropped: its player reconnects. A slow viewer never makes the server's memory grow. */
const DROP_BACKLOG = 4 * 1024 * 1024;
/** Stderr kept for the log when ffmpeg fails. */
const STDERR_KEEP = 4096;

interface Viewer {
  sink: StreamSink;
  /** The source timestamp that is 0 for this viewer. */
  base: number | null;
  /** Skipping until the next keyframe (joined late or fell behind). */
  skipping: boolean;
}

export interface StreamTimes {
  /** Epoch ms: ffmpeg spawned, its first bytes, its first keyframe (the stream is playable from then on). */
  spawnedAt: number;
  firstBytesAt: number | null;
  readyAt: number | null;
}

/**
 * One camera's running encoder and its viewers: ffmpeg's FLV output is split into tags and fanned out. A
 * viewer who joins late gets the FLV header, the metadata and the H.264 sequence header, then the frames since
 * the last keyframe (GOP cache), so its first picture comes at once instead of at the next keyframe; every
 * viewer's timestamps start at 0.
 */
export class LiveStream {
  readonly times: StreamTimes;
  readonly ready: Promise<void>;
  private readonly proc: ChildProcessByStdio<null, Readable, Readable>;
  private readonly reader = new FlvReader();
  private readonly viewers = new Set<Viewer>();
  private header: Buffer | null = null;
  private metadata: FlvTag | null = null;
  private sequenceHeader: FlvTag | null = null;
  private gop: FlvTag[] = [];
  private stderr = '';
  private exited = false;
  private readonly exit: Promise<void>;
  private settle!: { resolve: () => void; reject: (e: Error) => void };
  private bytes = 0;
  private stopping = false;

  constructor(
    readonly cameraId: string,
    command: { path: string; args: string[]; env: NodeJS.ProcessEnv },
    startTimeoutMs: number,
    private readonly log: Logger,
    private readonly onExit: (stream: LiveStream) => void,
  ) {
    this.times = { spawnedAt: Date.now(), firstBytesAt: null, readyAt: null };
    this.ready = new Promise<void>((resolve, reject) => (this.settle = { resolve, reject }));
    // A stream nobody waits on any more must not surface as an unhandled rejection.
    this.ready.catch(() => undefined);
    this.proc = spawn(command.path, command.args, { stdio: ['ignore', 'pipe', 'pipe'], env: command.env });
    const timeout = setTimeout(() => this.fail(`no keyframe within ${startTimeoutMs} ms`), startTimeoutMs);
    this.ready.then(
      () => clearTimeout(timeout),
      () => clearTimeout(timeout),
    );
    this.proc.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.proc.stderr.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-STDERR_KEEP);
    });
    this.exit = new Promise((resolve) => {
      this.proc.on('error', (err) => {
        // Spawn failed (no binary, not executable): there will be no 'exit'.
        this.fail(`cannot start ffmpeg: ${err.message}`);
        this.finish();
        resolve();
      });
      this.proc.on('exit', (code, signal) => {
        if (this.times.readyAt === null)
          this.fail(`ffmpeg exited (${code ?? signal}) before the first keyframe`);
        // ffmpeg answers our SIGTERM with exit code 255: only an exit we did not ask for is worth a warning.
        else if (!this.stopping)
          this.log.warn({ camera: cameraId, code, signal, stderr: this.stderr }, 'encoder exited');
        this.finish();
        resolve();
      });
    });
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  get viewerCount(): number {
    return this.viewers.size;
  }

  get bytesOut(): number {
    return this.bytes;
  }

  /** Adds a viewer (call after `ready`): it gets the stream's start and the frames since the last keyframe. */
  attach(sink: StreamSink): () => void {
    if (this.exited || !this.header) {
      sink.end('stopped');
      return () => undefined;
    }
    const viewer: Viewer = { sink, base: null, skipping: false };
    sink.write(this.header);
    if (this.metadata) sink.write(withTimestamp(this.metadata.bytes, 0));
    if (this.sequenceHeader) sink.write(withTimestamp(this.sequenceHeader.bytes, 0));
    for (const tag of this.gop) this.send(viewer, tag);
    this.viewers.add(viewer);
    return () => this.viewers.delete(viewer);
  }

  /** Ends every viewer with `reason` and stops the encoder; resolves when the process is gone. */
  async stop(reason: EndReason): Promise<void> {
    this.stopping = true;
    this.endViewers(reason);
    if (!this.exited) {
      this.proc.kill('SIGTERM');
      const kill = setTimeout(() => this.proc.kill('SIGKILL'), 2000);
      await this.exit;
      clearTimeout(kill);
    }
  }

  /** CPU time ffmpeg has used so far, seconds (Linux /proc; null elsewhere or once it has exited). */
  async cpuSeconds(): Promise<number | null> {
    if (this.exited || this.proc.pid === undefined) return null;
    try {
      const stat = await readFile(`/proc/${this.proc.pid}/stat`, 'utf8');
      // Fields after the command name (which may contain spaces) start at its closing parenthesis.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15 of proc(5))
      return ticks / CLOCK_TICKS;
    } catch {
      return null; // not Linux, or the process just exited: no figure, said so by null
    }
  }

  private onData(chunk: Buffer): void {
    this.times.firstBytesAt ??= Date.now();
    let parsed;
    try {
      parsed = this.reader.push(chunk);
    } catch (err) {
      this.log.error({ err, camera: this.cameraId }, 'encoder output is not FLV');
      void this.stop('failed');
      return;
    }
    if (parsed.header) this.header = parsed.header;
    for (const tag of parsed.tags) this.onTag(tag);
  }

  private onTag(tag: FlvTag): void {
    if (tag.type === TAG_SCRIPT) {
      this.metadata ??= tag;
      return;
    }
    if (tag.sequenceHeader) {
      this.sequenceHeader = tag;
      return;
    }
    if (tag.keyframe) {
      this.gop = [];
      if (this.times.readyAt === null) {
        this.times.readyAt = Date.now();
        this.settle.resolve();
      }
    }
    if (this.times.readyAt === null) return; // nothing decodable before the first keyframe
    this.gop.push(tag);
    for (const viewer of this.viewers) this.send(viewer, tag);
  }

  private send(viewer: Viewer, tag: FlvTag): void {
    const backlog = viewer.sink.backlog;
    if (backlog > DROP_BACKLOG) {
      this.viewers.delete(viewer);
      viewer.sink.end('slow');
      return;
    }
    if (backlog > SKIP_BACKLOG) viewer.skipping = true;
    if (viewer.skipping) {
      if (!tag.keyframe) return;
      viewer.skipping = false;
    }
    viewer.base ??= tag.timestamp;
    const out = withTimestamp(tag.bytes, tag.timestamp - viewer.base);
    this.bytes += out.length;
    viewer.sink.write(out);
  }

  private fail(message: string): void {
    if (this.times.readyAt !== null) return;
    if (this.stopping) {
      this.settle.reject(new CodedError('VIDEO_START_FAILED', 'the stream was stopped before it started'));
      return;
    }
    this.log.error(
      { camera: this.cameraId, stderr: this.stderr.trim() },
      `video stream failed to start: ${message}`,
    );
    this.settle.reject(
      new CodedError('VIDEO_START_FAILED', `camera stream could not be started: ${message}`),
    );
    if (!this.exited) this.proc.kill('SIGKILL');
  }

  private finish(): void {
    if (this.exited) return;
    this.exited = true;
    this.endViewers('stopped');
    this.onExit(this);
  }

  private endViewers(reason: EndReason): void {
    for (const v of this.viewers) v.sink.end(reason);
    this.viewers.clear();
  }
}

/** Linux's USER_HZ: /proc times are in 1/100 s on every mainstream architecture. */
const CLOCK_TICKS = 100;
