import type { FeedHealth, FeedState } from '../../src/contract/feed-health';
import type { IntakeOutcome } from '../../src/contract/rest';
import type { SourceId } from '../../src/contract/source';
import { toUtcInstant } from '../../src/contract/time';
import { TZDate } from '@date-fns/tz';

const RATE_WINDOW_S = 300;

interface Counters {
  received: number;
  accepted: number;
  duplicates: number;
  quarantined: number;
  errors: number;
  lastError: string | null;
  lastMessageAt: number | null;
  /** Polled sources: the last time the source answered a poll. */
  lastPolledAt: number | null;
  lagSeconds: number | null;
  connected: boolean;
  /** Arrivals per second over the rate window: a fixed ring, so memory does not grow with the rate. */
  buckets: Uint32Array;
  bucketSecond: number;
}

/**
 * Per-source accounting (received = accepted + updated + duplicates + stale + quarantined) and freshness.
 * A source is stale when it has been silent for `staleAfterMs`, and healthy again at its next message.
 */
export class FeedHealthTracker {
  private readonly feeds = new Map<
    SourceId,
    Counters & { expectedIntervalMs: number; staleAfterMs: number; activityAt?: (t: number) => number }
  >();

  constructor(
    feeds: {
      source: SourceId;
      expectedIntervalMs: number;
      /**
       * For a source whose rate follows the city's daily rhythm: the activity at a time (1 = mean). The interval
       * expected then is `expectedIntervalMs / activity`, so a quiet night is not a dead feed.
       */
      activityAt?: (t: number) => number;
    }[],
    private readonly staleFactor: number,
    private readonly now: () => number = Date.now,
  ) {
    for (const f of feeds) {
      this.feeds.set(f.source, {
        received: 0,
        accepted: 0,
        duplicates: 0,
        quarantined: 0,
        errors: 0,
        lastError: null,
        lastMessageAt: null,
        lastPolledAt: null,
        lagSeconds: null,
        connected: false,
        buckets: new Uint32Array(RATE_WINDOW_S),
        bucketSecond: 0,
        expectedIntervalMs: f.expectedIntervalMs,
        staleAfterMs: Math.round(f.expectedIntervalMs * staleFactor),
        ...(f.activityAt ? { activityAt: f.activityAt } : {}),
      });
    }
  }

  record(source: SourceId, outcome: IntakeOutcome, sourceTime?: string): void {
    const f = this.feed(source);
    const t = this.now();
    f.received += 1;
    f.connected = true;
    f.lastMessageAt = t;
    advance(f, t);
    f.buckets[Math.floor(t / 1000) % RATE_WINDOW_S]! += 1;
    if (outcome === 'quarantined') f.quarantined += 1;
    else if (outcome === 'duplicate' || outcome === 'stale') f.duplicates += 1;
    else f.accepted += 1;
    if (sourceTime) f.lagSeconds = Math.max(0, (t - Date.parse(sourceTime)) / 1000);
  }

  /** A transport-level failure (connection refused, poll failed): counted and shown, never swallowed. */
  error(source: SourceId, message: string): void {
    const f = this.feed(source);
    f.errors += 1;
    f.lastError = message;
  }

  /** A polling connector's source answered (with or without new records): it is connected and alive. */
  polled(source: SourceId): void {
    const f = this.feed(source);
    f.connected = true;
    f.lastPolledAt = this.now();
  }

  setConnected(source: SourceId, connected: boolean): void {
    this.feed(source).connected = connected;
  }

  get(source: SourceId): FeedHealth {
    const f = this.feed(source);
    const t = this.now();
    advance(f, t);
    let inWindow = 0;
    for (const n of f.buckets) inWindow += n;
    const { expectedIntervalMs, staleAfterMs } = this.intervalAt(f, t);
    return {
      source,
      state: this.stateOf(f, t, staleAfterMs),
      connected: f.connected,
      lastMessageAt: f.lastMessageAt === null ? null : toUtcInstant(f.lastMessageAt),
      ...(f.lastPolledAt === null ? {} : { lastPolledAt: toUtcInstant(f.lastPolledAt) }),
      ratePerMin: Math.round((inWindow / RATE_WINDOW_S) * 60 * 10) / 10,
      lagSeconds: f.lagSeconds === null ? null : Math.round(f.lagSeconds * 10) / 10,
      expectedIntervalMs,
      staleAfterMs,
      received: f.received,
      accepted: f.accepted,
      duplicates: f.duplicates,
      quarantined: f.quarantined,
      errors: f.errors,
      lastError: f.lastError,
    };
  }

  all(): FeedHealth[] {
    return [...this.feeds.keys()].map((s) => this.get(s));
  }

  private stateOf(f: Counters, t: number, staleAfterMs: number): FeedState {
    if (f.lastMessageAt === null) return f.connected ? 'waiting' : 'down';
    const lastHeard = Math.max(f.lastMessageAt, f.lastPolledAt ?? 0);
    if (t - lastHeard > staleAfterMs) return f.connected ? 'stale' : 'down';
    return 'healthy';
  }

  /** The interval expected now: fixed, or scaled by the city's activity for sources that follow its rhythm. */
  private intervalAt(
    f: { expectedIntervalMs: number; staleAfterMs: number; activityAt?: (t: number) => number },
    t: number,
  ): { expectedIntervalMs: number; staleAfterMs: number } {
    if (!f.activityAt) return f;
    const activity = Math.max(0.01, f.activityAt(t));
    const expectedIntervalMs = Math.max(1, Math.round(f.expectedIntervalMs / activity));
    return { expectedIntervalMs, staleAfterMs: Math.round(expectedIntervalMs * this.staleFactor) };
  }

  private feed(source: SourceId) {
    const f = this.feeds.get(source);
    if (!f) throw new Error(`no feed registered for source ${source}`);
    return f;
  }
}

/** Zeroes the ring's buckets for the seconds that passed since the last arrival. */
function advance(f: Counters, t: number): void {
  const second = Math.floor(t / 1000);
  const gap = Math.min(second - f.bucketSecond, RATE_WINDOW_S);
  for (let i = 1; i <= gap; i++) f.buckets[(f.bucketSecond + i) % RATE_WINDOW_S] = 0;
  if (second > f.bucketSecond) f.bucketSecond = second;
}

/** The city's activity at a time from its hourly profile (city pack `rhythm.hourly`, local hours). */
export function hourlyActivity(hourly: readonly number[], timezone: string): (t: number) => number {
  return (t) => hourly[new TZDate(t, timezone).getHours()] ?? 1;
}
