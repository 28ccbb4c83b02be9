import type { Logger } from 'pino';
import type { SourceId } from '../../src/contract/source';
import type { FeedHealthTracker } from '../pipeline/feed-health';

export interface PollLoopOptions {
  source: SourceId;
  health: Pick<FeedHealthTracker, 'error' | 'setConnected' | 'polled'>;
  log: Logger;
  /** Gap between the end of one successful poll and the start of the next. */
  intervalMs: number;
  /** Longest wait between retries after failures (default: 6 × interval, at least 1 s). */
  maxBackoffMs?: number;
  /** One poll: reads the source and resolves once what it read is stored; throws when the source failed. */
  poll(signal: AbortSignal): Promise<void>;
}

export interface PollLoop {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Consecutive failed polls so far (0 after a success). */
  readonly failures: number;
}

/**
 * Runs a connector's polls one after another (never overlapping, so a slow source is not asked twice at once),
 * with exponential backoff after failures. A failed poll is counted on the feed (`health.error`, shown on the
 * wall) and marks it disconnected; the next success marks it connected and alive again (`health.polled`: a
 * source that answers "nothing new" at night is quiet, not stale).
 */
export function createPollLoop(opts: PollLoopOptions): PollLoop {
  const maxBackoff = opts.maxBackoffMs ?? Math.max(1_000, opts.intervalMs * 6);
  const base = Math.min(opts.intervalMs, 1_000);
  let timer: NodeJS.Timeout | undefined;
  let abort = new AbortController();
  let running: Promise<void> = Promise.resolve();
  let failures = 0;
  let stopped = true;

  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      // `once` handles the source's failures; this catches our own (e.g. a health report that throws), so a
      // bug is logged and retried rather than killing the loop with an unhandled rejection.
      running = once().then(schedule, (err: unknown) => {
        opts.log.error({ err, source: opts.source }, 'poll loop failed; retrying');
        schedule(maxBackoff);
      });
    }, delay);
  };
  const once = async (): Promise<number> => {
    try {
      await opts.poll(abort.signal);
      failures = 0;
      opts.health.polled(opts.source);
      return opts.intervalMs;
    } catch (err) {
      if (stopped) return 0;
      failures += 1;
      const message = (err as Error).message;
      opts.health.error(opts.source, message);
      opts.health.setConnected(opts.source, false);
      const delay = Math.min(maxBackoff, base * 2 ** (failures - 1));
      opts.log.warn({ source: opts.source, err: message, failures, retryInMs: delay }, 'poll failed');
      return delay;
    }
  };

  return {
    get failures() {
      return failures;
    },
    async start() {
      if (!stopped) return;
      stopped = false;
      abort = new AbortController();
      schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      abort.abort();
      await running;
    },
  };
}
