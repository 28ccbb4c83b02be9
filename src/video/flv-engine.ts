import mpegts from 'mpegts.js';
import { ApiError, ErrorCode } from '../contract/errors';

/**
 * The playback engine, loaded on demand (this module and mpegts.js are a chunk of their own: the wall's first
 * load carries none of it). HTTP-FLV through mpegts.js: the gateway pushes each frame as soon as x264 emits it,
 * mpegts.js remuxes FLV to fragmented MP4 for Media Source Extensions with its stash buffer off, and chases the
 * live edge when the browser's buffer grows (see docs/ARCHITECTURE.md, "Live video").
 */

export type EngineFailure =
  /** The server refused the stream: the catalogue code from its error body (null if it sent none). */
  | { kind: 'refused'; status: number; code: ErrorCode | null }
  /** The connection failed or broke, or the media could not be decoded. */
  | { kind: 'broken'; message: string }
  /** The server ended the stream (camera offline, stream stopped, server restarting). */
  | { kind: 'ended' };

export interface EngineHooks {
  /** performance.now() of the first bytes of the stream (response body). */
  onFirstBytes(at: number): void;
  onFailure(f: EngineFailure): void;
}

export interface Engine {
  destroy(): void;
}

type LoaderCtor = NonNullable<mpegts.Config['customLoader']>;
/** mpegts.js types a loader error as the whole LoaderErrors table; at run time it is one of its strings. */
const loaderError = (k: 'EXCEPTION' | 'HTTP_STATUS_CODE_INVALID') =>
  mpegts.LoaderErrors[k] as unknown as mpegts.LoaderErrors;
type Base = InstanceType<mpegts.BaseLoaderConstructor>;

/**
 * A fetch loader that reads the catalogue code of a refused stream (mpegts.js's own loader keeps only the HTTP
 * status, and a 403 may mean an expired URL — fetch another — or a camera outside the officer's districts — do
 * not) and reports the stream's first bytes (the split between stream start and player start).
 */
function codedLoader(hooks: EngineHooks): LoaderCtor {
  const BaseLoader = mpegts.BaseLoader as unknown as new (type: string) => Base;
  const { kConnecting, kBuffering, kComplete, kError } = mpegts.LoaderStatus;
  return class CodedFetchLoader extends BaseLoader {
    private abortController: AbortController | null = null;

    constructor() {
      super('coded-fetch-loader');
      this._needStash = false;
    }

    override destroy(): void {
      this.abort();
      super.destroy();
    }

    override open(source: mpegts.MediaSegment): void {
      const ac = new AbortController();
      this.abortController = ac;
      this._status = kConnecting;
      void this.read(source.url, ac.signal).catch((err: unknown) => {
        if (ac.signal.aborted) return; // we stopped it: nothing to report
        this._status = kError;
        this.onError?.(loaderError('EXCEPTION'), {
          code: -1,
          msg: err instanceof Error ? err.message : String(err),
        });
      });
    }

    override abort(): void {
      this.abortController?.abort();
      this.abortController = null;
    }

    private async read(url: string, signal: AbortSignal): Promise<void> {
      const res = await fetch(url, { signal, cache: 'no-store', credentials: 'same-origin' });
      if (!res.ok || !res.body) {
        const body = ApiError.safeParse(await res.json().catch(() => null));
        this._status = kError;
        this.onError?.(loaderError('HTTP_STATUS_CODE_INVALID'), {
          code: res.status,
          msg: body.success ? body.data.error.code : '',
        });
        return;
      }
      this._status = kBuffering;
      const reader = res.body.getReader();
      let received = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (received === 0) hooks.onFirstBytes(performance.now());
        const chunk = value.buffer.slice(
          value.byteOffset,
          value.byteOffset + value.byteLength,
        ) as ArrayBuffer;
        this.onDataArrival?.(chunk, received, received + chunk.byteLength);
        received += chunk.byteLength;
      }
      this._status = kComplete;
      this.onComplete?.(0, received - 1);
    }
  } as unknown as LoaderCtor;
}

/** Plays `url` (an HTTP-FLV stream) in `video`; failures and the end of the stream are reported once each. */
export function startEngine(video: HTMLVideoElement, url: string, hooks: EngineHooks): Engine {
  let done = false;
  const report = (f: EngineFailure) => {
    if (done) return;
    done = true;
    hooks.onFailure(f);
  };
  const player = mpegts.createPlayer(
    { type: 'flv', isLive: true, hasAudio: false, hasVideo: true, url },
    {
      enableWorker: false,
      enableStashBuffer: false,
      lazyLoad: false,
      autoCleanupSourceBuffer: true,
      autoCleanupMaxBackwardDuration: 30,
      autoCleanupMinBackwardDuration: 10,
      // Stay at the live edge: play faster (smoothly) while more than 0.5 s is buffered, down to 0.25 s; a jump
      // forward only if the buffer grows past 1.5 s (the tab was hidden, the decoder stalled). A viewer who joins
      // a running stream starts at its last keyframe (up to a GOP, 1 s, old) and catches up within seconds.
      liveSync: true,
      liveSyncMaxLatency: 0.5,
      liveSyncTargetLatency: 0.25,
      liveSyncPlaybackRate: 1.5,
      liveBufferLatencyChasing: true,
      liveBufferLatencyMaxLatency: 1.5,
      liveBufferLatencyMinRemain: 0.3,
      customLoader: codedLoader({ ...hooks, onFailure: report }),
      // No statistics (we do not read them); mpegts.js's reporter timer can outlive a destroyed player.
      statisticsInfoReportInterval: 2 ** 31 - 1,
    },
  );
  player.on(
    mpegts.Events.ERROR,
    (type: string, detail: string, info: { code?: number; msg?: string } | undefined) => {
      if (detail === mpegts.ErrorDetails.NETWORK_STATUS_CODE_INVALID) {
        const code = ErrorCode.safeParse(info?.msg);
        report({ kind: 'refused', status: info?.code ?? 0, code: code.success ? code.data : null });
      } else {
        report({ kind: 'broken', message: `${type}: ${detail}${info?.msg ? ` (${info.msg})` : ''}` });
      }
    },
  );
  player.on(mpegts.Events.LOADING_COMPLETE, () => report({ kind: 'ended' }));
  player.attachMediaElement(video);
  player.load();
  void Promise.resolve(player.play()).catch((err: unknown) => {
    // Muted autoplay is allowed everywhere we run; a refusal is still a failure the tile shows.
    report({
      kind: 'broken',
      message: `play() refused: ${err instanceof Error ? err.message : String(err)}`,
    });
  });
  return {
    destroy() {
      done = true;
      player.pause();
      player.unload();
      player.detachMediaElement();
      player.destroy();
    },
  };
}

// mpegts.js logs to the console by itself; the player shows every failure on its tile instead.
mpegts.LoggingControl.applyConfig({ enableAll: false });
