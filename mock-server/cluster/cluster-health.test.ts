import { describe, expect, it } from 'vitest';
import type { FeedHealth } from '../../src/contract/feed-health';
import { ClusterHealth, mergeFeedHealth } from './cluster-health';

const base: FeedHealth = {
  source: 'city-management',
  state: 'down',
  connected: false,
  lastMessageAt: null,
  ratePerMin: 0,
  lagSeconds: null,
  expectedIntervalMs: 10_000,
  staleAfterMs: 30_000,
  received: 0,
  accepted: 0,
  duplicates: 0,
  quarantined: 0,
  errors: 0,
  lastError: null,
};

describe('feed health across nodes', () => {
  it('shows a poller that runs on the leader as healthy on a follower too', () => {
    const follower = base;
    const leader: FeedHealth = {
      ...base,
      state: 'healthy',
      connected: true,
      lastMessageAt: '2026-11-24T03:00:00.000Z',
      lastPolledAt: '2026-11-24T03:00:05.000Z',
      ratePerMin: 12,
      lagSeconds: 1.5,
      received: 40,
      accepted: 38,
      duplicates: 2,
    };
    expect(mergeFeedHealth([follower, leader])).toEqual({ ...leader });
  });

  it('adds up counts and rates of a webhook feed spread over nodes, keeping the latest message and its lag', () => {
    const a: FeedHealth = {
      ...base,
      source: 'hotline',
      state: 'healthy',
      connected: true,
      lastMessageAt: '2026-11-24T03:00:01.000Z',
      lagSeconds: 4,
      ratePerMin: 2.5,
      received: 10,
      accepted: 7,
      duplicates: 1,
      quarantined: 2,
      errors: 1,
      lastError: 'a failed',
    };
    const b: FeedHealth = {
      ...a,
      lastMessageAt: '2026-11-24T03:00:09.000Z',
      lagSeconds: 0.5,
      ratePerMin: 1.2,
      received: 5,
      accepted: 5,
      duplicates: 0,
      quarantined: 0,
      errors: 0,
      lastError: null,
    };
    const m = mergeFeedHealth([a, b]);
    expect(m).toMatchObject({
      received: 15,
      accepted: 12,
      duplicates: 1,
      quarantined: 2,
      errors: 1,
      ratePerMin: 3.7,
      lastMessageAt: b.lastMessageAt,
      lagSeconds: 0.5,
      lastError: 'a failed',
    });
    // The accounting identity holds for the sum as it held on each node.
    expect(m.received).toBe(m.accepted + m.duplicates + m.quarantined);
  });

  it('prefers the better state: one node receiving makes the feed healthy, stale beats waiting and down', () => {
    const s = (state: FeedHealth['state']) => ({ ...base, state });
    expect(mergeFeedHealth([s('stale'), s('healthy'), s('down')]).state).toBe('healthy');
    expect(mergeFeedHealth([s('down'), s('waiting'), s('stale')]).state).toBe('stale');
    expect(mergeFeedHealth([s('down'), s('waiting')]).state).toBe('waiting');
  });

  it('is the node’s own tracker when it runs alone', () => {
    const own = [{ ...base, received: 3 }];
    expect(new ClusterHealth({ all: () => own }, null).all()).toBe(own);
  });
});
